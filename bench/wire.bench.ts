/**
 * The feed on the wire, on loopback (docs/PERFORMANCE.md, "Feed at its limit" and "Compression"):
 *
 * - feed page at its limit: p50/p99 of a 500-dossier page of the gateway (request to last byte,
 *   plain bytes) against a bare Node http server answering the very same bytes, requests
 *   interleaved in the same run, on PGlite and PostgreSQL. Target: gateway p99 ≤ 1.5 × the bare
 *   server's. Reported warm (the page in the gateway's page cache: this loop cycles through the
 *   agency's six pages), cold (the cache emptied just before: the first read of a page; no
 *   read-ahead in flight) and as a sequential first sync (the cache emptied once, then the
 *   agency's pages one after another as the counter asks for them: the next page asked for as
 *   soon as the last one is parsed and checked, so the gateway's read-ahead has only that gap);
 * - compression: CPU time and size of brotli (quality 4) / gzip (6 and 1) of a real page, and of
 *   decoding it on the kiosk's side.
 *
 * Gateway and bare server share this process (and the machine's two cores), each on a thread of
 * its own (the bare server does not pay the gateway's garbage collections); the client runs on
 * its own thread (a counter is another machine); both servers see the same client, the same
 * sockets API and the same load.
 *
 *   npx tsx bench/wire.bench.ts [--quick] [--storage pglite|postgresql]
 */
import { Worker } from 'node:worker_threads';
import zlib from 'node:zlib';
import type { BenchOptions, Metric } from './types';
import { startGateway, TEST_PG_URL, type TestStorage } from '../tests/helpers/gateway';
import { seedDossiers } from '../src/gateway/demo/seed';
import { refreshStatistics } from '../src/gateway/store/maintenance';
import { compress } from '../src/gateway/http/compression';
import { ChangesPage, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../src/shared/protocol';

const AGENCY = '000.00.98.H09';
const PAGE = 500;

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

/** Captured pages of the agency, by the URL path that asks for them, in the order of a first sync. */
async function capture(url: string, headers: Record<string, string>): Promise<Map<string, Buffer>> {
  const pages = new Map<string, Buffer>();
  let cursor: string | undefined;
  for (;;) {
    const path = `/v1/changes?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await fetch(url + path, { headers });
    const bytes = Buffer.from(await res.arrayBuffer());
    const page = JSON.parse(bytes.toString()) as { items: { type: string }[]; cursor: string; hasMore: boolean };
    pages.set(path, bytes);
    if (!page.hasMore) return pages;
    cursor = page.cursor;
  }
}

/** The pages of `PAGE` dossiers among them (what the warm and cold figures cycle through). */
function fullPages(all: Map<string, Buffer>): Map<string, Buffer> {
  return new Map([...all].filter(([, bytes]) =>
    (JSON.parse(bytes.toString()) as { items: { type: string }[] }).items.filter((i) => i.type === 'dossier').length === PAGE));
}

/**
 * The bare server: Node's http module answering the captured bytes, on a thread of its own (its
 * own event loop and heap, the same process and cores). Until 2026-12-06 20:00 UTC it shared the
 * gateway's thread, and then paid the gateway's garbage collections as its own: its p99 between
 * the interleaved requests was 16–18 ms with the gateway's page statements decoded on that heap,
 * 6–7 ms without (docs/PERFORMANCE.md, "The read-ahead on a reading thread").
 */
const BARE_SOURCE = `
const http = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const pages = new Map(workerData.pages.map(([k, v]) => [k, Buffer.from(v)]));
const server = http.createServer((req, res) => {
  const body = pages.get(req.url || '') || Buffer.from('{}');
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) });
  res.end(body);
});
server.keepAliveTimeout = 10000;
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
parentPort.on('message', () => server.close(() => parentPort.postMessage('closed')));`;

async function bareServer(pages: Map<string, Buffer>): Promise<{ url: string; close(): Promise<void> }> {
  const worker = new Worker(BARE_SOURCE, { eval: true, workerData: { pages: [...pages].map(([k, v]) => [k, new Uint8Array(v)]) } });
  const port = await new Promise<number>((ok, fail) => { worker.once('message', ok); worker.once('error', fail); });
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise((r) => { worker.once('message', r); worker.postMessage('close'); });
      await worker.terminate();
    },
  };
}

/**
 * The client: `fetch` on its own thread (a worker), as a counter is another machine. With the
 * client on the gateway's thread (the runs before 2026-12-06 06:00 UTC), whatever the gateway does
 * on that thread once an answer is handed to the socket (PGlite's read-ahead statements run there:
 * WebAssembly on the one thread) held up the client's reading of that very answer, and counted in
 * the gateway's figure (a cold PGlite page: 14 ms over HTTP against 4.5 ms of work in process).
 * Both servers are measured by the same client.
 */
const CLIENT_SOURCE = `
const { parentPort } = require('node:worker_threads');
async function get(url, headers) {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  const ms = performance.now() - t0;
  if (res.status !== 200) throw new Error(url + ': ' + res.status);
  return ms;
}
parentPort.on('message', async (m) => {
  try {
    if (m.op === 'get') return parentPort.postMessage({ id: m.id, ms: [await get(m.url, m.headers)] });
    // A first sync: each page asked for gapMs after the one before was received.
    const ms = [];
    for (let i = 0; i < m.urls.length; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, m.gapMs));
      const t = await get(m.urls[i], m.headers);
      if (i > 0) ms.push(t);
    }
    parentPort.postMessage({ id: m.id, ms });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String(e) });
  }
});`;

interface Client {
  /** Request to last byte of one GET, in ms. */
  get(url: string, headers: Record<string, string>): Promise<number>;
  /** One first sync (see `firstSync`): the times of every page after the first. */
  sync(urls: string[], headers: Record<string, string>, gapMs: number): Promise<number[]>;
  close(): Promise<void>;
}

function startClient(): Client {
  const worker = new Worker(CLIENT_SOURCE, { eval: true });
  let next = 0;
  const waiting = new Map<number, { ok: (ms: number[]) => void; fail: (e: Error) => void }>();
  worker.on('message', (m: { id: number; ms?: number[]; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.error !== undefined || !m.ms) w?.fail(new Error(m.error ?? 'no answer'));
    else w?.ok(m.ms);
  });
  const call = (msg: object) => new Promise<number[]>((ok, fail) => {
    const id = next++;
    waiting.set(id, { ok, fail });
    worker.postMessage({ ...msg, id });
  });
  return {
    get: async (url, headers) => (await call({ op: 'get', url, headers }))[0]!,
    sync: (urls, headers, gapMs) => call({ op: 'sync', urls, headers, gapMs }),
    close: async () => { await worker.terminate(); },
  };
}

/**
 * What the counter does with a page before it asks for the next (src/renderer/sync/pull.ts: the
 * next page is asked for as soon as this one is parsed and checked against the protocol; storing
 * it overlaps the next request): the median time of that parse and check, measured here.
 */
function clientGapMs(pages: Buffer[]): number {
  const ms: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (const bytes of pages) {
      const t = performance.now();
      if (!ChangesPage.safeParse(JSON.parse(bytes.toString('utf8'))).success) throw new Error('a captured page is not a ChangesPage');
      ms.push(performance.now() - t);
    }
  }
  return p(ms, 0.5);
}

/**
 * One first sync as the counter runs it: each page asked for `gapMs` after the one before was
 * received (in the client's thread). The gap is spent waiting, not computing: the counter is
 * another machine. The times of every page but the first (which no read-ahead can serve: a cold read).
 */
function firstSync(client: Client, base: string, paths: string[], headers: Record<string, string>, gapMs: number): Promise<number[]> {
  return client.sync(paths.map((x) => base + x), headers, gapMs);
}

export interface FeedAtLimit {
  gw: number[]; cold: number[]; bare: number[]; bytes: number; pages: Map<string, Buffer>;
  /** Sequential first syncs: gateway and bare server, pages after the first; the client's gap; read-ahead pages used. */
  seq: number[]; seqBare: number[]; seqGapMs: number; seqReadAheadHits: number; seqPages: number;
}

export async function feedAtLimit(storage: TestStorage, samples: number): Promise<FeedAtLimit> {
  const gw = await startGateway({ storage, seed: 'catalog' });
  try {
    await seedDossiers(gw.db, AGENCY, 3000, { seed: 7 });
    await refreshStatistics(gw.db);
    const dev = await gw.enroll(AGENCY);
    const headers = { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'accept-encoding': 'identity' };
    const all = await capture(gw.url, headers);
    const pages = fullPages(all);
    const bare = await bareServer(all);
    const client = startClient();
    try {
      const paths = [...pages.keys()];
      const g: number[] = [];
      const c: number[] = [];
      const b: number[] = [];
      // The gateway keeps built pages (src/gateway/store/feed-cache.ts) and this loop cycles
      // through the agency's few pages, so after the first round every `gw` request is a cache
      // hit (warm). Each round also asks for the same page once more with the cache emptied
      // just before (cold: the first read of a page, as for a page nobody asked for yet).
      const cache = gw.gateway.feedCache;
      // The page the last cold request built: after it, the only page the cache holds. A warm
      // request asks for it (emptying the cache for a cold request drops every other page, so a
      // warm request for any other page would be a miss: the runs before 2026-12-06 measured
      // two warm requests in three as misses).
      let held: string | null = null;
      let hits = 0;
      for (let i = -20; i < samples; i++) {
        const path = paths[((i % paths.length) + paths.length) % paths.length]!;
        // Rotate which goes first, so none always follows another's garbage.
        const t: Record<'bare' | 'warm' | 'cold', number> = { bare: 0, warm: 0, cold: 0 };
        const order: ('bare' | 'warm' | 'cold')[][] = [['bare', 'warm', 'cold'], ['warm', 'cold', 'bare'], ['cold', 'bare', 'warm']];
        for (const which of order[((i % 3) + 3) % 3]!) {
          // No read-ahead (store/feed-cache.ts) in flight during a measured request, nor filling
          // the cache after it was emptied for a cold one: these two figures are what a request
          // costs on its own (the sequential first sync below is where read-ahead shows).
          await cache.idle();
          if (which === 'cold') cache.clear();
          const before = cache.stats().hits;
          const asked = which === 'warm' ? held ?? path : path;
          t[which] = await client.get((which === 'bare' ? bare.url : gw.url) + asked, headers);
          if (which === 'cold') held = path;
          if (which === 'warm' && i >= 0 && cache.stats().hits > before) hits++;
        }
        if (i >= 0) { g.push(t.warm); c.push(t.cold); b.push(t.bare); }
      }
      if (hits !== samples) throw new Error(`only ${hits} of ${samples} warm requests were page-cache hits`);
      // Sequential first syncs: the cache emptied once per sync, the gateway's and the bare
      // server's syncs alternating which goes first, until `samples` pages after the first.
      const syncPaths = [...all.keys()];
      const gapMs = clientGapMs([...all.values()]);
      const seq: number[] = [];
      const seqBare: number[] = [];
      let ahead0 = 0;
      for (let round = -2; seq.length < samples; round++) {
        await cache.idle();
        cache.clear();
        if (round === 0) ahead0 = cache.stats().readAheadHits;
        for (const which of round % 2 === 0 ? ['gw', 'bare'] : ['bare', 'gw']) {
          const ms = await firstSync(client, which === 'gw' ? gw.url : bare.url, syncPaths, headers, gapMs);
          if (round >= 0) (which === 'gw' ? seq : seqBare).push(...ms);
        }
      }
      const bytes = [...pages.values()].reduce((n, x) => n + x.length, 0) / pages.size;
      return { gw: g, cold: c, bare: b, bytes, pages, seq, seqBare, seqGapMs: gapMs, seqReadAheadHits: cache.stats().readAheadHits - ahead0, seqPages: seq.length };
    } finally {
      await client.close();
      await bare.close();
    }
  } finally {
    await gw.close();
  }
}

async function compressionCosts(page: Buffer, rounds: number): Promise<Metric[]> {
  const out: Metric[] = [];
  const codings: [string, (b: Buffer) => Promise<Buffer>, (b: Buffer) => Buffer][] = [
    ['br4', (b) => compress('br', b), (b) => zlib.brotliDecompressSync(b)],
    ['gzip6', (b) => compress('gzip', b), (b) => zlib.gunzipSync(b)],
    ['gzip1', async (b) => zlib.gzipSync(b, { level: 1 }), (b) => zlib.gunzipSync(b)],
  ];
  for (const [name, enc, dec] of codings) {
    const encMs: number[] = [];
    const decMs: number[] = [];
    let packed: Buffer = Buffer.alloc(0);
    for (let i = -3; i < rounds; i++) {
      // CPU time of this process (the work runs on libuv's pool, but nothing else runs meanwhile).
      const c0 = process.cpuUsage();
      packed = await enc(page);
      const c1 = process.cpuUsage(c0);
      const t = performance.now();
      dec(packed);
      const d = performance.now() - t;
      if (i >= 0) { encMs.push((c1.user + c1.system) / 1000); decMs.push(d); }
    }
    out.push(
      { name: `wire.compress_${name}_cpu_ms_per_page`, value: r2(p(encMs, 0.5)), target: null, unit: 'ms', better: 'lower',
        note: `median CPU to compress one 500-dossier page of ${Math.round(page.length / 1024)} KB; p95 ${r2(p(encMs, 0.95))} ms; ${rounds} rounds` },
      { name: `wire.compress_${name}_ratio_pct`, value: r1((100 * packed.length) / page.length), target: 25, unit: '%', better: 'lower',
        note: `${Math.round(packed.length / 1024)} KB of ${Math.round(page.length / 1024)} KB` },
      { name: `wire.decompress_${name}_ms_per_page`, value: r2(p(decMs, 0.5)), target: null, unit: 'ms', better: 'lower', note: 'the kiosk host\'s side, median' },
    );
  }
  return out;
}

export async function run(opts: BenchOptions & { storages?: string[] }): Promise<Metric[]> {
  const metrics: Metric[] = [];
  const samples = opts.quick ? 200 : 1000;
  let sample: Buffer | null = null;
  const storages: [string, TestStorage][] = [['pglite', 'pglite'], ['postgresql', { databaseUrl: TEST_PG_URL }]];
  for (const [name, storage] of storages.filter(([n]) => !opts.storages || opts.storages.includes(n))) {
    const r = await feedAtLimit(storage, samples);
    sample ??= [...r.pages.values()][0] ?? null;
    const ratio = p(r.gw, 0.99) / p(r.bare, 0.99);
    metrics.push(
      { name: `wire.${name}.feed_page_p99_ms`, value: r1(p(r.gw, 0.99)), target: null, unit: 'ms', better: 'lower',
        note: `gateway, 500-dossier page (${Math.round(r.bytes / 1024)} KB plain), request to last byte, ${samples} pages; p50 ${r1(p(r.gw, 0.5))} ms` },
      { name: `wire.${name}.bare_page_p99_ms`, value: r1(p(r.bare, 0.99)), target: null, unit: 'ms', better: 'lower',
        note: `bare Node http server, the same bytes, interleaved; p50 ${r1(p(r.bare, 0.5))} ms` },
      { name: `wire.${name}.feed_vs_bare_p99_ratio`, value: r2(ratio), target: 1.5, unit: '×', better: 'lower',
        note: `p50 ratio ${r2(p(r.gw, 0.5) / p(r.bare, 0.5))}; warm: the gateway's page cache holds the page` },
      { name: `wire.${name}.feed_page_cold_p99_ms`, value: r1(p(r.cold, 0.99)), target: null, unit: 'ms', better: 'lower',
        note: `gateway, the same page with its page cache emptied just before (first read of a page); p50 ${r1(p(r.cold, 0.5))} ms` },
      { name: `wire.${name}.feed_cold_vs_bare_p99_ratio`, value: r2(p(r.cold, 0.99) / p(r.bare, 0.99)), target: 1.5, unit: '×', better: 'lower',
        note: `p50 ratio ${r2(p(r.cold, 0.5) / p(r.bare, 0.5))}` },
      { name: `wire.${name}.feed_page_seq_p99_ms`, value: r1(p(r.seq, 0.99)), target: null, unit: 'ms', better: 'lower',
        note: `gateway, sequential first syncs (cache emptied once per sync), every page after the first, ${r.seq.length} pages; p50 ${r1(p(r.seq, 0.5))} ms; `
          + `gap between pages ${r1(r.seqGapMs)} ms (the counter's parse and check of a page, measured); read-ahead pages used ${r.seqReadAheadHits} of ${r.seqPages}` },
      { name: `wire.${name}.bare_page_seq_p99_ms`, value: r1(p(r.seqBare, 0.99)), target: null, unit: 'ms', better: 'lower',
        note: `bare server, the same syncs; p50 ${r1(p(r.seqBare, 0.5))} ms` },
      { name: `wire.${name}.feed_seq_vs_bare_p99_ratio`, value: r2(p(r.seq, 0.99) / p(r.seqBare, 0.99)), target: 1.5, unit: '×', better: 'lower',
        note: `p50 ratio ${r2(p(r.seq, 0.5) / p(r.seqBare, 0.5))}` },
    );
  }
  if (sample) metrics.push(...await compressionCosts(sample, opts.quick ? 30 : 100));
  return metrics;
}

if (process.argv[1]?.endsWith('wire.bench.ts')) {
  const at = process.argv.indexOf('--storage');
  run({ quick: process.argv.includes('--quick'), storages: at > 0 ? [process.argv[at + 1] ?? ''] : undefined }).then((m) => {
    for (const x of m) console.log(`${x.name}\t${x.value} ${x.unit}\t${x.note ?? ''}`);
    process.exit(0);
  }, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
