/**
 * Browser harness for bench/capture-chromium.bench.ts: the counter's capture path in real
 * Chromium. Frames are generated on the page before timing (tests/helpers/document-frame.ts);
 * each sample is timed from handing the frame's pixels to the capture worker (a copy, as a camera
 * frame's ImageData is posted) to `attachFile` having stored the Blob and its attachment row in the
 * app's own Dexie database (one strict transaction). Driven through `window.captureBench`.
 */
import { openKioskDb, type KioskDb } from '../../src/renderer/db/database';
import { attachFile } from '../../src/renderer/db/files';
import type { PageMode } from '../../src/renderer/scanners/document/page';
import { pageFrame, TILTED } from '../../tests/helpers/document-frame';

interface Answer { id: number; blob?: Blob; found?: boolean; width?: number; height?: number; native?: boolean; ms?: number; error?: string }

export interface CaptureRun {
  total: number[];
  inWorker: number[];
  store: number[];
  bytes: number;
  mime: string;
  native: boolean;
  stored: number;
}

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
let nextId = 1;
const waiting = new Map<number, (a: Answer) => void>();
worker.onmessage = (ev: MessageEvent<Answer>) => {
  const done = waiting.get(ev.data.id);
  waiting.delete(ev.data.id);
  done?.(ev.data);
};

function capture(frame: { data: Uint8ClampedArray; width: number; height: number }, mode: PageMode): Promise<Answer> {
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    worker.postMessage({ id, data: frame.data, width: frame.width, height: frame.height, mode });
  });
}

let db: KioskDb | null = null;

async function run(mode: PageMode, n: number, warmup: number, seed0: number): Promise<CaptureRun> {
  if (!db) db = (await openKioskDb(`bench-capture-${Date.now()}`)).db;
  const out: CaptureRun = { total: [], inWorker: [], store: [], bytes: 0, mime: '', native: false, stored: 0 };
  for (let i = 0; i < n + warmup; i++) {
    const frame = pageFrame(TILTED, { seed: seed0 + i });
    const t0 = performance.now();
    const a = await capture(frame, mode);
    if (a.error || !a.blob) throw new Error(`capture failed: ${a.error ?? 'no blob'}`);
    if (!a.found) throw new Error('page not found in the generated frame');
    const t1 = performance.now();
    await attachFile(db, { dossierCode: `000.00.01.H08-000000-${mode}`, component: 'Tờ khai', file: a.blob, name: `trang-${i}`, signer: null });
    const t2 = performance.now();
    if (i < warmup) continue;
    out.total.push(t2 - t0);
    out.inWorker.push(a.ms ?? 0);
    out.store.push(t2 - t1);
    out.bytes += a.blob.size;
    out.mime = a.blob.type;
    out.native = a.native ?? false;
  }
  out.stored = await db.attachments.where('dossierCode').equals(`000.00.01.H08-000000-${mode}`).count();
  return out;
}

async function cleanup(): Promise<void> {
  if (!db) return;
  db.close();
  await db.delete();
  db = null;
}

(window as unknown as { captureBench: unknown }).captureBench = { run, cleanup };
