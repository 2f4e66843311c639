import { redactBounded, redactValue } from '../../shared/privacy/redact';
import { Logger, stderrSink, type LogFn, type LogLevel } from './logger';
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

/**
 * A host's own log (the shell, the bridge dispatcher, the web host): into the host services' file
 * logger, which redacts at the source and is what a support bundle carries, and a redacted copy to
 * the launcher's console (`mirror`), so that neither receives a path, message or field the
 * redactor would have removed.
 */
export function hostLog(logger: Logger | undefined, mirror?: LogFn): LogFn {
  return (msg, data) => {
    logger?.info(msg, data);
    mirror?.(redactBounded(msg), data === undefined ? undefined : (redactValue(data) as object));
  };
}
