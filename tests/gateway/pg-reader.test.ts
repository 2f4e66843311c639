/**
 * The reading thread for PostgreSQL (src/gateway/db/pg-reader.ts), against the real server: what
 * a feed read-ahead gets from it, its failures, and its end.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgReader } from '../../src/gateway/db/pg-reader';
import { openPg } from '../../src/gateway/db/pg';
import { TEST_PG_URL } from '../helpers/gateway';

describe('PostgreSQL reading thread', () => {
  let reader: PgReader;
  beforeAll(() => {
    reader = new PgReader(TEST_PG_URL);
  });
  afterAll(async () => reader?.close());

  const sql = `select 3::int8 as n, 'x' as label, item from (values ('{"a":"ấp Đông"}'), (null), ('[1,2]'), ('"€"')) v(item)`;

  it('answers the first row\'s columns and the non-null items joined as UTF-8, with the room asked for around them', async () => {
    const r = await reader.read(sql, [], 'reader-test-items', { front: 10, back: 32 });
    expect(r.head).toEqual({ n: 3, label: 'x' });
    expect(r.count).toBe(3);
    const text = '{"a":"ấp Đông"},[1,2],"€"';
    expect(r.items.toString('utf8')).toBe(text);
    expect(r.front).toBe(10);
    expect(r.frame.length).toBe(10 + Buffer.byteLength(text) + 32);
    expect(r.frame.subarray(10, 10 + r.items.length).equals(r.items)).toBe(true);
    // Again (the statement is prepared on the thread's connection now), with parameters.
    const again = await reader.read(`select $1::text as item union all select $2::text`, ['"a"', '"b"'], 'reader-test-params');
    expect(again.items.toString()).toBe('"a","b"');
  });

  it('answers no head and no items for a statement without rows', async () => {
    const r = await reader.read(`select 1 as n, null::text as item where false`, [], 'reader-test-empty');
    expect(r).toMatchObject({ head: null, count: 0 });
    expect(r.items.length).toBe(0);
  });

  it('rejects with the server\'s error code, and goes on working after it', async () => {
    await expect(reader.read('select * from no_such_table', [], 'reader-test-error')).rejects.toMatchObject({ code: '42P01' });
    const r = await reader.read(`select 'ok'::text as item`, [], 'reader-test-after');
    expect(r.items.toString()).toBe('ok');
  });

  it('keeps reading in order when several statements are asked for at once', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      reader.read(`select $1::text as item`, [`"${i}"`], 'reader-test-many')));
    expect(all.map((r) => r.items.toString())).toEqual(Array.from({ length: 20 }, (_, i) => `"${i}"`));
  });

  it('refuses reads once closed; a database reads through one and closes it with itself', async () => {
    const r = new PgReader(TEST_PG_URL);
    await r.read(`select 'a'::text as item`, [], 'reader-test-close');
    await r.close();
    expect(r.alive).toBe(false);
    await expect(r.read(`select 'a'::text as item`, [], 'reader-test-close')).rejects.toThrow(/closed/);
    const db = await openPg(TEST_PG_URL, 2);
    try {
      const first = await db.readJoined!(`select 'one'::text as item`, [], 'reader-test-db');
      expect(first.items.toString()).toBe('one');
      const second = await db.readJoined!(`select 'two'::text as item`, [], 'reader-test-db-2');
      expect(second.items.toString()).toBe('two');
    } finally {
      await db.close();
    }
  });
});
