import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { ChangesPage } from '../../src/shared/protocol';
import { isWorkingDay, officialCalendar, VIETNAM_OFFSET_MS } from '../../src/shared/domain';
import { STORAGES } from './storages';
import { codeOf, fakeKiosk, staffedCounter } from './kiosk';

const A1 = '000.00.01.H08';

describe.each(STORAGES)('change feed and code leases on %s', (_name, storage) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ storage, seed: 'demo', dossiersPerAgency: 25 });
  });
  afterAll(async () => gw?.close());
  const kiosk = async (agency = A1) => staffedCounter(gw, agency);

  it('pages through the catalog, holidays, staff and only this agency\'s dossiers, each once', async () => {
    const k = await kiosk();
    const first = await k.api('GET', '/v1/changes?limit=7');
    expect(ChangesPage.parse(first.body).items).toHaveLength(7);
    const all = await k.pullAll(undefined, 7);
    expect(all.status).toBe(200);
    const dossiers = all.items.filter((i) => i.type === 'dossier');
    expect(dossiers).toHaveLength(25);
    expect(new Set(dossiers.map((d) => d.data.code)).size).toBe(25);
    expect(dossiers.every((d) => d.data.agencyCode === A1)).toBe(true);
    expect(new Set(dossiers.map((d) => d.data.status))).toEqual(new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    expect(all.items.filter((i) => i.type === 'procedure').length).toBeGreaterThanOrEqual(10);
    expect(all.items.filter((i) => i.type === 'staff').every((s) => s.data.agencyCode === A1 && s.data.pin.alg === 'pbkdf2-sha256')).toBe(true);
    const empty = await k.api('GET', `/v1/changes?cursor=${all.cursor}`);
    expect(empty.body).toMatchObject({ items: [], hasMore: false, cursor: all.cursor });
  });

  it('says "more" exactly when rows remain, on a page that ends the feed exactly as on one that stops short', async () => {
    const k = await kiosk();
    const everything = await k.pullAll(undefined, 1000);
    const total = everything.items.length;
    expect(everything.body.hasMore).toBe(false);
    // One item short of the whole feed: more remains. The whole feed exactly: nothing remains.
    const short = await k.api('GET', `/v1/changes?limit=${total - 1}`);
    expect(short.body.items).toHaveLength(total - 1);
    expect(short.body.hasMore).toBe(true);
    const last = await k.api('GET', `/v1/changes?limit=1&cursor=${short.body.cursor}`);
    expect(last.body.items).toHaveLength(1);
    expect(last.body.hasMore).toBe(false);
    const exact = await k.api('GET', `/v1/changes?limit=${total}`);
    expect(exact.body.items).toHaveLength(total);
    expect(exact.body.hasMore).toBe(false);
    // The items of one page are distinct entities; together the pages hold each one once.
    const key = (i: { type: string; data: { code?: string; id?: string; date?: string } }) => `${i.type}:${i.data.code ?? i.data.id ?? i.data.date}`;
    expect(new Set([...short.body.items, ...last.body.items].map(key)).size).toBe(total);
  });

  it('gives demo appointments that fall on working days of the official schedule', async () => {
    const hol = await gw.db.query<{ data: { date: string; kind: string } }>('select data from holidays');
    const byYear = new Map<number, string[]>();
    for (const h of hol) byYear.set(Number(h.data.date.slice(0, 4)), [...(byYear.get(Number(h.data.date.slice(0, 4))) ?? []), h.data.date]);
    const cal = officialCalendar([...byYear].map(([year, holidays]) => ({ year, holidays })));
    const rows = await gw.db.query<{ data: { appointmentAt: string; receivedAt: string } }>('select data from dossiers');
    for (const r of rows) {
      const day = new Date(Date.parse(r.data.appointmentAt) + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
      expect(isWorkingDay(day, cal), day).toBe(true);
      expect(Date.parse(r.data.appointmentAt)).toBeGreaterThanOrEqual(Date.parse(r.data.receivedAt));
    }
  });

  it('skips nothing while many devices write and one pulls', async () => {
    const reader = await kiosk();
    let cursor = (await reader.pullAll()).cursor;
    const writers = await Promise.all(Array.from({ length: 5 }, () => kiosk()));
    for (const w of writers) await w.lease(40);
    const seen = new Map<string, number>();
    let writing = true;
    const pulling = (async () => {
      while (writing) {
        const r = await reader.pullAll(cursor, 5);
        for (const i of r.items) if (i.type === 'dossier') seen.set(i.data.code, i.data.version);
        cursor = r.cursor;
      }
    })();
    const codes: string[] = [];
    await Promise.all(writers.map(async (w) => {
      for (let b = 0; b < 6; b++) {
        const batch = Array.from({ length: 5 }, () => {
          const c = w.nextCode();
          codes.push(c);
          return [w.create(c), w.transition(c, 2, 4)];
        }).flat();
        await w.push(batch);
      }
    }));
    writing = false;
    await pulling;
    const tail = await reader.pullAll(cursor, 50);
    for (const i of tail.items) if (i.type === 'dossier') seen.set(i.data.code, i.data.version);
    for (const c of codes) expect(seen.get(c), c).toBe(2);
  });

  it('answers cursor-reset to a cursor from the future (restored database) and from another database', async () => {
    const k = await kiosk();
    await k.lease(5);
    const before = (await k.pullAll()).cursor;
    const stream = await gw.db.query<{ seq: number }>(`select seq from feed_streams where stream = 'agency:${A1}'`);
    const code = k.nextCode();
    await k.push([k.create(code)]);
    const after = (await k.pullAll(before)).cursor;
    // Restore the state of the backup taken before that intake.
    await gw.db.query('delete from dossier_events where code = $1', [code]);
    await gw.db.query('delete from dossiers where code = $1', [code]);
    await gw.db.query(`update feed_streams set seq = $1 where stream = 'agency:${A1}'`, [stream[0]?.seq]);
    const r = await k.api('GET', `/v1/changes?cursor=${after}`);
    expect(r.status).toBe(410);
    expect(r.body.error.code).toBe('cursor-reset');
    expect((await k.api('GET', `/v1/changes?cursor=${before}`)).status).toBe(200);
    const other = await startGateway({ storage: 'pglite' });
    try {
      const k2 = fakeKiosk(other.url, await other.enroll(A1));
      const r2 = await k2.api('GET', `/v1/changes?cursor=${before}`);
      expect(r2.body.error.code).toBe('cursor-reset');
    } finally {
      await other.close();
    }
    expect((await k.api('GET', '/v1/changes?cursor=garbage')).body.error.code).toBe('validation');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(before as string, 'base64url').toString()), a: '000.00.02.H08' })).toString('base64url');
    expect((await k.api('GET', `/v1/changes?cursor=${forged}`)).status).toBe(403);
  });

  it('leases disjoint blocks, never reissues a number, and voids what is released', async () => {
    const k1 = await kiosk();
    const k2 = await kiosk();
    const l1 = await k1.lease(10);
    const l2 = await k2.lease(10);
    expect(l1.day).toBe(l2.day);
    expect(l2.first).toBeGreaterThan(l1.last);
    // A code from another device's block is not this device's to use.
    const stolen = await k2.push([k2.create(codeOf(l1, l1.first))]);
    expect(stolen.body.results[0].reason).toBe('code-not-leased');
    const used = k1.nextCode();
    await k1.push([k1.create(used)]);
    const voided = k1.nextCode();
    const v = await k1.push([k1.voidCode(voided)]);
    expect(v.body.results[0].status).toBe('applied');
    const rel = await k1.api('POST', `/v1/leases/${l1.id}/release`);
    expect(rel.body).toMatchObject({ used: 1, voided: 8 });
    const late = await k1.push([k1.create(codeOf(l1, l1.last)), k1.create(voided)]);
    expect(late.body.results.map((x: { reason: string }) => x.reason)).toEqual(['code-voided', 'code-voided']);
    const l3 = await k1.lease(5);
    expect(l3.first).toBeGreaterThan(l2.last);
    expect((await k1.api('GET', '/v1/leases')).body.leases.map((l: { id: string }) => l.id)).toEqual([l3.id]);
    const far = await k1.api('POST', '/v1/leases', { count: 5, day: '2099-01-01' });
    expect(far.body.error.code).toBe('lease-invalid');
    expect((await k2.api('POST', `/v1/leases/${l1.id}/release`)).status).toBe(404);
  });
});
