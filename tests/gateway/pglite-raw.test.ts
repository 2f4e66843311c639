/**
 * PGlite's raw protocol read (src/gateway/db/pglite-raw.ts): its answer, its failures, and feed
 * pages read through it byte for byte the pages read through `query`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChanges } from '../../src/gateway/store/feed';
import type { Db, Queryable } from '../../src/gateway/db/types';
import { startGateway, type TestGateway } from '../helpers/gateway';

describe('PGlite raw protocol read', () => {
  let gw: TestGateway;
  let db: Db;
  beforeAll(async () => {
    gw = await startGateway({ seed: 'demo', dossiersPerAgency: 30 });
    db = gw.db;
  });
  afterAll(async () => gw?.close());

  it('answers the first row\'s columns typed and the non-null items joined as UTF-8, with room around them', async () => {
    const r = await db.readJoined!(
      `select 3::int8 as n, 7::int4 as m, true as yes, null::int as none, 'ấp' as label, item
       from (values (1, '{"a":"ấp Đông"}'), (2, null), (3, '[1,2]'), (4, '"€"')) v(k, item) order by k`, [], 'x', { front: 10, back: 32 });
    expect(r.head).toEqual({ n: 3, m: 7, yes: true, none: null, label: 'ấp' });
    expect(r.count).toBe(3);
    const text = '{"a":"ấp Đông"},[1,2],"€"';
    expect(r.items.toString('utf8')).toBe(text);
    expect(r.frame.length).toBe(10 + Buffer.byteLength(text) + 32);
    expect(r.frame.subarray(r.front, r.front + r.items.length).equals(r.items)).toBe(true);
  });

  it('passes text, number, boolean and null parameters; answers no head for no rows', async () => {
    const r = await db.readJoined!(`select $1::text as item, $2::int as n, $3::bool as b, $4::text as z`, ['"ấp"', 42, false, null], 'x');
    expect(r.head).toEqual({ n: 42, b: false, z: null });
    expect(r.items.toString()).toBe('"ấp"');
    const none = await db.readJoined!(`select 1 as n, 'x' as item where $1::int = 0`, [1], 'x');
    expect(none).toMatchObject({ head: null, count: 0 });
  });

  it('rejects with the SQLSTATE, and the database goes on answering (raw reads and queries alike)', async () => {
    await expect(db.readJoined!('select * from no_such_table', [], 'x')).rejects.toMatchObject({ code: '42P01' });
    await expect(db.readJoined!(`select 1/$1::int as item`, [0], 'x')).rejects.toMatchObject({ code: '22012' });
    expect((await db.readJoined!(`select 'ok'::text as item`, [], 'x')).items.toString()).toBe('ok');
    expect(await db.query<{ n: number }>('select 1 as n')).toEqual([{ n: 1 }]);
  });

  it('never reads inside another caller\'s open transaction', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const tx = db.transaction(async (t) => {
      await t.query(`create temporary table raw_probe (x int)`);
      await t.query(`insert into raw_probe values (1)`);
      await held;
      throw new Error('rolled back on purpose');
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
    const read = db.readJoined!(`select count(*)::int as n, null::text as item from pg_class where relname = 'raw_probe'`, [], 'x');
    release();
    await tx;
    // Run after the transaction ended: the rolled-back table is not there.
    expect((await read).head).toEqual({ n: 0 });
  });

  it('gives every feed page of an agency byte for byte as `query` does (but its time)', async () => {
    const device = { agencyCode: (await db.query<{ code: string }>('select code from agencies order by code limit 1'))[0]!.code, kind: 'counter' as const };
    const plain: Queryable & { kind: 'pglite' } = { kind: 'pglite', query: (sql, params, name) => db.query(sql, params, name) };
    const strip = (b: Buffer) => b.toString('utf8').replace(/"serverTime":"[^"]+"/, '');
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const viaRaw = await readChanges(db, gw.meta.epoch, device, cursor, 7);
      const viaQuery = await readChanges(plain, gw.meta.epoch, device, cursor, 7);
      expect(strip(viaRaw.plain)).toBe(strip(viaQuery.plain));
      pages++;
      if (viaRaw.next === null) break;
      cursor = viaRaw.next;
    }
    // The province's items, the crossing into the agency's, and the last page.
    expect(pages).toBeGreaterThan(5);
  });
});
