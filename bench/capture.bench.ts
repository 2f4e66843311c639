/**
 * Page capture from the camera (docs/PERFORMANCE.md, "Files"): a generated 640×480
 * frame of a printed page held at a perspective angle on a desk → page found, perspective
 * corrected to A4 at 150 dpi, contrast stretched, encoded (grey JPEG, black-and-white 1-bit PNG)
 * → stored by `attachFile` (Blob + attachment row in one transaction) in Dexie over
 * fake-indexeddb, as the other benches do. Each sample is one whole capture; a new frame (other
 * text) per sample so no file is a duplicate.
 * This is the fallback path's figure (no OffscreenCanvas: the pure-JavaScript encoders); the
 * counter's own path, native JPEG encoder in a Web Worker in Chromium, is bench/capture-chromium.bench.ts.
 *
 *   npx tsx bench/capture.bench.ts [--quick]
 */
import 'fake-indexeddb/auto';
import { KioskDb } from '../src/renderer/db/database';
import { attachFile } from '../src/renderer/db/files';
import { capturePage } from '../src/renderer/scanners/document/encode';
import type { PageMode } from '../src/renderer/scanners/document/page';
import { pageFrame, TILTED } from '../tests/helpers/document-frame';
import { percentile } from './stats';
import type { BenchOptions, Metric } from './types';

const r1 = (x: number) => Math.round(x * 10) / 10;

export async function run({ quick }: BenchOptions): Promise<Metric[]> {
  const n = quick ? 10 : 40;
  const frames = Array.from({ length: n + 3 }, (_, i) => pageFrame(TILTED, { seed: i + 1 }));
  const db = new KioskDb(`bench-capture-${process.pid}-${Date.now()}`);
  await db.open();
  const metrics: Metric[] = [];
  try {
    for (const mode of ['grey', 'bitonal'] as PageMode[]) {
      const total: number[] = [], processing: number[] = [];
      let bytes = 0;
      for (let i = 0; i < frames.length; i++) {
        const t0 = performance.now();
        const cap = capturePage(frames[i]!, mode);
        const t1 = performance.now();
        await attachFile(db, { dossierCode: `000.00.01.H08-000000-${mode}`, component: 'Tờ khai', file: cap.blob, name: `trang-${i}`, signer: null });
        const t2 = performance.now();
        if (!cap.detection.found) throw new Error('page not found in the generated frame');
        if (i < 3) continue; // warm-up
        total.push(t2 - t0);
        processing.push(t1 - t0);
        bytes += cap.blob.size;
      }
      metrics.push({
        name: `page capture → stored, ${mode} (640×480 → A4 150 dpi) p95, Node fallback path`, value: r1(percentile(total, 95)), target: 300, unit: 'ms', better: 'lower',
        note: `p50 ${r1(percentile(total, 50))} ms; detect+warp+encode p95 ${r1(percentile(processing, 95))} ms; ${Math.round(bytes / total.length / 1024)} KB a page; ${total.length} pages`,
      });
    }
  } finally {
    db.close();
  }
  return metrics;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void run({ quick: process.argv.includes('--quick') }).then((m) => console.log(JSON.stringify(m, null, 2)));
}
