/**
 * Log files that cannot fill the disk of a kiosk left alone for months: `kiosk.log` grows to
 * `maxBytes`, then becomes `kiosk.1.log` (older ones shift up to `kiosk.<keep>.log`, the oldest is
 * deleted). Writes are synchronous appends so the lines before a crash are in the file.
 */
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface RotatingFileOptions {
  dir: string;
  baseName?: string;
  /** 1 MB holds several days of a busy counter's info-level lines. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. */
  keep?: number;
}

export interface LogSink {
  write(line: string): void;
  close?(): void;
}

export class RotatingFileSink implements LogSink {
  readonly dir: string;
  readonly baseName: string;
  readonly maxBytes: number;
  readonly keep: number;
  private fd: number | null = null;
  private size = 0;
  /** Lines lost because the disk refused them (full, removed); shown in the support bundle. */
  dropped = 0;

  constructor(opts: RotatingFileOptions) {
    this.dir = opts.dir;
    this.baseName = opts.baseName ?? 'kiosk';
    this.maxBytes = Math.max(1024, opts.maxBytes ?? 1_000_000);
    this.keep = Math.max(1, opts.keep ?? 5);
    mkdirSync(this.dir, { recursive: true });
  }

  get currentFile(): string {
    return join(this.dir, `${this.baseName}.log`);
  }

  private rotated(i: number): string {
    return join(this.dir, `${this.baseName}.${i}.log`);
  }

  write(line: string): void {
    const data = Buffer.from(line.endsWith('\n') ? line : line + '\n', 'utf8');
    try {
      if (this.fd === null) this.openCurrent();
      if (this.size > 0 && this.size + data.length > this.maxBytes) this.rotate();
      writeSync(this.fd!, data);
      this.size += data.length;
    } catch {
      // A logger must never take the kiosk down: count the loss and try again on the next line.
      this.dropped++;
      this.closeFd();
    }
  }

  close(): void {
    this.closeFd();
  }

  /** Existing log files, newest first (the support bundle reads them in this order). */
  files(): string[] {
    const names = new Set(readdirSync(this.dir));
    const out = names.has(`${this.baseName}.log`) ? [this.currentFile] : [];
    for (let i = 1; i <= this.keep; i++) if (names.has(`${this.baseName}.${i}.log`)) out.push(this.rotated(i));
    return out;
  }

  private openCurrent(): void {
    this.fd = openSync(this.currentFile, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.closeFd();
    rmSync(this.rotated(this.keep), { force: true });
    for (let i = this.keep - 1; i >= 1; i--) {
      if (existsSync(this.rotated(i))) renameSync(this.rotated(i), this.rotated(i + 1));
    }
    renameSync(this.currentFile, this.rotated(1));
    this.openCurrent();
  }

  private closeFd(): void {
    if (this.fd === null) return;
    try { closeSync(this.fd); } catch { /* already gone */ }
    this.fd = null;
  }
}
