/** Collects a ScannerService's events for the serial tests and waits on them. */
import type { ScannerStatus } from '../../src/shared/bridge/contract';
import type { RawScan } from '../../src/shared/scan/raw-scan';
import type { ScannerErrorEvent, ScannerRawEvent, ScannerService } from '../../src/main/scanners';

export interface Recorder {
  scans: RawScan[];
  statuses: ScannerStatus[];
  errors: ScannerErrorEvent[];
  raws: ScannerRawEvent[];
  texts(id?: string): string[];
  lastState(id: string): string | undefined;
  stop(): void;
}

export function record(service: ScannerService, opts: { raw?: boolean } = {}): Recorder {
  const r = { scans: [] as RawScan[], statuses: [] as ScannerStatus[], errors: [] as ScannerErrorEvent[], raws: [] as ScannerRawEvent[] };
  const offs = [
    service.on('scan', (e) => r.scans.push(e)),
    service.on('status', (s) => r.statuses.push(s)),
    service.on('error', (e) => r.errors.push(e)),
    ...(opts.raw ? [service.on('raw', (e) => r.raws.push(e))] : []),
  ];
  return {
    ...r,
    texts: (id) => r.scans.filter((s) => id === undefined || s.device === id).map((s) => s.text),
    lastState: (id) => r.statuses.filter((s) => s.id === id).at(-1)?.state,
    stop: () => offs.forEach((off) => off()),
  };
}

export async function waitFor(pred: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<number> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return Date.now() - t0;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
