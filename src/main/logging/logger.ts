/**
 * A small structured logger: one JSON object per line (`t`, `level`, `msg`, then fields), levels,
 * child loggers with bound fields, and redaction AT THE SOURCE: the message and every field pass
 * through src/shared/privacy/redact.ts before a sink sees them, so no sink (file, console, a
 * future upload) can receive an ID number or a CCCD payload.
 */
import { redactBounded, redactValue } from '../../shared/privacy/redact';
import type { LogSink } from './rotating-file';

export const LOG_LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof LOG_LEVELS;
export type LogFn = (msg: string, data?: object) => void;

export interface LoggerOptions {
  sinks: LogSink[];
  level?: LogLevel;
  now?: () => number;
  bindings?: Record<string, unknown>;
}

/** A line longer than this is cut to its message (a runaway field must not fill the file). */
export const MAX_LINE = 16 * 1024;
const RESERVED = new Set(['t', 'level', 'msg']);

export class Logger {
  private readonly sinks: LogSink[];
  private readonly now: () => number;
  private readonly bindings: Record<string, unknown>;
  private threshold: { value: number };

  constructor(opts: LoggerOptions, threshold?: { value: number }) {
    this.sinks = opts.sinks;
    this.now = opts.now ?? Date.now;
    this.bindings = opts.bindings ?? {};
    this.threshold = threshold ?? { value: LOG_LEVELS[opts.level ?? 'info'] };
  }

  /** Changes the level of this logger and of every child (they share the threshold). */
  setLevel(level: LogLevel): void {
    this.threshold.value = LOG_LEVELS[level];
  }

  child(bindings: Record<string, unknown>): Logger {
    return new Logger({ sinks: this.sinks, now: this.now, bindings: { ...this.bindings, ...bindings } }, this.threshold);
  }

  debug(msg: string, fields?: object): void { this.log('debug', msg, fields); }
  info(msg: string, fields?: object): void { this.log('info', msg, fields); }
  warn(msg: string, fields?: object): void { this.log('warn', msg, fields); }
  error(msg: string, fields?: object): void { this.log('error', msg, fields); }

  /** `(msg, data?)` at info level, the shape the Electron shell, the dispatcher and services take. */
  readonly fn: LogFn = (msg, data) => this.info(msg, data);

  log(level: LogLevel, msg: string, fields?: object): void {
    if (LOG_LEVELS[level] < this.threshold.value) return;
    const line = formatLine(this.now(), level, msg, { ...this.bindings, ...(fields ?? {}) });
    for (const s of this.sinks) {
      try { s.write(line); } catch { /* a sink failure never reaches the caller */ }
    }
  }
}

/** Builds one redacted JSON line (exported for the tests and the support bundle's own lines). */
export function formatLine(at: number, level: LogLevel, msg: string, fields: object): string {
  const data = redactValue(fields) as Record<string, unknown>;
  const rec: Record<string, unknown> = { t: new Date(at).toISOString(), level, msg: redactBounded(String(msg)) };
  for (const [k, v] of Object.entries(data)) rec[RESERVED.has(k) ? `_${k}` : k] = v;
  const line = JSON.stringify(rec);
  if (line.length <= MAX_LINE) return line;
  return JSON.stringify({ t: rec.t, level, msg: rec.msg, truncated: line.length });
}

/** Mirrors lines to stderr (development, and journald when the host runs as a service). */
export const stderrSink: LogSink = { write: (line) => { process.stderr.write(line.endsWith('\n') ? line : line + '\n'); } };

/** Keeps lines in memory (tests, and the console's "recent log" view). */
export class MemorySink implements LogSink {
  readonly lines: string[] = [];
  constructor(private readonly limit = 1000) {}
  write(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
  }
}
