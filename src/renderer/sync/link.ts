/**
 * What the engine knows of its line to the gateway, measured from its own exchanges
 * (docs/SYNC-PROTOCOL.md §4.3): round-trip time (small exchanges) and throughput (large ones),
 * both as moving averages. From them:
 * - each request's deadline: room for the round trip and the bytes it carries, several times over,
 *   never below the configured one (which still catches a dead line quickly on small requests),
 *   so a 400 ms line with a large page or batch is not cut by a fixed deadline;
 * - the feed page size: halved after a page was lost on the way (a cut mid-page or a timeout), so a
 *   line that drops every few seconds still gets whole pages through, and grown back after each
 *   page that arrived;
 * - the batch size: what the line uploads in a few seconds, within the protocol's 100.
 * Bytes are those of the JSON text (the renderer does not see what compression made of them);
 * the throughput is measured in the same unit, so the ratio holds.
 */

export interface LinkOptions {
  /** The deadline before anything is measured, and the least ever used (ms). */
  floorMs: number;
  /** The most a request is ever given (ms). */
  ceilingMs?: number;
  /** Page size asked when nothing went wrong. */
  pageSize: number;
  /** Batch size (≤ 100) when the line is fast enough. */
  batchSize: number;
}

/** Exchanges carrying less than this are round-trip samples. */
const SMALL = 8 * 1024;
const ALPHA = 0.3;
const ewma = (prev: number | null, x: number): number => (prev === null ? x : prev + ALPHA * (x - prev));

export class LinkEstimator {
  private rtt: number | null = null;
  /** Bytes per ms. */
  private rate: number | null = null;
  private limit: number;

  constructor(private readonly o: LinkOptions) {
    this.limit = o.pageSize;
  }

  get estimate(): { rttMs: number | null; bytesPerSecond: number | null; pageSize: number } {
    return { rttMs: this.rtt, bytesPerSecond: this.rate === null ? null : this.rate * 1000, pageSize: this.limit };
  }

  /** One exchange that was answered: how long it took and the bytes it carried both ways. */
  observe(ms: number, bytes: number): void {
    if (!(ms >= 0)) return;
    if (bytes < SMALL) {
      this.rtt = ewma(this.rtt, ms);
      return;
    }
    const transfer = Math.max(1, ms - (this.rtt ?? 0));
    this.rate = ewma(this.rate, bytes / transfer);
  }

  /** The deadline of a request expected to carry about `bytes` both ways. */
  timeoutFor(bytes: number): number {
    const ceiling = this.o.ceilingMs ?? 120_000;
    if (this.rtt === null) return this.o.floorMs;
    const transfer = this.rate === null ? 0 : bytes / this.rate;
    const expected = this.rtt + transfer;
    return Math.min(ceiling, Math.max(this.o.floorMs, Math.round(4 * expected + 1_000)));
  }

  /** Page size to ask for now. */
  get pageSize(): number {
    return this.limit;
  }

  /** A page did not arrive whole (cut, timeout): ask for smaller ones. */
  pageLost(): void {
    this.limit = Math.max(25, Math.floor(this.limit / 2));
  }

  /** A page arrived: grow back towards the configured size. */
  pageArrived(): void {
    this.limit = Math.min(this.o.pageSize, this.limit * 2);
  }

  /** Mutations per batch: what the line carries in ≈ 5 s at `bytesPerMutation`, within [10, batchSize]. */
  batchSize(bytesPerMutation: number): number {
    if (this.rate === null || bytesPerMutation <= 0) return this.o.batchSize;
    const fit = Math.floor((5_000 * this.rate) / bytesPerMutation);
    return Math.max(Math.min(10, this.o.batchSize), Math.min(this.o.batchSize, fit));
  }
}

/** Size of a JSON value as text (what the estimator counts). */
export function jsonBytes(value: unknown): number {
  if (value === undefined || value === null) return 0;
  try {
    return JSON.stringify(value).length;
  } catch {
    return 0;
  }
}
