/**
 * The feed page cache (src/gateway/store/feed-cache.ts): never stale after a write, through the
 * same gateway or another process on the same PostgreSQL database; a kiosk-kind device never gets
 * a counter's page; compressed once per coding; bounded in bytes; the page after a full one read
 * ahead, and never served after a write to its streams.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, TEST_PG_URL, type TestGateway } from '../helpers/gateway';
import { FeedPageCache } from '../../src/gateway/store/feed-cache';
import { readAheadPages } from '../../src/gateway/store/feed';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { STORAGES } from './storages';
import { staffedCounter } from './kiosk';

const A1 = '000.00.01.H08';

describe('FeedPageCache', () => {
  it('evicts the least recently used pages once the bytes held pass the bound, compressed bytes counted', async () => {
    const cache = new FeedPageCache({ maxBytes: 3000, maxAgeMs: 60_000 });
    cache.set('a', Buffer.alloc(1000, 97));
    cache.set('b', Buffer.alloc(1000, 98));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', Buffer.alloc(1000, 99)); // 3003 bytes with the keys: b goes
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.plain.length).toBe(1000);
    expect(cache.stats().bytes).toBeLessThanOrEqual(3000);
    // A compressed form is made once and counted.
    const page = cache.get('c')!;
    const br1 = await page.coded('br');
    expect(await page.coded('br')).toBe(br1);
    expect(zlib.brotliDecompressSync(br1).equals(Buffer.alloc(1000, 99))).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(cache.stats().bytes).toBe(1001 + 1001 + br1.length);
    // Too big for the bound: answered, never held.
    const big = cache.set('d', Buffer.alloc(5000));
    expect(big.plain.length).toBe(5000);
    expect(cache.get('d')).toBeUndefined();
    expect(cache.stats().bytes).toBeLessThanOrEqual(3000);
  });

  it('reads a page again once it is older than its age bound, and holds nothing when off', () => {
    let t = 0;
    const cache = new FeedPageCache({ maxBytes: 10_000, maxAgeMs: 1000 }, () => t);
    cache.set('a', Buffer.from('x'));
    t = 1000;
    expect(cache.get('a')).toBeDefined();
    t = 1001;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
    const off = new FeedPageCache({ maxBytes: 0, maxAgeMs: 1000 });
    expect(off.enabled).toBe(false);
    off.set('a', Buffer.from('x'));
    expect(off.get('a')).toBeUndefined();
  });
});

describe('FeedPageCache read-ahead', () => {
  it('runs one read-ahead at a time per slot, after the current I/O phase, keeps the latest asked for meanwhile, lets a request wait for the page it is reading, and starts none once closed', async () => {
    const cache = new FeedPageCache({ maxBytes: 10_000, maxAgeMs: 60_000 });
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let reading2!: () => void;
    const at2 = new Promise<void>((r) => { reading2 = r; });
    expect(cache.readAhead('a|full|5', async (step) => {
      order.push('run');
      await step('p2', async () => {
        reading2();
        await gate;
        cache.set('p2|1|1', Buffer.from('two'), 'c3', true);
      });
      await step('p3', async () => { cache.set('p3|1|1', Buffer.from('three'), null, true); });
    })).toBe(true);
    order.push('after');
    // A second one for the same slot is not started while the first is in flight: it is kept
    // and runs when the first is done; asked for again meanwhile, only the latest is kept.
    expect(cache.readAhead('a|full|5', async () => { order.push('second'); })).toBe(true);
    expect(cache.readAhead('a|full|5', async () => { order.push('third'); })).toBe(true);
    expect(cache.pending('a|full|5', 'p2')).toBeUndefined(); // nothing read yet
    await at2;
    expect(order).toEqual(['after', 'run']);
    const waiting = cache.pending('a|full|5', 'p2');
    expect(waiting).toBeDefined();
    expect(cache.pending('a|full|5', 'p3')).toBeUndefined();
    release();
    await waiting;
    expect(cache.has('p2|1|1')).toBe(true);
    await cache.idle();
    expect(order).toEqual(['after', 'run', 'third']);
    expect(cache.stats()).toMatchObject({ readAheads: 2, readAheadHits: 0, hits: 0 });
    expect(cache.peek('p2|1|1')?.next).toBe('c3');
    expect(cache.get('p2|1|1')).toBeDefined();
    expect(cache.get('p2|1|1')).toBeDefined();
    expect(cache.stats()).toMatchObject({ readAheadHits: 1, hits: 2 });
    // A failed read-ahead is dropped, and the one kept meanwhile still runs; the slot is free again.
    expect(cache.readAhead('a|full|5', async () => { throw new Error('database gone'); })).toBe(true);
    expect(cache.readAhead('a|full|5', async () => { order.push('after a failure'); })).toBe(true);
    await cache.idle();
    expect(order.at(-1)).toBe('after a failure');
    await cache.close();
    expect(cache.readAhead('a|full|5', async () => undefined)).toBe(false);
  });
});

type Fee = { id: string; amount: number; paid: boolean };
type Item = { type: string; data: { code?: string; version?: number; status?: number; fees?: Fee[] } };
/** An open dossier of the page (received or in process) with a fee still to pay, and that fee. */
const unpaid = (items: Item[]): [Item, Fee] => {
  for (const i of items) {
    const fee = i.type === 'dossier' && (i.data.status === 1 || i.data.status === 2) ? i.data.fees?.find((f) => !f.paid) : undefined;
    if (fee) return [i, fee];
  }
  throw new Error('no dossier with an unpaid fee');
};

describe.each(STORAGES)('feed page cache on %s', (_name, storage) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ storage, seed: 'demo', dossiersPerAgency: 12 });
  });
  afterAll(async () => gw?.close());

  it('serves a page again from the cache, and after a change to a dossier in it shows the change or moves the dossier on', async () => {
    const k = await staffedCounter(gw, A1);
    // Past the catalog: a page of this agency's dossiers.
    const start = (await k.api('GET', '/v1/changes?limit=1')).body.cursor as string;
    const path = `/v1/changes?limit=1000&cursor=${start}`;
    const first = await k.api('GET', path);
    const hits = gw.gateway.feedCache.stats().hits;
    const again = await k.api('GET', path);
    expect(gw.gateway.feedCache.stats().hits).toBe(hits + 1);
    expect(again.body).toEqual(first.body);
    const [before, fee] = unpaid(first.body.items as Item[]);
    const target = before;
    // A change through the protocol: the fee paid moves the dossier to the stream's head.
    const paid = await k.push([k.payFee(target.data.code!, fee.id, fee.amount)]);
    expect(paid.body.results[0], JSON.stringify(paid.body)).toMatchObject({ status: 'applied' });
    const after = await k.api('GET', path);
    const now = (after.body.items as Item[]).filter((i) => i.type === 'dossier' && i.data.code === target.data.code);
    expect(now).toHaveLength(1);
    expect(now[0]!.data.version).toBeGreaterThan(before.data.version!);
    // The answer is the one an uncached read gives (same items, same cursor).
    const cache = gw.gateway.feedCache;
    cache.clear();
    const fresh = await k.api('GET', path);
    expect(fresh.body.items).toEqual(after.body.items);
    expect(fresh.body.cursor).toBe(after.body.cursor);
  });

  it('never gives a kiosk-kind device the counter\'s page of the same positions', async () => {
    const counter = await staffedCounter(gw, A1);
    const kioskDev = await gw.enroll(A1, { kind: 'kiosk' });
    const headers = { authorization: `Bearer ${kioskDev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    const c1 = await counter.api('GET', '/v1/changes?limit=1000');
    expect((c1.body.items as Item[]).some((i) => i.type === 'dossier')).toBe(true);
    const res = await fetch(`${gw.url}/v1/changes?limit=1000`, { headers });
    const page = (await res.json()) as { items: Item[] };
    expect(page.items.some((i) => i.type === 'citizen')).toBe(true);
    expect(page.items.filter((i) => i.type === 'dossier' || i.type === 'staff')).toEqual([]);
  });

  it('sends a cached page in the negotiated coding, compressed once, decoding to the plain page', async () => {
    const k = await staffedCounter(gw, A1);
    const headers = (enc: string) => ({ authorization: `Bearer ${k.dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'accept-encoding': enc });
    const start = (await k.api('GET', '/v1/changes?limit=1')).body.cursor as string;
    const url = `${gw.url}/v1/changes?limit=1000&cursor=${start}`;
    const plain = Buffer.from(await (await fetch(url, { headers: headers('identity') })).arrayBuffer());
    for (const enc of ['br', 'gzip', 'br']) {
      // Undici decodes: the bytes received are the plain page, the header says what went on the wire.
      const res = await fetch(url, { headers: headers(enc) });
      expect(res.headers.get('content-encoding')).toBe(enc);
      expect(res.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(Buffer.from(await res.arrayBuffer()).equals(plain)).toBe(true);
    }
  });

  /** From an empty cache, a counter's first page: the pages after it are read ahead. */
  async function firstPageReadAhead(k: Awaited<ReturnType<typeof staffedCounter>>) {
    const cache = gw.gateway.feedCache;
    await cache.idle();
    cache.clear();
    const s0 = cache.stats();
    const p1 = await k.api('GET', '/v1/changes?limit=5');
    expect(p1.body.hasMore).toBe(true);
    await cache.idle();
    expect(cache.stats().readAheads).toBe(s0.readAheads + readAheadPages(gw.db));
    return { cache, s0, p1 };
  }

  it('reads the pages after a full one ahead, and the counter\'s next requests get them as built, never reading a page twice', async () => {
    const k = await staffedCounter(gw, A1);
    const { cache, s0, p1 } = await firstPageReadAhead(k);
    const p2 = await k.api('GET', `/v1/changes?limit=5&cursor=${p1.body.cursor}`);
    expect(p2.body.hasMore).toBe(true);
    // Asked for at once (as the counter does, fetching while it stores): served from the pages
    // read ahead, or by waiting for the read in flight, never read a second time.
    const p3 = await k.api('GET', `/v1/changes?limit=5&cursor=${p2.body.cursor}`);
    const p4 = await k.api('GET', `/v1/changes?limit=5&cursor=${p3.body.cursor}`);
    const s4 = cache.stats();
    expect(s4.readAheadHits).toBe(s0.readAheadHits + 3);
    expect(s4.misses).toBe(s0.misses + 1); // the first page only
    // What was read ahead is what an uncached read gives.
    await cache.idle();
    cache.clear();
    for (const [page, cursor] of [[p2, p1.body.cursor], [p3, p2.body.cursor], [p4, p3.body.cursor]] as const) {
      const fresh = await k.api('GET', `/v1/changes?limit=5&cursor=${cursor}`);
      expect(fresh.body.items).toEqual(page.body.items);
      expect(fresh.body.cursor).toBe(page.body.cursor);
    }
    await cache.idle();
  });

  it('never serves a page read ahead after a write to its streams: the next request reads the page again', async () => {
    const k = await staffedCounter(gw, A1);
    await k.lease(1);
    const { cache, p1 } = await firstPageReadAhead(k);
    // A write between the two pages (a dossier received) moves the agency stream's head.
    const made = await k.push([k.create(k.nextCode())]);
    expect(made.body.results[0], JSON.stringify(made.body)).toMatchObject({ status: 'applied' });
    await cache.idle();
    const before = cache.stats();
    const p2 = await k.api('GET', `/v1/changes?limit=5&cursor=${p1.body.cursor}`);
    expect(p2.status).toBe(200);
    const after = cache.stats();
    expect(after.readAheadHits).toBe(before.readAheadHits);
    expect(after.misses).toBe(before.misses + 1);
    // The page answered is the one the database gives now.
    await cache.idle();
    cache.clear();
    const fresh = await k.api('GET', `/v1/changes?limit=5&cursor=${p1.body.cursor}`);
    expect(fresh.body.items).toEqual(p2.body.items);
    expect(fresh.body.cursor).toBe(p2.body.cursor);
    await cache.idle();
  });

  it('keeps the bytes it holds under its bound', async () => {
    const small = await startGateway({ storage, seed: 'demo', dossiersPerAgency: 12, feedCache: { maxBytes: 20_000 } });
    try {
      const k = await staffedCounter(small, A1);
      let cursor: string | undefined;
      for (let i = 0; i < 15; i++) {
        const r = await k.api('GET', `/v1/changes?limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status).toBe(200);
        cursor = r.body.cursor;
        expect(small.gateway.feedCache.stats().bytes).toBeLessThanOrEqual(20_000);
      }
      expect(small.gateway.feedCache.stats().evictions).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });
});

describe('feed page cache, two gateway processes over one PostgreSQL database', () => {
  it('shows through one gateway a write made through the other', async () => {
    const one = await startGateway({ storage: { databaseUrl: TEST_PG_URL }, seed: 'demo', dossiersPerAgency: 12 });
    try {
      const two = await startGateway({ storage: { databaseUrl: one.databaseUrl!, fresh: false } });
      try {
        const writer = await staffedCounter(one, A1);
        const reader = await staffedCounter(two, A1);
        const start = (await reader.api('GET', '/v1/changes?limit=1')).body.cursor as string;
        const path = `/v1/changes?limit=1000&cursor=${start}`;
        const first = await reader.api('GET', path);
        await reader.api('GET', path);
        expect(two.gateway.feedCache.stats().hits).toBeGreaterThan(0);
        const [target, fee] = unpaid(first.body.items as Item[]);
        expect((await writer.push([writer.payFee(target.data.code!, fee.id, fee.amount)])).body.results[0].status).toBe('applied');
        const after = await reader.api('GET', path);
        const now = (after.body.items as Item[]).filter((i) => i.type === 'dossier' && i.data.code === target.data.code);
        expect(now).toHaveLength(1);
        expect(now[0]!.data.version).toBeGreaterThan(target.data.version!);
      } finally {
        await two.close();
      }
    } finally {
      await one.close();
    }
  });
});
