import { Logger, stderrSink, type LogLevel } from './logger';
import { RotatingFileSink, type LogSink } from './rotating-file';

export { Logger, MemorySink, stderrSink, formatLine, LOG_LEVELS, MAX_LINE, type LogLevel, type LogFn, type LoggerOptions } from './logger';
export { RotatingFileSink, type LogSink, type RotatingFileOptions } from './rotating-file';

export interface FileLoggerOptions {
  dir: string;
  level?: LogLevel;
  maxBytes?: number;
  keep?: number;
  /** Also write to stderr (development). */
  mirror?: boolean;
  now?: () => number;
}

/** The host's logger: rotating files in `dir` (the support bundle's `logsDir`). */
export function createFileLogger(opts: FileLoggerOptions): { logger: Logger; file: RotatingFileSink } {
  const file = new RotatingFileSink({ dir: opts.dir, maxBytes: opts.maxBytes, keep: opts.keep });
  const sinks: LogSink[] = opts.mirror ? [file, stderrSink] : [file];
  return { logger: new Logger({ sinks, level: opts.level, now: opts.now }), file };
}
