/**
 * Tells a wrong baud rate from a merely bad scan. A port read at the wrong speed turns every byte
 * into framing garbage: NULs, stray control codes and bytes that cannot be UTF-8. A scanner at the
 * right speed sends printable text (any script) plus a few separators, so a high share of such
 * bytes over the recent window is the technician's hint to change the baud rate.
 */

export interface LineQualityOptions {
  /** Recent bytes judged together; long enough that one odd byte does not flip the verdict. */
  window: number;
  /** Bytes needed before any verdict, so a short burst of noise at plug-in is not a diagnosis. */
  minBytes: number;
  /** Share of suspect bytes in the window from which the line is called garbled. */
  threshold: number;
}

export const DEFAULT_LINE_QUALITY: LineQualityOptions = { window: 64, minBytes: 16, threshold: 0.3 };

/** Control bytes a scanner legitimately sends: TAB, LF, CR, EOT, GS/RS (GS1 and ISO 15434 separators). */
const ALLOWED_CONTROLS = new Set([0x09, 0x0a, 0x0d, 0x04, 0x1d, 0x1e]);

export class LineQuality {
  private readonly opts: LineQualityOptions;
  private readonly ring: Uint8Array;
  private pos = 0;
  private seen = 0;
  private bad = 0;
  /** UTF-8 continuation bytes still expected by the current multi-byte sequence. */
  private need = 0;
  /** Ring positions of the sequence in progress, so an interrupted sequence counts as suspect. */
  private seqStarts: number[] = [];

  constructor(opts: LineQualityOptions = DEFAULT_LINE_QUALITY) {
    this.opts = opts;
    this.ring = new Uint8Array(opts.window);
  }

  reset(): void {
    this.ring.fill(0);
    this.pos = 0;
    this.seen = 0;
    this.bad = 0;
    this.need = 0;
    this.seqStarts = [];
  }

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) this.pushByte(chunk[i] as number);
  }

  /** Share of suspect bytes in the window (0 before any byte). */
  get ratio(): number {
    const n = Math.min(this.seen, this.opts.window);
    return n === 0 ? 0 : this.bad / n;
  }

  get garbled(): boolean {
    return this.seen >= this.opts.minBytes && this.ratio >= this.opts.threshold;
  }

  private pushByte(b: number): void {
    if (this.need > 0) {
      if ((b & 0xc0) === 0x80) {
        this.need--;
        this.record(0);
        if (this.need === 0) this.seqStarts = [];
        return;
      }
      // The sequence broke off: its lead and continuation bytes were garbage after all.
      for (const at of this.seqStarts) this.mark(at);
      this.need = 0;
      this.seqStarts = [];
    }
    if (b < 0x20) return this.record(ALLOWED_CONTROLS.has(b) ? 0 : 1);
    if (b < 0x7f) return this.record(0);
    if (b === 0x7f || b < 0xc2 || b > 0xf4) return this.record(1);
    this.need = b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
    this.seqStarts = [this.pos];
    this.record(0);
  }

  private record(isBad: 0 | 1): void {
    if (this.seen >= this.opts.window && this.ring[this.pos] === 1) this.bad--;
    this.ring[this.pos] = isBad;
    this.bad += isBad;
    if (this.need > 0 && this.seqStarts[0] !== this.pos) this.seqStarts.push(this.pos);
    this.pos = (this.pos + 1) % this.opts.window;
    this.seen++;
  }

  private mark(at: number): void {
    if (this.ring[at] === 0) {
      this.ring[at] = 1;
      this.bad++;
    }
  }
}
