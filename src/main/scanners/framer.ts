/**
 * Serial framer: bytes in, frames or errors out. Pure (no ports, no timers) so every framing
 * rule is tested without hardware; the port supervisor owns the silence timer and calls `flush`.
 */
import { MAX_SCAN_TEXT } from '../../shared/scan/raw-scan';
import type { FramerErrorCode } from '../../shared/scan/errors';

export type TerminatorMode = 'auto' | 'cr' | 'lf' | 'crlf' | 'none';

export interface FramerOptions {
  terminator: TerminatorMode;
  /** Stripped from the start of a frame when present (a scanner's configured prefix). */
  prefix: string;
  /** Stripped from the end of a frame when present. */
  suffix: string;
  /** Bytes per frame before the terminator; beyond this the frame is dropped as `frame-overflow`. */
  maxFrame: number;
}

export type { FramerErrorCode };

export type FramerOutput =
  | { kind: 'frame'; text: string }
  | { kind: 'error'; code: FramerErrorCode; hex: string };

const CR = 0x0d;
const LF = 0x0a;
/** Bytes of an offending frame shown in an error: enough to diagnose, short enough for a UI row. */
export const HEX_DUMP_LIMIT = 64;
/** RawScan caps text at 4 KB × 4 chars; an ASCII frame longer than that could never be delivered. */
const HARD_FRAME_CAP = MAX_SCAN_TEXT * 4;

export function hexDump(bytes: Uint8Array, limit = HEX_DUMP_LIMIT): string {
  const shown = bytes.subarray(0, limit);
  let out = '';
  for (let i = 0; i < shown.length; i++) {
    if (i > 0) out += ' ';
    out += (shown[i] as number).toString(16).padStart(2, '0');
  }
  return bytes.length > limit ? `${out} …(+${bytes.length - limit})` : out;
}

export class Framer {
  private readonly opts: FramerOptions;
  private readonly cap: number;
  private readonly prefix: Uint8Array;
  private readonly suffix: Uint8Array;
  // ignoreBOM keeps a leading BOM in the text: the domain parser flags it instead of us hiding it.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private buf: Uint8Array;
  private len = 0;
  /** After an overflow, bytes are dropped until the next terminator (or silence in `none` mode). */
  private discarding = false;
  /** The previous chunk ended in CR: a leading LF belongs to that CRLF, not to a new frame. */
  private afterCr = false;

  constructor(opts: FramerOptions) {
    this.opts = opts;
    this.cap = Math.min(opts.maxFrame, HARD_FRAME_CAP);
    const enc = new TextEncoder();
    this.prefix = enc.encode(opts.prefix);
    this.suffix = enc.encode(opts.suffix);
    this.buf = new Uint8Array(Math.min(this.cap + 2, 256));
  }

  /** Bytes waiting for a terminator (or, in `none` mode, for silence). */
  get pending(): number {
    return this.len;
  }

  get discardingOverflow(): boolean {
    return this.discarding;
  }

  push(chunk: Uint8Array): FramerOutput[] {
    const out: FramerOutput[] = [];
    const mode = this.opts.terminator;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (mode !== 'none') {
        const wasAfterCr = this.afterCr;
        this.afterCr = b === CR;
        if (mode === 'auto' || mode === 'cr' || mode === 'lf') {
          if (mode === 'auto' && b === LF && wasAfterCr) continue; // second half of CRLF
          if ((b === CR && mode !== 'lf') || (b === LF && mode !== 'cr')) {
            this.endFrame(out);
            continue;
          }
        } else if (b === LF && wasAfterCr) {
          // crlf: the CR was buffered as data; it is part of the terminator instead.
          if (!this.discarding) this.len--;
          this.endFrame(out);
          continue;
        }
      }
      this.append(b, out);
    }
    return out;
  }

  /** Ends the pending frame: called by the owner after the inter-byte silence in `none` mode. */
  flush(): FramerOutput[] {
    const out: FramerOutput[] = [];
    this.afterCr = false;
    this.endFrame(out);
    return out;
  }

  private append(b: number, out: FramerOutput[]): void {
    if (this.discarding) return;
    // In crlf mode a CR may be the first half of the terminator, so it may sit one past the cap.
    const room = this.opts.terminator === 'crlf' && b === CR ? this.cap + 1 : this.cap;
    if (this.len >= room) {
      out.push({ kind: 'error', code: 'frame-overflow', hex: hexDump(this.buf.subarray(0, this.len)) });
      this.len = 0;
      this.discarding = true;
      return;
    }
    if (this.len === this.buf.length) {
      const bigger = new Uint8Array(Math.min(this.buf.length * 2, this.cap + 2));
      bigger.set(this.buf);
      this.buf = bigger;
    }
    this.buf[this.len++] = b;
  }

  private endFrame(out: FramerOutput[]): void {
    if (this.discarding) {
      this.discarding = false;
      this.len = 0;
      return;
    }
    let start = 0;
    let end = this.len;
    if (startsWith(this.buf, start, end, this.prefix)) start += this.prefix.length;
    if (endsWith(this.buf, start, end, this.suffix)) end -= this.suffix.length;
    this.len = 0;
    // An empty frame is the idle line noise of some scanners (a bare CR or LF), not a scan.
    if (end <= start) return;
    const bytes = this.buf.subarray(start, end);
    try {
      out.push({ kind: 'frame', text: this.decoder.decode(bytes) });
    } catch {
      out.push({ kind: 'error', code: 'invalid-utf8', hex: hexDump(bytes) });
    }
  }
}

function startsWith(buf: Uint8Array, start: number, end: number, pat: Uint8Array): boolean {
  if (pat.length === 0 || end - start < pat.length) return false;
  for (let i = 0; i < pat.length; i++) if (buf[start + i] !== pat[i]) return false;
  return true;
}

function endsWith(buf: Uint8Array, start: number, end: number, pat: Uint8Array): boolean {
  if (pat.length === 0 || end - start < pat.length) return false;
  const from = end - pat.length;
  for (let i = 0; i < pat.length; i++) if (buf[from + i] !== pat[i]) return false;
  return true;
}
