/**
 * Provincial gateway throughput and latency, on PGlite (embedded) and PostgreSQL (KIOSK_TEST_PG_URL).
 *
 * - saturation: every simulated kiosk pushes 50-mutation batches back to back (closed loop):
 *   the single-node limit in mutations/s;
 * - target rate: the same kiosks push at a fixed total rate (open loop, the target of the
 *   issue: 1,000/s PGlite, 3,000/s PostgreSQL) and we record the p99 batch latency;
 * - change feed: p99 of fetching a 500-dossier page.
 * Clients run in the same process as the gateway, on the same cores: numbers are conservative.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { v7 as uuidv7 } from 'uuid';
import type { BenchOptions, Metric } from './types';
import { freshDatabase, TEST_PG_URL } from '../tests/helpers/gateway';
import { openPg } from '../src/gateway/db/pg';
import type { Db } from '../src/gateway/db/types';
import { seedDossiers } from '../src/gateway/demo/seed';
import { idHashInput, PROTOCOL_HEADER, PROTOCOL_VERSION, type EnrollResponse, type Lease } from '../src/shared/protocol';

const BATCH_DOSSIERS = 10; // × 5 mutations = 50 per batch

interface Kiosk { dev: EnrollResponse; lease: Lease; next: number; headers: Record<string, string> }

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

function batchBody(k: Kiosk): string {
  const muts: unknown[] = [];
  const t = new Date().toISOString();
  const idHash = createHash('sha256').update(idHashInput(k.dev.idSalt, '008090001234')).digest('hex');
  for (let i = 0; i < BATCH_DOSSIERS; i++) {
    const n = k.next++;
    if (n > k.lease.last) throw new Error('lease exhausted');
    const code = `${k.lease.agencyCode}-${k.lease.day.slice(2).replaceAll('-', '')}-${String(n).padStart(4, '0')}`;
    muts.push(
      { id: uuidv7(), type: 'dossier.create', at: t, payload: {
        code, procedureCode: '2.000815', receivedAt: t, appointmentAt: t,
        applicant: { name: 'Nguyễn Văn An', idHash, idMasked: null, birthDate: '1990', sex: 'male', address: 'Xã Hùng Lợi, Tuyên Quang', phone: null, email: null },
        fees: [{ id: 'P1', name: 'Phí', amount: 10_000, paid: false, paidAt: null, method: null, reference: null }] } },
      { id: uuidv7(), type: 'dossier.transition', at: t, payload: { code, from: 2, to: 4 } },
      { id: uuidv7(), type: 'dossier.payFee', at: t, payload: { code, feeId: 'P1', amount: 10_000, method: 'cash' } },
      { id: uuidv7(), type: 'dossier.transition', at: t, payload: { code, from: 4, to: 9 } },
      { id: uuidv7(), type: 'dossier.rate', at: t, payload: { code, score: 4 } },
    );
  }
  return JSON.stringify({ mutations: muts });
}

async function push(url: string, k: Kiosk, lat: number[]): Promise<number> {
  const body = batchBody(k);
  const t0 = performance.now();
  const res = await fetch(`${url}/v1/mutations`, { method: 'POST', headers: k.headers, body });
  const j = (await res.json()) as { results?: { status: string }[] };
  lat.push(performance.now() - t0);
  if (!res.ok || !j.results) throw new Error(`push ${res.status} ${JSON.stringify(j).slice(0, 200)}`);
  return j.results.filter((r) => r.status === 'applied').length;
}

/** The gateway under test, in its own process (as deployed), so its CPU time can be read. */
interface Server { url: string; pid: number; admin: string; db: Db | null; child: ChildProcess; stop(): Promise<void> }

async function startServer(databaseUrl: string | null): Promise<Server> {
  const admin = randomBytes(32).toString('base64url');
  const storage = databaseUrl ? ['--database-url', databaseUrl] : ['--memory'];
  const child = spawn(process.execPath, [...(process.env.GATEWAY_BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.GATEWAY_BENCH_PROF}`] : []), '--import', 'tsx', 'src/cli/gateway.ts', 'serve', '--port', '0', '--log-level', 'warn',
    '--seed', 'demo', '--rate-limit', '100000000', '--enroll-rate-limit', '100000000', ...storage], {
    env: { ...process.env, KIOSK_GATEWAY_ADMIN_TOKEN: admin }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (l) => resolve((JSON.parse(l) as { listening: string }).listening));
    child.once('exit', (c) => reject(new Error(`gateway exited ${c}`)));
  });
  const db = databaseUrl ? await openPg(databaseUrl, 2) : null;
  return {
    url, pid: child.pid ?? 0, admin, db, child,
    async stop() {
      await db?.close();
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const ticks = (pid: number): number => {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return NaN;
  }
};
/** CPU ms used so far by the gateway process and, on PostgreSQL, the server backends of its database. */
async function cpuMs(srv: Server): Promise<number> {
  let pids = [srv.pid];
  if (srv.db) {
    const rows = await srv.db.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()');
    pids = pids.concat(rows.map((r) => r.pid));
  }
  return pids.reduce((sum, pid) => sum + ticks(pid) * 10, 0);
}

async function adminPost<T>(srv: Server, path: string, body: unknown): Promise<T> {
  const res = await fetch(srv.url + path, {
    method: 'POST', body: JSON.stringify(body),
    headers: { authorization: `Bearer ${srv.admin}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`${path} ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function enroll(srv: Server, agency: string, name: string): Promise<EnrollResponse> {
  const { code } = await adminPost<{ code: string }>(srv, '/v1/admin/enroll-codes', { agency });
  const res = await fetch(`${srv.url}/v1/enroll`, {
    method: 'POST', body: JSON.stringify({ code, deviceName: name, kind: 'counter', appVersion: 'bench' }),
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`enroll ${res.status}`);
  return (await res.json()) as EnrollResponse;
}

async function setupKiosks(gw: Server, n: number, perKiosk: number): Promise<Kiosk[]> {
  const kiosks: Kiosk[] = [];
  for (let i = 0; i < n; i++) {
    const agency = `000.00.${String(Math.floor(i / 2) % 100).padStart(2, '0')}.H09`;
    const dev = await enroll(gw, agency, `bench-${i}`);
    const headers = { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' };
    const res = await fetch(`${gw.url}/v1/leases`, { method: 'POST', headers, body: JSON.stringify({ count: perKiosk }) });
    const lease = (await res.json()) as Lease;
    if (!res.ok) throw new Error(`lease ${res.status} ${JSON.stringify(lease)}`);
    kiosks.push({ dev, lease, next: lease.first, headers });
  }
  return kiosks;
}

async function saturation(gw: Server, kiosks: Kiosk[], seconds: number) {
  const lat: number[] = [];
  let applied = 0;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(kiosks.map(async (k) => {
    while (performance.now() < end) {
      const n = await push(gw.url, k, lat);
      applied += n;
    }
  }));
  return { rate: applied / ((performance.now() - t0) / 1000), p99: p(lat, 0.99) };
}

/** Open loop: the kiosks push on a fixed schedule that offers `mutationsPerSecond` for `seconds`.
 * The rate is what the gateway acknowledged within the latency target (200 ms after the schedule's
 * end at the latest) per second of the schedule: a gateway that falls behind answers late and the
 * rate drops, while the last answers' flight time does not count against one that keeps up. */
async function atRate(gw: Server, kiosks: Kiosk[], seconds: number, mutationsPerSecond: number) {
  const lat: number[] = [];
  let applied = 0;
  let late = 0;
  const perKioskInterval = (kiosks.length * BATCH_DOSSIERS * 5 * 1000) / mutationsPerSecond;
  const t0 = performance.now();
  const end = t0 + seconds * 1000;
  await Promise.all(kiosks.map(async (k, i) => {
    // Spread the kiosks' first pushes over one interval, then a fixed schedule (open loop).
    let due = t0 + (i / kiosks.length) * perKioskInterval;
    const inflight: Promise<void>[] = [];
    while (due < end) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(push(gw.url, k, lat).then((n) => {
        if (performance.now() <= end + 200) applied += n;
        else late += n;
      }));
      due += perKioskInterval;
    }
    await Promise.all(inflight);
  }));
  return { rate: applied / seconds, late, p99: p(lat, 0.99) };
}

async function feedPages(gw: Server, samples: number): Promise<{ p99: number; p50: number }> {
  const agency = '000.00.99.H09';
  if (gw.db) await seedDossiers(gw.db, agency, 3000, { seed: 7 });
  else await adminPost(gw, '/v1/admin/seed', { agency, dossiers: 3000, seed: 7 });
  const dev = await enroll(gw, agency, 'feed');
  const headers = { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  const lat: number[] = [];
  let cursor: string | undefined;
  // Warm-up pages (JIT, caches) are not measured; parsing the page is the client's work, after the clock stops.
  for (let i = -3; i < samples; i++) {
    const t0 = performance.now();
    const res = await fetch(`${gw.url}/v1/changes?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers });
    const text = await res.text();
    const ms = performance.now() - t0;
    const page = JSON.parse(text) as { items: { type: string }[]; cursor: string; hasMore: boolean };
    const dossiers = page.items.filter((x) => x.type === 'dossier').length;
    if (i >= 0 && dossiers === 500) lat.push(ms);
    // Keep fetching full pages of dossiers: start over when the agency's tail is reached.
    cursor = page.hasMore ? page.cursor : undefined;
  }
  return { p99: p(lat, 0.99), p50: p(lat, 0.5) };
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const kiosksN = opts.quick ? 50 : 200;
  const seconds = opts.quick ? 3 : 12;
  const metrics: Metric[] = [];
  for (const [name, target] of [['pglite', 1000], ['postgresql', 3000]] as const) {
    const fresh = name === 'postgresql' ? await freshDatabase(TEST_PG_URL) : null;
    const gw = await startServer(fresh?.url ?? null);
    try {
      const kiosks = await setupKiosks(gw, kiosksN, 1000);
      const cpu0 = await cpuMs(gw);
      const sat = await saturation(gw, kiosks, seconds);
      const cpuPer1000 = ((await cpuMs(gw)) - cpu0) / ((sat.rate * seconds) / 1000);
      const paced = await atRate(gw, kiosks, seconds, target);
      const feed = await feedPages(gw, opts.quick ? 300 : 1000);
      const note = `${kiosksN} kiosks, 50-mutation batches, ${seconds}s; gateway in its own process, clients in this one, same 2 cores`;
      metrics.push(
        { name: `gateway.${name}.saturation_mutations_per_s`, value: Math.round(sat.rate), target, unit: 'mutations/s', better: 'higher', note: `closed loop (single-node limit); ${note}; p99 at saturation ${Math.round(sat.p99)} ms` },
        { name: `gateway.${name}.mutations_per_s_at_target`, value: Math.round(paced.rate), target, unit: 'mutations/s', better: 'higher', note: `open loop offering ${target}/s; acknowledged within 200 ms of the schedule's end, per second of the schedule (${paced.late} acknowledged later); ${note}` },
        { name: `gateway.${name}.batch_p99_ms_at_target`, value: Math.round(paced.p99 * 10) / 10, target: 200, unit: 'ms', better: 'lower', note: `open loop at ${target}/s` },
        { name: `gateway.${name}.feed_page500_p99_ms`, value: Math.round(feed.p99 * 10) / 10, target: 50, unit: 'ms', better: 'lower', note: `500-dossier pages (~540 KB) of one agency with 3,000 dossiers, request to last byte; p50 ${Math.round(feed.p50 * 10) / 10} ms` },
        { name: `gateway.${name}.cpu_ms_per_1000_mutations`, value: Math.round(cpuPer1000), target: null, unit: 'ms', better: 'lower',
          note: `CPU time of the gateway process${name === 'postgresql' ? ' + its PostgreSQL backends' : ''} during saturation: ~${Math.round(1e6 / cpuPer1000)} mutations/s per fully available core, whatever else loads the machine` },
      );
    } finally {
      await gw.stop();
      await fresh?.drop();
    }
  }
  return metrics;
}

// `npx tsx bench/gateway.bench.ts [--quick]` runs this module alone.
if (process.argv[1]?.endsWith('gateway.bench.ts')) {
  run({ quick: process.argv.includes('--quick') }).then((m) => console.table(m), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
