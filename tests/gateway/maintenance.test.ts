import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/gateway/db/pglite';
import { migrate } from '../../src/gateway/db/migrations';
import type { Db } from '../../src/gateway/db/types';
import { ensureMeta } from '../../src/gateway/store/meta';
import { startMaintenance } from '../../src/gateway/store/maintenance';
import { pgliteTemplate, startGateway, type TestGateway } from '../helpers/gateway';
import { staffedCounter } from './kiosk';
import { seedStaff } from '../../src/gateway/demo/seed';

/** Rows written straight into the table, as an import would: nothing analyses them by itself. */
async function insertDossiers(db: Db, agency: string, n: number, from = 1): Promise<void> {
  await db.query(
    `insert into dossiers (code, agency_code, seq, status, id_hash, citizen_id, updated_at, data)
     select $1 || '-261126-' || lpad(i::text, 5, '0'), $1, i, 2, md5(i::text), null, now(),
       json_build_object('code', $1 || '-261126-' || lpad(i::text, 5, '0'), 'note', repeat('x', 400))
     from generate_series($2::int, $2::int + $3::int - 1) as i`,
    [agency, from, n]);
}

const reltuples = async (db: Db): Promise<number> =>
  Number((await db.query<{ n: number }>("select reltuples::int8 as n from pg_class where relname = 'dossiers'"))[0]?.n);

const feedPlan = async (db: Db, agency: string): Promise<string> =>
  (await db.query<{ 'QUERY PLAN': string }>(
    `explain select data::text from dossiers where agency_code = $1 and seq > 0 order by seq limit 500`, [agency]))
    .map((r) => r['QUERY PLAN']).join('\n');

/** A Db that records the statements it runs. */
function recording(db: Db, kind: Db['kind'] = db.kind): Db & { statements: string[] } {
  const statements: string[] = [];
  const wrap = (q: { query: Db['query'] }) => ({
    query: ((sql: string, params?: unknown[]) => {
      statements.push(sql.trim().split(/\s+/).slice(0, 2).join(' '));
      return q.query(sql, params);
    }) as Db['query'],
  });
  return {
    kind, statements,
    query: wrap(db).query,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    close: () => db.close(),
  };
}

describe('statistics refresh of the embedded database', () => {
  const dbs: Db[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.close();
  });
  const fresh = async (): Promise<Db> => {
    // A migrated snapshot: initdb and the migrations once per run, not once per test.
    const db = await openPglite(undefined, await pgliteTemplate());
    dbs.push(db);
    await migrate(db);
    await ensureMeta(db);
    return db;
  };

  it('analyses once enough rows were written, and the feed then walks the (agency, seq) index', async () => {
    const raw = await fresh();
    const db = recording(raw);
    await insertDossiers(raw, '000.00.01.H08', 3000);
    await insertDossiers(raw, '000.00.02.H08', 3000, 10_000);
    expect(await reltuples(raw)).toBeLessThan(0); // never analysed
    // Without statistics the planner reads the agency's every row and sorts them for one page.
    expect(await feedPlan(raw, '000.00.01.H08')).toContain('Sort');
    const m = startMaintenance(db, { delayMs: 0, minIntervalMs: 0 });
    m.noteWrites(150);
    await m.idle();
    expect(db.statements.filter((s) => s.startsWith('analyze'))).toHaveLength(0); // under 200 rows
    m.noteWrites(5850);
    await m.idle();
    expect(db.statements.filter((s) => s.startsWith('analyze'))).toHaveLength(1);
    expect(await reltuples(raw)).toBe(6000);
    const plan = await feedPlan(raw, '000.00.01.H08');
    expect(plan).toContain('Index Scan using dossiers_feed');
    expect(plan).not.toContain('Sort');
    await m.close();
  });

  it('waits for a tenth of the table more before the next run, and counts writes made during a run', async () => {
    const raw = await fresh();
    const db = recording(raw);
    await insertDossiers(raw, '000.00.01.H08', 5000);
    const m = startMaintenance(db, { delayMs: 0, minIntervalMs: 0 });
    m.noteWrites(5000);
    await m.idle();
    const runs = () => db.statements.filter((s) => s.startsWith('analyze')).length;
    expect(runs()).toBe(1);
    m.noteWrites(600); // threshold now 200 + 10 % of 5,000 = 700
    await m.idle();
    expect(runs()).toBe(1);
    m.noteWrites(100);
    await m.idle();
    expect(runs()).toBe(2);
    await m.close();
  });

  it('does not run more often than its interval, and a close cancels the run it had planned', async () => {
    const raw = await fresh();
    const db = recording(raw);
    const m = startMaintenance(db, { delayMs: 0, minIntervalMs: 60_000 });
    m.noteWrites(1000);
    await m.idle();
    m.noteWrites(1000); // due, but not before a minute has passed
    await new Promise((r) => setTimeout(r, 100));
    await m.close();
    expect(db.statements.filter((s) => s.startsWith('analyze'))).toHaveLength(1);
  });

  it('leaves a PostgreSQL server to its autovacuum', async () => {
    const db = recording(await fresh(), 'pg');
    const m = startMaintenance(db, { delayMs: 0, minIntervalMs: 0 });
    m.noteWrites(1_000_000);
    await m.idle();
    await m.close();
    expect(db.statements).toEqual([]);
  });
});

describe('statistics refresh through the gateway', () => {
  let gw: TestGateway | undefined;
  afterAll(async () => gw?.close());

  it('refreshes the statistics after kiosks pushed dossiers (embedded database)', async () => {
    gw = await startGateway({ storage: 'pglite', seed: 'catalog' });
    await seedStaff(gw.db, '000.00.01.H08');
    const k = await staffedCounter(gw, '000.00.01.H08');
    await k.lease(300);
    const before = await reltuples(gw.db);
    for (let b = 0; b < 5; b++) {
      const r = await k.push(Array.from({ length: 50 }, () => k.create(k.nextCode())));
      expect(r.status).toBe(200);
    }
    // 250 applied creates pass the 200-row threshold; the run follows a second later.
    const deadline = Date.now() + 10_000;
    while ((await reltuples(gw.db)) < 250 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(before).toBeLessThan(250);
    expect(await reltuples(gw.db)).toBe(250);
  });
});
