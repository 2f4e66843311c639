/**
 * Several gateway processes on one PostgreSQL database (docs/ARCHITECTURE.md "Several gateway
 * processes"): each outbox row is delivered by exactly one process, a dossier's rows in order
 * (rows written by the test, and real status changes pushed to either process and reported to a
 * fake national portal), and a dead process's claims expire. Start-up jobs run once.
 */
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, startGateway, TEST_PG_URL, type TestGateway } from '../helpers/gateway';
import { claimDue } from '../../src/gateway/adapters/outbox';
import { DEMO_AGENCIES } from '../../src/gateway/demo/catalog';
import { STORAGES } from './storages';
import { startFakePortal, portalConfig, type FakePortal, type PortalCall } from '../helpers/fake-portal';
import { registerDemoOfficer } from '../helpers/staff-keys';
import { fakeKiosk } from './kiosk';
import { openPg } from '../../src/gateway/db/pg';
import { createEnrollCode } from '../../src/gateway/store/devices';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type EnrollResponse } from '../../src/shared/protocol';

const DOSSIERS = 100;
const UPDATES = 10;
const PER_AGENCY = 4;

interface Received { ref: string; n: number; worker: string }

function startProcess(cfg: Record<string, unknown>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/outbox-process.ts', JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => resolve({ child, url: (JSON.parse(line) as { url: string }).url }));
    child.once('exit', (code) => reject(new Error(`gateway process exited with ${code}`)));
  });
}

describe('two gateway processes on one PostgreSQL database', () => {
  let db: { url: string; drop(): Promise<void> };
  let portal: http.Server;
  let client: pg.Client;
  let fake: FakePortal;
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  const received: Received[] = [];
  const inFlight = new Set<string>();
  let overlaps = 0;
  // A deterministic 3 % of answers are 500s, so retries (and their backoff) happen under both processes.
  let rnd = 12345;
  const random = (): number => ((rnd = (rnd * 1103515245 + 12345) % 2147483648) / 2147483648);

  beforeAll(async () => {
    db = await freshDatabase(TEST_PG_URL);
    portal = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const j = JSON.parse(body) as { ref: string; n: number };
        if (inFlight.has(j.ref)) overlaps++;
        inFlight.add(j.ref);
        setTimeout(() => {
          inFlight.delete(j.ref);
          if (random() < 0.03) {
            res.writeHead(500).end();
            return;
          }
          received.push({ ref: j.ref, n: j.n, worker: String(req.headers['x-worker']) });
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        }, Math.floor(random() * 4));
      });
    });
    await new Promise<void>((r) => portal.listen(0, '127.0.0.1', r));
    const portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}/`;
    // Both start at once on the empty database: migrations, start-up upgrades and demo seeding race.
    fake = await startFakePortal();
    const started = await Promise.all(['A', 'B'].map((name) => startProcess({
      databaseUrl: db.url, portalUrl, name, dossiersPerAgency: PER_AGENCY, nationalPortal: portalConfig(fake, 5_000),
    })));
    children.push(...started.map((p) => p.child));
    urls.push(...started.map((p) => p.url));
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => new Promise((r) => {
      if (c.exitCode !== null) return r(null);
      c.once('exit', r);
      c.kill('SIGTERM');
    })));
    await client?.end();
    await new Promise((r) => portal?.close(r));
    await fake?.close();
    await db?.drop();
  }, 60_000);

  it('seeds the demo once although both processes seeded it at start', async () => {
    const { rows } = await client.query<{ n: string }>('select count(*) as n from dossiers');
    expect(Number(rows[0]?.n)).toBe(DEMO_AGENCIES.length * PER_AGENCY);
    const migrations = await client.query('select id from schema_migrations');
    expect(new Set(migrations.rows.map((r: { id: number }) => r.id)).size).toBe(migrations.rows.length);
  });

  it(`delivers ${DOSSIERS * UPDATES} updates over ${DOSSIERS} dossiers exactly once each, in order per dossier`, async () => {
    // The accepting transactions' rows, written in waves while both delivery loops run.
    for (let n = 0; n < UPDATES; n++) {
      const rows = Array.from({ length: DOSSIERS }, (_, i) => ({ ref: `TEST-${String(i).padStart(4, '0')}`, n }));
      await client.query(
        `insert into outbox (adapter, ref, payload)
         select 'test-portal', x.ref, json_build_object('ref', x.ref, 'n', x.n)::jsonb
         from json_to_recordset($1::json) as x(ref text, n int) order by x.n, x.ref`, [JSON.stringify(rows)]);
      await new Promise((r) => setTimeout(r, 15));
    }
    const deadline = Date.now() + 90_000;
    while (received.length < DOSSIERS * UPDATES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Anything delivered twice would arrive within a few rounds more.
    await new Promise((r) => setTimeout(r, 500));

    const keys = received.map((r) => `${r.ref}#${r.n}`);
    expect(keys.length).toBe(DOSSIERS * UPDATES);
    expect(new Set(keys).size).toBe(DOSSIERS * UPDATES);
    const byRef = new Map<string, number[]>();
    for (const r of received) byRef.set(r.ref, [...(byRef.get(r.ref) ?? []), r.n]);
    expect(byRef.size).toBe(DOSSIERS);
    for (const ns of byRef.values()) expect(ns).toEqual(Array.from({ length: UPDATES }, (_, i) => i));
    // No dossier was ever being delivered by two processes at once.
    expect(overlaps).toBe(0);
    const workers = new Map<string, number>();
    for (const r of received) workers.set(r.worker, (workers.get(r.worker) ?? 0) + 1);
    expect([...workers.keys()].sort()).toEqual(['A', 'B']);

    const left = await client.query<{ pending: string; claimed: string; retried: string }>(
      `select count(*) filter (where delivered_at is null) as pending, count(*) filter (where claimed_by is not null) as claimed,
         count(*) filter (where attempts > 1) as retried from outbox`);
    expect(left.rows[0]).toMatchObject({ pending: '0', claimed: '0' });
    expect(Number(left.rows[0]?.retried)).toBeGreaterThan(0);
  }, 120_000);

  it(`sends ${DOSSIERS * UPDATES} status changes, each accepted by either process, to the national portal once each and in order per dossier`, async () => {
    const store = await openPg(db.url, 2);
    try {
      const agency = DEMO_AGENCIES[0]!.code;
      const { code: enrollCode } = await createEnrollCode(store, { agency, counter: null, kind: 'counter' });
      const res = await fetch(`${urls[0]}/v1/enroll`, {
        method: 'POST', headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        body: JSON.stringify({ code: enrollCode, deviceName: 'quầy thử', kind: 'counter', appVersion: 'test' }),
      });
      expect(res.status).toBe(200);
      const dev = (await res.json()) as EnrollResponse;
      const officer = await registerDemoOfficer(urls[0]!, dev, 0);
      // One counter, talking to either process (a load balancer's choice) for every push.
      const kiosks = urls.map((u) => fakeKiosk(u, dev, officer));
      await kiosks[0]!.lease(DOSSIERS);
      const codes = Array.from({ length: DOSSIERS }, () => kiosks[0]!.nextCode());
      const supplement = { supplements: [{ name: 'Bản sao giấy khai sinh', note: 'Chưa chứng thực' }] };
      type K = ReturnType<typeof fakeKiosk>;
      const steps: { make: (k: K, code: string) => unknown; status: string }[] = [
        { make: (k, c) => k.create(c), status: '2' },
        { make: (k, c) => k.transition(c, 2, 4), status: '4' },
        { make: (k, c) => k.transition(c, 4, 5, supplement), status: '5' },
        { make: (k, c) => k.transition(c, 5, 4), status: '4' },
        { make: (k, c) => k.transition(c, 4, 5, supplement), status: '5' },
        { make: (k, c) => k.transition(c, 5, 4), status: '4' },
        { make: (k, c) => k.transition(c, 4, 6), status: '6' },
        { make: (k, c) => k.payFee(c), status: '6' },
        { make: (k, c) => k.transition(c, 6, 9), status: '9' },
        { make: (k, c) => k.transition(c, 9, 10), status: '10' },
      ];
      expect(steps).toHaveLength(UPDATES);
      const via = [0, 0];
      for (const step of steps) {
        await Promise.all(codes.map(async (code) => {
          const i = random() < 0.5 ? 0 : 1;
          via[i]!++;
          const k = kiosks[i]!;
          const r = await k.push([step.make(k, code)]);
          expect(r.status).toBe(200);
          expect((r.body as { results: { status: string }[] }).results[0]?.status).toBe('applied');
        }));
      }
      expect(Math.min(...via)).toBeGreaterThan(0);
      const mine = new Set(codes);
      const ours = (): PortalCall[] => fake.calls.filter((c) => mine.has(c.data[0]!.MaHoSo));
      const deadline = Date.now() + 120_000;
      while (ours().length < DOSSIERS * UPDATES * 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 500));

      expect(fake.invalid).toEqual([]);
      expect(ours()).toHaveLength(DOSSIERS * UPDATES * 2);
      const want = steps.flatMap((s, i) => [`DongBoHoSoMC:${s.status}:${i === 0 ? 'False' : 'True'}`, `CapNhatTienDoHoSoMC:${s.status}`]);
      for (const code of codes) {
        const got = ours().filter((c) => c.data[0]!.MaHoSo === code)
          .map((c) => c.service === 'DongBoHoSoMC' ? `${c.service}:${c.data[0]!.TrangThaiHoSo}:${c.isUpdating}` : `${c.service}:${c.data[0]!.TrangThai}`);
        expect(got, code).toEqual(want);
      }
      // Both processes delivered (each logged in once and used its own session).
      const sessions = new Set(fake.log.filter((l) => mine.has(l.ref) && l.answer === 200).map((l) => l.session));
      expect(sessions.size).toBeGreaterThanOrEqual(2);
      const left = await store.query<{ n: number }>(`select count(*) as n from outbox where adapter = 'national-portal' and delivered_at is null`);
      expect(Number(left[0]?.n)).toBe(0);
    } finally {
      await store.close();
    }
  }, 240_000);
});

describe.each(STORAGES)('outbox claims on %s', (_name, storage) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ storage });
  });
  afterAll(async () => {
    await gw?.close();
  });

  const insert = async (ref: string, n: number): Promise<number> =>
    (await gw.db.query<{ id: number }>(`insert into outbox (adapter, ref, payload) values ('x', $1, $2) returning id`, [ref, { ref, n }]))[0]!.id;

  it('claims only the oldest undelivered row of each dossier, and takes over claims that expired', async () => {
    const a1 = await insert('A', 1);
    const a2 = await insert('A', 2);
    const b1 = await insert('B', 1);
    // A claim of 3 s: long enough that a loaded machine's next statements still fall inside it.
    expect((await claimDue(gw.db, ['x'], 'w1', 10, 3000)).map((r) => r.id)).toEqual([a1, b1]);
    // A's second row waits for its first; the first two are held by w1's claim.
    expect(await claimDue(gw.db, ['x'], 'w2', 10, 3000)).toEqual([]);
    // Another adapter's rows are not claimed by a process that lacks it.
    expect(await claimDue(gw.db, ['y'], 'w2', 10, 3000)).toEqual([]);
    // w1 died: after its claims expire, w2 takes the rows over.
    await new Promise((r) => setTimeout(r, 3200));
    expect((await claimDue(gw.db, ['x'], 'w2', 10, 60_000)).map((r) => r.id)).toEqual([a1, b1]);
    await gw.db.query('update outbox set delivered_at = now(), claimed_by = null, claimed_until = null where id = $1', [a1]);
    expect((await claimDue(gw.db, ['x'], 'w3', 10, 60_000)).map((r) => r.id)).toEqual([a2]);
    const held = await gw.db.query<{ id: number; claimed_by: string }>('select id, claimed_by from outbox where delivered_at is null order by id');
    expect(held).toEqual([{ id: a2, claimed_by: 'w3' }, { id: b1, claimed_by: 'w2' }]);
  });
});
