/**
 * Scanner folder → counter (docs/PERFORMANCE.md, "Files"): a flatbed or feeder scanner writes a
 * page into the folder the host watches (settings `scanFolder`); the page must be offered to the
 * counter within 1 s of the scanner finishing it. Measured over the real host services (their
 * `ScanFolderWatcher`, default settle time and poll) in a temporary folder: from the close of the
 * file's last write to the `scanFolder.file` event the counter listens to, and to the file read
 * back whole through the bridge's handler in the counter's 192 KiB pieces. Each page is written as
 * a scanner does, in bursts (half, a pause, the rest).
 */
import { mkdtempSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHostServices } from '../src/main/services';
import type { BenchOptions, Metric } from './types';
import { percentile } from './stats';

const PIECE = 192 * 1024;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const root = mkdtempSync(path.join(tmpdir(), 'kiosk-bench-scan-'));
  const folder = path.join(root, 'scans');
  await mkdir(folder);
  const host = await createHostServices({ name: 'bench', version: '0.0.0', gatewayUrl: null, scanners: [], dataDir: path.join(root, 'host'), scanFolder: folder });
  const pages = opts.quick ? 12 : 40;
  const offered: number[] = [];
  const readBack: number[] = [];
  const waiting = new Map<string, (t: number) => void>();
  const off = host.events.subscribe((name, payload) => {
    if (name !== 'scanFolder.file') return;
    const f = payload as { name: string };
    waiting.get(f.name)?.(performance.now());
  });
  try {
    for (let i = 0; i < pages; i++) {
      const name = `trang-${String(i + 1).padStart(3, '0')}.jpg`;
      // A scanned A4 page at 150 dpi as JPEG: 300–700 KB.
      const bytes = Buffer.alloc(300_000 + ((i * 37_000) % 400_000), i % 251);
      const seen = new Promise<number>((r) => waiting.set(name, r));
      const fh = await open(path.join(folder, name), 'w');
      await fh.write(bytes.subarray(0, bytes.length >> 1));
      await sleep(80);
      await fh.write(bytes.subarray(bytes.length >> 1));
      await fh.close();
      const finished = performance.now();
      const at = await Promise.race([seen, sleep(10_000).then(() => Number.NaN)]);
      if (Number.isNaN(at)) throw new Error(`${name} was not offered within 10 s`);
      offered.push(at - finished);
      let got = 0;
      while (got < bytes.length) {
        const { bytes64 } = await host.handlers['scanFolder.read']({ name, offset: got, length: Math.min(PIECE, bytes.length - got) });
        got += Buffer.from(bytes64, 'base64').length;
      }
      readBack.push(performance.now() - finished);
      await host.handlers['scanFolder.done']({ name });
      waiting.delete(name);
      // Pages come a few seconds apart from a flatbed; a feeder is faster, never all at once.
      await sleep(50);
    }
  } finally {
    off();
    await host.close();
    await rm(root, { recursive: true, force: true });
  }
  const round = (x: number) => Number(x.toFixed(1));
  return [
    { name: 'scanner folder: page written → offered to the counter p95', value: round(percentile(offered, 95)), target: 1000, unit: 'ms', better: 'lower', note: `${pages} pages of 0.3–0.7 MB written in two bursts; p50 ${round(percentile(offered, 50))} ms (settle 300 ms + poll 250 ms by design)` },
    { name: 'scanner folder: page written → read whole by the counter p95', value: round(percentile(readBack, 95)), target: 1000, unit: 'ms', better: 'lower', note: 'the offer plus the bridge reads in 192 KiB base64 pieces' },
  ];
}
