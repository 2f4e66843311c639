/**
 * Provincial gateway throughput and latency, on PGlite (embedded) and PostgreSQL (KIOSK_TEST_PG_URL).
 *
 * - saturation: every simulated kiosk pushes 50-mutation batches back to back (closed loop):
 *   the single-node limit in mutations/s;
 * - target rate: the same kiosks push at a fixed total rate (open loop, the target of the
 *   issue: 1,000/s PGlite, 3,000/s PostgreSQL) and we record the p99 batch latency;
 * - change feed: p99 of fetching a 500-dossier page (a counter's feed), and of a 500-item page of
 *   citizen views (a kiosk-kind device's feed);
 * - signatures: every staff mutation is signed by a registered officer key, as counters do, and
 *   the gateway verifies each one. Batches are signed before each timed phase (the clients share
 *   the gateway's two cores, and signing is the counters' work, not the gateway's); the cost of
 *   signing and of the gateway's verification per mutation is measured on its own.
 * The gateway runs in its own process; the clients in this one, on the same cores: numbers are conservative.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { v7 as uuidv7 } from 'uuid';
import type { BenchOptions, Metric } from './types';
import { freshDatabase, TEST_PG_URL } from '../tests/helpers/gateway';
import { openPg } from '../src/gateway/db/pg';
import type { Db } from '../src/gateway/db/types';
import { seedDossiers, seedStaff } from '../src/gateway/demo/seed';
import { idHashInput, PROTOCOL_HEADER, PROTOCOL_VERSION, type DeviceKind, type EnrollResponse, type Lease } from '../src/shared/protocol';
import { cachedPublicKey, signatureValid } from '../src/gateway/trust';
import { newOfficerKey, registerDemoOfficer, signMutation, type OfficerKey } from '../tests/helpers/staff-keys';

const BATCH_DOSSIERS = 10; // × 5 mutations = 50 per batch

interface Kiosk {
  dev: EnrollResponse; lease: Lease; next: number; headers: Record<string, string>; officer: OfficerKey;
  /** Batches signed ahead of a timed phase. */
  ready: string[];
}
/** Batches that had to be signed during a timed phase (the pool ran dry). */
let signedLate = 0;

function p(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

/** The five mutations of one intake, unsigned. */
function intakeEnvelopes(idSalt: string, code: string, t: string) {
  const idHash = createHash('sha256').update(idHashInput(idSalt, '008090001234')).digest('hex');
  return [
    { id: uuidv7(), type: 'dossier.create', at: t, payload: {
      code, procedureCode: '2.000815', receivedAt: t, appointmentAt: t,
      applicant: { name: 'Nguyễn Văn An', idHash, idMasked: null, birthDate: '1990', sex: 'male', address: 'Xã Hùng Lợi, Tuyên Quang', phone: null, email: null },
      fees: [{ id: 'P1', name: 'Phí', amount: 10_000, paid: false, paidAt: null, method: null, reference: null }] } },
    { id: uuidv7(), type: 'dossier.transition', at: t, payload: { code, from: 2, to: 4 } },
    { id: uuidv7(), type: 'dossier.payFee', at: t, payload: { code, feeId: 'P1', amount: 10_000, method: 'cash' } },
    { id: uuidv7(), type: 'dossier.transition', at: t, payload: { code, from: 4, to: 9 } },
    { id: uuidv7(), type: 'dossier.rate', at: t, payload: { code, score: 4 } },
  ];
}

/** One intake as a counter sends it: the four staff mutations named and signed by its officer, the rating not. */
function intakeMutations(k: Kiosk, code: string, t: string): unknown[] {
  const e = intakeEnvelopes(k.dev.idSalt, code, t);
  return [...e.slice(0, 4).map((m) => signMutation(k.officer, m)), e[4]];
}

function batchBody(k: Kiosk): string {
  const muts: unknown[] = [];
  const t = new Date().toISOString();
  for (let i = 0; i < BATCH_DOSSIERS; i++) {
    const n = k.next++;
    if (n > k.lease.last) throw new Error('lease exhausted');
    const code = `${k.lease.agencyCode}-${k.lease.day.slice(2).replaceAll('-', '')}-${String(n).padStart(4, '0')}`;
    muts.push(...intakeMutations(k, code, t));
  }
  return JSON.stringify({ mutations: muts });
}

/** Signs `batches` batches for each kiosk before a timed phase. */
function prepare(kiosks: Kiosk[], batches: number): void {
  for (const k of kiosks) {
    const room = Math.floor((k.lease.last - k.next + 1) / BATCH_DOSSIERS);
    for (let i = 0; i < Math.min(batches, room); i++) k.ready.push(batchBody(k));
  }
}

function nextBody(k: Kiosk): string {
  const ready = k.ready.shift();
  if (ready !== undefined) return ready;
  signedLate++;
  return batchBody(k);
}

async function push(url: string, k: Kiosk, lat: number[]): Promise<number> {
  const body = nextBody(k);
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

async function enroll(srv: Server, agency: string, name: string, kind: DeviceKind = 'counter'): Promise<EnrollResponse> {
  const { code } = await adminPost<{ code: string }>(srv, '/v1/admin/enroll-codes', { agency, kind });
  const res = await fetch(`${srv.url}/v1/enroll`, {
    method: 'POST', body: JSON.stringify({ code, deviceName: name, kind, appVersion: 'bench' }),
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
  });
  if (!res.ok) throw new Error(`enroll ${res.status}`);
  return (await res.json()) as EnrollResponse;
}

/** The demo officers of an agency (the demo PINs, so the benchmark can register their keys). */
async function seedOfficers(gw: Server, agency: string): Promise<void> {
  if (gw.db) await seedStaff(gw.db, agency);
  else await adminPost(gw, '/v1/admin/seed', { agency, dossiers: 0 });
}

async function setupKiosks(gw: Server, n: number, perKiosk: number): Promise<Kiosk[]> {
  const kiosks: Kiosk[] = [];
  for (let i = 0; i < n; i++) {
    const agency = `000.00.${String(Math.floor(i / 2) % 100).padStart(2, '0')}.H09`;
    if (i % 2 === 0) await seedOfficers(gw, agency);
    const dev = await enroll(gw, agency, `bench-${i}`);
    // Each of the agency's two counters is signed in as one of its two counter officers.
    const officer = await registerDemoOfficer(gw.url, dev, (i % 2) as 0 | 1);
    const headers = { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' };
    const res = await fetch(`${gw.url}/v1/leases`, { method: 'POST', headers, body: JSON.stringify({ count: perKiosk }) });
    const lease = (await res.json()) as Lease;
    if (!res.ok) throw new Error(`lease ${res.status} ${JSON.stringify(lease)}`);
    kiosks.push({ dev, lease, next: lease.first, headers, officer, ready: [] });
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

const FEED_AGENCY = '000.00.99.H09';
async function seedFeedAgency(gw: Server): Promise<void> {
  if (gw.db) await seedDossiers(gw.db, FEED_AGENCY, 3000, { seed: 7 });
  else await adminPost(gw, '/v1/admin/seed', { agency: FEED_AGENCY, dossiers: 3000, seed: 7 });
}

/** p99/p50 of full 500-item pages: dossiers for a counter, citizen views for a kiosk-kind device. */
async function feedPages(gw: Server, samples: number, kind: DeviceKind = 'counter'): Promise<{ p99: number; p50: number }> {
  const dev = await enroll(gw, FEED_AGENCY, `feed-${kind}`, kind);
  const want = kind === 'kiosk' ? 'citizen' : 'dossier';
  const headers = { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'accept-encoding': 'identity' };
  const lat: number[] = [];
  let cursor: string | undefined;
  // Warm-up pages (JIT, caches) are not measured; parsing the page is the client's work, after the clock stops.
  for (let i = -3; i < samples; i++) {
    const t0 = performance.now();
    const res = await fetch(`${gw.url}/v1/changes?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers });
    const text = await res.text();
    const ms = performance.now() - t0;
    const page = JSON.parse(text) as { items: { type: string }[]; cursor: string; hasMore: boolean };
    const dossiers = page.items.filter((x) => x.type === want).length;
    if (i >= 0 && dossiers === 500) lat.push(ms);
    // Keep fetching full pages of dossiers: start over when the agency's tail is reached.
    cursor = page.hasMore ? page.cursor : undefined;
  }
  return { p99: p(lat, 0.99), p50: p(lat, 0.5) };
}

/**
 * Per staff mutation of a typical intake: a counter's signature (canonical text + ECDSA P-256
 * sign) and the gateway's check (canonical text + verify, with the imported key from its cache),
 * the very functions each side runs.
 */
function signVerifyCost(samples: number): { sign: number[]; verify: number[]; both: number[] } {
  const deviceId = '0190a0b0-0000-7000-8000-000000000001';
  // A key for this measurement alone, never registered anywhere.
  const officer = newOfficerKey(deviceId, 'bench-officer');
  const pub = cachedPublicKey(officer.keyId, officer.publicKey) as KeyObject;
  const sign: number[] = [];
  const verify: number[] = [];
  const both: number[] = [];
  for (let i = 0; i < samples; i++) {
    const code = `000.00.01.H09-250101-${String(1 + (i % 9999)).padStart(4, '0')}`;
    for (const m of intakeEnvelopes('bench-salt', code, new Date().toISOString()).slice(0, 4)) {
      const t0 = performance.now();
      const signed = signMutation(officer, m);
      const t1 = performance.now();
      const ok = signatureValid(deviceId, signed, pub);
      const t2 = performance.now();
      if (!ok) throw new Error('signature did not verify');
      sign.push(t1 - t0);
      verify.push(t2 - t1);
      both.push(t2 - t0);
    }
  }
  return { sign, verify, both };
}

export async function run(opts: BenchOptions & { storages?: string[] }): Promise<Metric[]> {
  const kiosksN = opts.quick ? 50 : 200;
  const seconds = opts.quick ? 3 : 12;
  const metrics: Metric[] = [];
  const cost = signVerifyCost(opts.quick ? 500 : 2500);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  metrics.push(
    { name: 'gateway.sign_verify_p95_ms_per_mutation', value: round(p(cost.both, 0.95)), target: 2, unit: 'ms', better: 'lower',
      note: `counter's signature + gateway's verification of one staff mutation (ECDSA P-256, canonical text of the envelope), ${cost.both.length} samples; p50 ${round(p(cost.both, 0.5))} ms` },
    { name: 'gateway.verify_p95_ms_per_mutation', value: round(p(cost.verify, 0.95)), target: null, unit: 'ms', better: 'lower',
      note: `the gateway's share (signatureValid, src/gateway/trust.ts); p50 ${round(p(cost.verify, 0.5))} ms; signing p50 ${round(p(cost.sign, 0.5))} ms` },
  );
  for (const [name, target] of ([['pglite', 1000], ['postgresql', 3000]] as const).filter(([n]) => !opts.storages || opts.storages.includes(n))) {
    const fresh = name === 'postgresql' ? await freshDatabase(TEST_PG_URL) : null;
    const gw = await startServer(fresh?.url ?? null);
    try {
      const kiosks = await setupKiosks(gw, kiosksN, 1000);
      // Enough signed batches for a saturation phase at up to ~10,000 mutations/s, then for the paced phase.
      signedLate = 0;
      prepare(kiosks, Math.ceil((seconds * 10_000) / (BATCH_DOSSIERS * 5) / kiosksN) + 1);
      const cpu0 = await cpuMs(gw);
      const sat = await saturation(gw, kiosks, seconds);
      const cpuPer1000 = ((await cpuMs(gw)) - cpu0) / ((sat.rate * seconds) / 1000);
      const lateSat = signedLate;
      for (const k of kiosks) k.ready.length = 0;
      prepare(kiosks, Math.ceil((seconds * target) / (BATCH_DOSSIERS * 5) / kiosksN) + 2);
      signedLate = 0;
      const paced = await atRate(gw, kiosks, seconds, target);
      const latePaced = signedLate;
      await seedFeedAgency(gw);
      const feed = await feedPages(gw, opts.quick ? 300 : 1000);
      const citizenFeed = await feedPages(gw, opts.quick ? 100 : 300, 'kiosk');
      const note = `${kiosksN} kiosks, 50-mutation batches (40 signed staff mutations), ${seconds}s; gateway in its own process, clients in this one, same 2 cores; batches signed before the phase (signed during it: ${lateSat} saturation, ${latePaced} paced)`;
      metrics.push(
        { name: `gateway.${name}.saturation_mutations_per_s`, value: Math.round(sat.rate), target, unit: 'mutations/s', better: 'higher', note: `closed loop (single-node limit); ${note}; p99 at saturation ${Math.round(sat.p99)} ms` },
        { name: `gateway.${name}.mutations_per_s_at_target`, value: Math.round(paced.rate), target, unit: 'mutations/s', better: 'higher', note: `open loop offering ${target}/s; acknowledged within 200 ms of the schedule's end, per second of the schedule (${paced.late} acknowledged later); ${note}` },
        { name: `gateway.${name}.batch_p99_ms_at_target`, value: Math.round(paced.p99 * 10) / 10, target: 200, unit: 'ms', better: 'lower', note: `open loop at ${target}/s` },
        { name: `gateway.${name}.feed_page500_p99_ms`, value: Math.round(feed.p99 * 10) / 10, target: 50, unit: 'ms', better: 'lower', note: `500-dossier pages (~540 KB) of one agency with 3,000 dossiers, request to last byte; p50 ${Math.round(feed.p50 * 10) / 10} ms` },
        { name: `gateway.${name}.feed_citizen_page500_p99_ms`, value: Math.round(citizenFeed.p99 * 10) / 10, target: 50, unit: 'ms', better: 'lower', note: `a kiosk-kind device: 500 citizen views per page (stored projections), same agency; p50 ${Math.round(citizenFeed.p50 * 10) / 10} ms` },
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

// `npx tsx bench/gateway.bench.ts [--quick] [--storage pglite|postgresql]` runs this module alone.
if (process.argv[1]?.endsWith('gateway.bench.ts')) {
  const at = process.argv.indexOf('--storage');
  run({ quick: process.argv.includes('--quick'), storages: at > 0 ? [process.argv[at + 1] ?? ''] : undefined }).then((m) => console.table(m), (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
