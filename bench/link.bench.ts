/**
 * Sync over an emulated commune line (src/cli/link-emulator.ts; docs/PERFORMANCE.md, "Sync over
 * a commune line"). The real gateway (PGlite, in this process), the link emulator in front of it,
 * and a kiosk of real parts: the host's GatewayClient (compression on), Dexie over
 * fake-indexeddb, the sync engine.
 *
 * - first sync of a commune with 100,000 dossiers of which 8,000 open or recent, over `4g-poor`:
 *   time until the working set is stored (the counter is usable), bytes on the wire (both ways)
 *   against the plain bytes of the same records and against today's plain first sync of all
 *   100,000; then, in full mode, until the backfill is complete;
 * - 100 queued intakes (signed, as a counter sends them) drained over `4g-poor` and `adsl-busy`.
 *
 *   npx tsx bench/link.bench.ts [--quick]   (quick: 10,000 dossiers of which 800 recent)
 */
import 'fake-indexeddb/auto';
import { seedDossiers, seedStaff, DEMO_PINS, demoStaffIds } from '../src/gateway/demo/seed';
import { GatewayClient } from '../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../src/main/gateway-client/credentials';
import { KioskDb } from '../src/renderer/db/database';
import { hashCitizenId, intake, type ActionContext } from '../src/renderer/db/actions';
import { SyncEngine } from '../src/renderer/sync/engine';
import { startLinkEmulator, type LinkProfileName } from '../src/cli/link-emulator';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../src/shared/protocol';
import { startGateway, type TestGateway } from '../tests/helpers/gateway';
import { signInOfficer, testVault } from '../tests/sync/fixtures';
import type { BenchOptions, Metric } from './types';

const BIG = '000.00.97.H09';
const SMALL = '000.00.96.H09';
const r1 = (x: number) => Math.round(x * 10) / 10;

function kiosk(url: string, name: string) {
  const store = new MemoryCredentialStore();
  const client = new GatewayClient({ store, timeoutMs: 60_000, appVersion: 'bench' });
  const db = new KioskDb(`${name}-${process.pid}-${Date.now()}`);
  return { store, client, db, url };
}

/** Plain bytes of a pass (identity), read directly from the gateway. */
async function plainBytes(gw: TestGateway, token: string, first: string): Promise<{ bytes: number; dossiers: number }> {
  const headers = { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'accept-encoding': 'identity' };
  let bytes = 0;
  let dossiers = 0;
  let path = first;
  for (;;) {
    const res = await fetch(gw.url + path, { headers });
    const buf = Buffer.from(await res.arrayBuffer());
    bytes += buf.length;
    const page = JSON.parse(buf.toString()) as { items: { type: string }[]; cursor: string; hasMore: boolean; backfill?: string };
    dossiers += page.items.filter((i) => i.type === 'dossier').length;
    if (!page.hasMore) return { bytes, dossiers };
    path = `/v1/changes?limit=500&cursor=${page.cursor}`;
  }
}

async function firstSync(gw: TestGateway, total: number, recent: number, full: boolean): Promise<Metric[]> {
  const link = await startLinkEmulator({ target: gw.url, profile: '4g-poor', seed: 3 });
  const k = kiosk(link.url, 'bench-link-first');
  const engine = new SyncEngine({ db: k.db, transport: k.client, appVersion: 'bench', watchdogMs: 60_000, leases: false, retention: false, backfillPagesPerRun: 4 });
  try {
    const identity = await k.client.enroll({ url: link.url, code: (await gw.createEnrollCode(BIG)).code, deviceName: 'bench' });
    link.resetStats();
    const t0 = performance.now();
    await k.db.transaction('rw', k.db.meta, () => k.db.setMeta('identity', identity));
    await engine.start();
    let usableMs = NaN;
    let usableBytes = 0;
    let usableUp = 0;
    const deadline = t0 + (full ? 600_000 : 240_000);
    while (performance.now() < deadline) {
      const s = engine.status.getSnapshot();
      if (Number.isNaN(usableMs) && s.workingSet) {
        usableMs = performance.now() - t0;
        usableBytes = link.stats.down.bytes + link.stats.up.bytes;
        usableUp = link.stats.up.bytes;
      }
      if (s.backfill?.complete || (!full && !Number.isNaN(usableMs))) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const doneMs = performance.now() - t0;
    const held = await k.db.dossiers.count();
    const allBytes = link.stats.down.bytes + link.stats.up.bytes;
    await engine.stop();
    // The same records, plain: the working-set pass as today's client would read it, and today's whole first sync.
    const dev = await gw.enroll(BIG);
    const wsPlain = await plainBytes(gw, dev.token, '/v1/changes?limit=500&workingSet=30&backfillDays=180');
    const allPlain = await plainBytes(gw, dev.token, '/v1/changes?limit=500');
    const out: Metric[] = [
      { name: 'link.4g-poor.first_sync_usable_s', value: r1(usableMs / 1000), target: 60, unit: 's', better: 'lower',
        note: `${total.toLocaleString('en')} dossiers, ${recent.toLocaleString('en')} open/recent: working set (${wsPlain.dossiers} dossiers, catalog, holidays, staff) stored, from the engine's start; ${link.stats.down.stalls + link.stats.up.stalls} stalls` },
      { name: 'link.4g-poor.first_sync_wire_pct_of_plain_same_records', value: r1((100 * usableBytes) / wsPlain.bytes), target: 25, unit: '%', better: 'lower',
        note: `${Math.round(usableBytes / 1024)} KB on the wire both ways (up ${Math.round(usableUp / 1024)} KB, TCP/HTTP headers included) vs ${Math.round(wsPlain.bytes / 1024)} KB plain JSON of the same pages` },
      { name: 'link.4g-poor.first_sync_wire_pct_of_todays_full_sync', value: r1((100 * usableBytes) / allPlain.bytes), target: null, unit: '%', better: 'lower',
        note: `today's first sync: all ${allPlain.dossiers.toLocaleString('en')} dossiers, ${Math.round(allPlain.bytes / 1048576)} MB plain` },
    ];
    if (full) {
      out.push({ name: 'link.4g-poor.backfill_complete_s', value: r1(doneMs / 1000), target: null, unit: 's', better: 'lower',
        note: `working set + backfill of the archive (180 days back: ${held.toLocaleString('en')} dossiers held), ${Math.round(allBytes / 1048576 * 10) / 10} MB on the wire` });
    }
    return out;
  } finally {
    await engine.stop();
    k.db.close();
    await link.close();
  }
}

async function drain(gw: TestGateway, profile: LinkProfileName, n: number): Promise<{ ms: number; pending: number; up: number; down: number }> {
  const link = await startLinkEmulator({ target: gw.url, profile, seed: 5 });
  const k = kiosk(link.url, `bench-drain-${profile}`);
  const engine = new SyncEngine({ db: k.db, transport: k.client, appVersion: 'bench', watchdogMs: 60_000, retention: false, leases: { target: 200, lowWater: 150 } });
  try {
    const identity = await k.client.enroll({ url: link.url, code: (await gw.createEnrollCode(SMALL)).code, deviceName: 'bench' });
    await engine.afterEnrollment(identity);
    await engine.syncNow();
    const signer = await signInOfficer(k.db, { staffId: demoStaffIds(SMALL).counter[0], pin: DEMO_PINS.counter, vault: testVault() });
    await engine.syncNow(); // registers the officer's key, as the counter's first sync after sign-in does
    await engine.stop();
    const ctx: ActionContext = { db: k.db, staffId: signer.staffId, signer, now: engine.now };
    const procedures = (await k.db.procedures.toArray()).filter((p) => p.active);
    for (let i = 0; i < n; i++) {
      const p = procedures[i % procedures.length]!;
      const citizenId = String(100_000_000_000 + i);
      await intake(ctx, {
        procedureCode: p.code,
        applicant: { name: `Công Dân Thử ${i}`, idHash: await hashCitizenId(identity.idSalt, citizenId), idMasked: `*********${citizenId.slice(-3)}`, birthDate: '1990', sex: 'unknown', address: 'Xã Thử Nghiệm', phone: null, email: null, citizenId },
        appointmentAt: new Date(Date.now() + (p.processingDays + 3) * 86_400_000).toISOString(),
      });
    }
    link.resetStats();
    const t0 = performance.now();
    const s = await engine.syncNow();
    const ms = performance.now() - t0;
    return { ms, pending: s.pending, up: link.stats.up.bytes, down: link.stats.down.bytes };
  } finally {
    await engine.stop();
    k.db.close();
    await link.close();
  }
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const total = opts.quick ? 10_000 : 100_000;
  const recent = total * 0.08;
  const gw = await startGateway({ storage: 'pglite', seed: 'catalog' });
  try {
    await seedStaff(gw.db, BIG);
    await seedStaff(gw.db, SMALL);
    await seedDossiers(gw.db, BIG, recent, { seed: 11 });
    for (let done = 0; done < total - recent; done += 20_000) {
      await seedDossiers(gw.db, BIG, Math.min(20_000, total - recent - done), { seed: 12 + done, history: { fromDays: 60, toDays: 170 }, analyze: false });
    }
    await seedDossiers(gw.db, SMALL, 20, { seed: 13 });
    const metrics = await firstSync(gw, total, recent, !opts.quick);
    for (const [profile, target] of [['4g-poor', 10], ['adsl-busy', 6]] as const) {
      const d = await drain(gw, profile, 100);
      metrics.push({ name: `link.${profile}.drain_100_s`, value: r1(d.ms / 1000), target, unit: 's', better: 'lower',
        note: `100 queued signed intakes (one batch, brotli), sync run from start to the outbox empty (pending after: ${d.pending}); ${Math.round(d.up / 1024)} KB up, ${Math.round(d.down / 1024)} KB down` });
    }
    return metrics;
  } finally {
    await gw.close();
  }
}

if (process.argv[1]?.endsWith('link.bench.ts')) {
  run({ quick: process.argv.includes('--quick') }).then((m) => {
    for (const x of m) console.log(`${x.name}\t${x.value} ${x.unit}\t(target ${x.target ?? '—'})\t${x.note ?? ''}`);
    process.exit(0);
  }, (e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
