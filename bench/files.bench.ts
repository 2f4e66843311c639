/**
 * Digitised documents on the wire (docs/SYNC-PROTOCOL.md §13; docs/PERFORMANCE.md, "Files").
 * The real gateway (PGlite, in this process) with its directory file store, and the counter's own
 * parts: the file kept in Dexie over fake-indexeddb by `attachFile`, sent by the file lane through
 * the host's GatewayClient (directly, and through the renderer's bridge transport as the app sends:
 * base64 runs of up to 4 chunks checked against the bridge contract).
 *
 * The counter's side of the throughput figures (the lane, and the bare PUTs it is compared with)
 * runs on its own thread (bench/files-client.ts): a counter is another machine, and on the
 * gateway's thread its work was counted as the gateway's. The memory figure keeps both in this thread.
 *
 * - upload throughput of the file lane against a bare HTTP PUT of the same bytes to the same
 *   gateway process in the same run (a sink route added to this gateway's Fastify app only here,
 *   behind the same hooks; on loopback the median of 3 PUTs after a warm-up one; on loopback also
 *   against a PUT that writes the bytes to one file and fsyncs it once), over loopback (3 requests in flight, the lane's default) and over the
 *   `4g-good` and `adsl-busy` emulated lines (one at a time: the emulator shapes each connection
 *   on its own, so parallel requests would get more than the line); each request a run of
 *   chunks the lane sizes to the line (§13);
 * - memory while a 100 MB file is sent: the growth of V8 heap + array buffers over the level after
 *   the file was stored (the Blob's own bytes live outside both), sampled every 20 ms.
 *
 *   npx tsx bench/files.bench.ts [--quick]
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Worker } from 'node:worker_threads';
import { createGateway, type Gateway } from '../src/gateway/gateway';
import { createEnrollCode } from '../src/gateway/store/devices';
import { seedDemo } from '../src/gateway/demo/seed';
import { startLinkEmulator, type LinkProfileName } from '../src/cli/link-emulator';
import { pgliteTemplate } from '../tests/helpers/gateway';
import { BRIDGE_FILE_CHUNKS, MAX_CHUNKS_PER_REQUEST } from '../src/shared/protocol';
import { lane, scan } from './files-client';
import type { BenchOptions, Metric } from './types';

const r1 = (x: number) => Math.round(x * 10) / 10;
const MB = 1024 * 1024;

/** The counter's side on its own thread (bench/files-client.ts): the lane and the bare PUTs are sent from there. */
interface CounterThread {
  /** A scan-like file of `mb` MiB made and kept in the worker; its handle. */
  make(mb: number): Promise<number>;
  /** Seconds for one bare PUT of `file` to the sink route (`store`: the route that keeps it on disk). */
  put(url: string, file: number, store: boolean): Promise<number>;
  /** Seconds for the file lane to send `file` until the gateway confirmed it. */
  lane(url: string, file: number, code: string, name: string, parallel: number, bridge: boolean): Promise<number>;
  close(): Promise<void>;
}

function startCounterThread(): CounterThread {
  // The worker loads TypeScript through tsx's loader, registered in the worker itself.
  const entry = new URL('./files-client.ts', import.meta.url).href;
  const worker = new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`, { eval: true });
  let next = 1;
  const waiting = new Map<number, { ok: (v: number) => void; fail: (e: Error) => void }>();
  worker.on('message', (m: { id: number; value?: number; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined || m.value === undefined) w?.fail(new Error(m.error ?? 'no answer'));
    else w?.ok(m.value);
  });
  worker.on('error', (e) => { for (const w of waiting.values()) w.fail(e); waiting.clear(); });
  const call = (msg: object) => new Promise<number>((ok, fail) => {
    const id = next++;
    waiting.set(id, { ok, fail });
    worker.postMessage({ ...msg, id });
  });
  return {
    make: (mb) => call({ op: 'make', mb }),
    put: (url, file, store) => call({ op: 'put', url, file, store }),
    lane: (url, file, code, name, parallel, bridge) => call({ op: 'lane', url, file, code, name, parallel, bridge }),
    close: async () => { await worker.terminate(); },
  };
}

/**
 * The bare PUT's figure. On loopback the median of 3 after one that is not counted (the first PUT
 * of a run pays the connection and the route's first calls: one cold figure made the ratio swing
 * 2-fold); over an emulated line one (the line's time dwarfs that, and each takes seconds).
 */
async function barePut(counter: CounterThread, url: string, file: number, loopback: boolean, store = false): Promise<number> {
  if (!loopback) return counter.put(url, file, store);
  await counter.put(url, file, store);
  const times = [await counter.put(url, file, store), await counter.put(url, file, store), await counter.put(url, file, store)].sort((a, b) => a - b);
  return times[1]!;
}

/**
 * A second baseline on loopback: the simplest upload that keeps what it received, a PUT whose
 * body is written to one file beside the gateway's file store (same file system) and fsynced once
 * at the end before the answer, then removed. The sink above stores nothing, so on loopback it
 * measures the HTTP stack alone (270–400 MB/s warm), which no upload that writes durably reaches.
 */
function addStoringSink(gw: Gateway, dir: string): void {
  let n = 0;
  gw.app.addContentTypeParser('application/x-bench-store', (_req, payload, done) => {
    const path = join(dir, `put-${n++}`);
    const out = createWriteStream(path);
    pipeline(payload, out)
      .then(async () => {
        const fh = await open(path, 'r+');
        try { await fh.sync(); } finally { await fh.close(); }
        await rm(path);
        done(null, null);
      }, (err: Error) => done(err, undefined));
  });
  gw.app.put('/bench/store', { bodyLimit: 1024 * MB, config: { auth: 'none', versioned: false } }, async () => ({ ok: true }));
}

export async function run({ quick }: BenchOptions): Promise<Metric[]> {
  const gw = await createGateway({ storage: { kind: 'pglite', template: await pgliteTemplate() }, demoAdmin: true });
  // The baseline: the same Fastify app, its hooks, a route that reads the body and drops it.
  gw.app.addContentTypeParser('application/x-bench', (_req, payload, done) => {
    payload.on('data', () => undefined);
    payload.on('end', () => done(null, null));
    payload.on('error', (err: Error) => done(err, undefined));
  });
  gw.app.put('/bench/sink', { bodyLimit: 1024 * MB, config: { auth: 'none', versioned: false } }, async () => ({ ok: true }));
  const storeDir = mkdtempSync(join(tmpdir(), 'kiosk-bench-put-'));
  addStoringSink(gw, storeDir);
  await seedDemo(gw.db, { dossiersPerAgency: 1 });
  const url = await gw.listen(0);
  const metrics: Metric[] = [];
  const counter = startCounterThread();
  try {
    const lines: [LinkProfileName | 'loopback', number][] = [['loopback', quick ? 16 : 64], ['4g-good', quick ? 4 : 16], ['adsl-busy', quick ? 1 : 4]];
    for (const [profile, mb] of lines) {
      const link = profile === 'loopback' ? null : await startLinkEmulator({ target: url, profile, seed: 1 });
      const via = link?.url ?? url;
      const file = await counter.make(mb);
      const bare = await barePut(counter, via, file, link === null);
      const bareStored = link === null ? await barePut(counter, via, file, true, true) : null;
      // Over an emulated line one chunk at a time: the emulator shapes each connection on its
      // own, so chunks in parallel would get more bandwidth than the line has.
      const parallel = link ? 1 : 3;
      const enrollCode = async () => (await createEnrollCode(gw.db, { agency: '000.00.01.H08', kind: 'counter' })).code;
      const lane = await counter.lane(via, file, await enrollCode(), `bench-${profile}`, parallel, false);
      // The counter's path: through the bridge transport (not on the slowest line: minutes).
      const bridged = profile === 'adsl-busy' ? null : await counter.lane(via, await counter.make(mb), await enrollCode(), `bench-${profile}-bridge`, parallel, true);
      await link?.close();
      const ratio = bare / lane;
      metrics.push({
        name: `file lane throughput vs bare PUT, ${profile} (${mb} MB)`, value: r1(ratio * 100), target: 80, unit: '%', better: 'higher',
        note: `lane ${r1(mb / lane)} MB/s (${parallel} request${parallel > 1 ? 's' : ''} in flight, runs of up to ${MAX_CHUNKS_PER_REQUEST} chunks sized to the line), bare PUT ${r1(mb / bare)} MB/s`,
      });
      if (bareStored !== null) {
        metrics.push({
          name: `file lane throughput vs a bare PUT that stores the bytes, ${profile} (${mb} MB)`, value: r1((bareStored / lane) * 100), target: 80, unit: '%', better: 'higher',
          note: `the same lane run; the bare PUT written to one file on the same file system and fsynced once before its answer: ${r1(mb / bareStored)} MB/s`,
        });
      }
      if (bridged !== null) {
        metrics.push({
          name: `file lane through the bridge transport vs bare PUT, ${profile} (${mb} MB)`, value: r1((bare / bridged) * 100), target: 80, unit: '%', better: 'higher',
          note: `counter's path: base64 runs of up to ${BRIDGE_FILE_CHUNKS} chunks checked against the bridge contract, then the host's client; lane ${r1(mb / bridged)} MB/s, bare PUT ${r1(mb / bare)} MB/s`,
        });
      }
    }

    const size = quick ? 32 : 100;
    const blob = scan(size * MB);
    const level = (): number => { const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers; };
    (globalThis as { gc?: () => void }).gc?.();
    const base = level();
    let peak = base;
    const { code } = await createEnrollCode(gw.db, { agency: '000.00.01.H08', kind: 'counter' });
    const secs = await lane(url, blob, code, 'bench-memory', 3, false, () => { peak = Math.max(peak, level()); });
    metrics.push({
      name: `memory growth while sending a ${size} MB file`, value: r1((peak - base) / MB), target: 32, unit: 'MB', better: 'lower',
      note: `heap + array buffers over the level after the file was stored; ${r1(size / secs)} MB/s`,
    });
  } finally {
    await counter.close();
    await gw.close();
    rmSync(storeDir, { recursive: true, force: true });
  }
  return metrics;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void run({ quick: process.argv.includes('--quick') }).then((m) => console.log(JSON.stringify(m, null, 2)));
}
