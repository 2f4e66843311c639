/**
 * Crash durability during sync (docs/RELIABILITY.md "Crash durability"; items 1 and 3 across real processes): 250
 * mutations are queued offline at a counter, then the link comes back and, while they drain, the
 * browser, the host or both are SIGKILLed at seeded random moments and started again on the same
 * profile, data folder and port. In the end every confirmed mutation is on the gateway exactly
 * once (its own mutation table, one change each, dossier timelines of the right length) and the
 * kiosk's outbox is empty of pending work.
 *
 * The 250 mutations are made in the page by the app's own staff-action functions
 * (src/renderer/db/actions.ts: intake, transition — the same strict transaction the counter
 * screen uses), bundled here with esbuild and loaded into the app's origin, because 250 actions
 * typed through the UI would take minutes; the UI path is covered by durability-intake.test.ts.
 * Only the gateway runs in the test process (its database is the witness).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { gatewayLedger, signIn, sleep, startCrashRig, until, type CrashRig } from '../helpers/host-process';
import { readLocal } from '../helpers/idb-probe';
import { seededRandom } from '../../src/cli/fault-proxy';
import { DEMO_PINS } from '../../src/gateway/demo/seed';

const SEED = Number(process.env.DURABILITY_SEED ?? Date.now() % 2_147_483_647);
const random = seededRandom(SEED);
/** Dossiers received offline, each then moved 2 → 4 → 5 → 4 → 9: 50 · 5 = 250 mutations, 3 batches. */
const DOSSIERS = 50;
const STEPS = [4, 5, 4, 9];
const TOTAL = DOSSIERS * (1 + STEPS.length);
const KILLS = 3;

// Runs in the page: the app's own actions on the app's own database (name 'kiosk').
const ENTRY = `
import { openKioskDb, intake, transition, hashCitizenId, META } from './src/renderer/db';
import { signIn } from './src/renderer/counter/pin';
import { bridgeVault } from './src/renderer/trust/officer-key';
import { maskCitizenId } from './src/shared/privacy/mask';
window.__queueWork = async (dossiers, steps, pin) => {
  const { db } = await openKioskDb('kiosk');
  try {
    const identity = await db.getMeta(META.identity);
    const staff = (await db.staff.toArray()).find((s) => s.active && s.role === 'counter') ?? (await db.staff.toArray())[0];
    const procedure = (await db.procedures.orderBy('code').toArray())[0];
    const citizenId = '001095000123'; // synthetic
    const applicant = {
      name: 'Lê Văn Thử', idHash: await hashCitizenId(identity.idSalt, citizenId), idMasked: maskCitizenId(citizenId),
      citizenId, birthDate: '1995', sex: 'male', address: 'Thôn Thử Nghiệm', phone: null, email: null,
    };
    // The officer's own sign-in in this page: the key made at the UI sign-in, opened by the host.
    const session = await signIn(db, staff.id, pin, Date.now(), bridgeVault(window.kiosk));
    if (!session.ok || !session.signer) throw new Error('sign-in failed: ' + JSON.stringify(session));
    const ctx = { db, staffId: staff.id, signer: session.signer, now: () => Date.now() };
    const ids = [];
    const codes = [];
    for (let i = 0; i < dossiers; i++) {
      const at = Date.now();
      const r = await intake(ctx, { procedureCode: procedure.code, applicant, appointmentAt: new Date(at + 3 * 86400000).toISOString() });
      ids.push(r.mutationId);
      codes.push(r.code);
      for (const to of steps) ids.push((await transition(ctx, { code: r.code, to })).mutationId);
    }
    // What Chromium itself reports for the app's transactions (relaxed would not fsync at commit).
    const durability = await db.transaction('r', db.outbox, (t) => t.idbtrans.durability);
    return { ids, codes, durability };
  } catch (err) {
    throw new Error(String(err && err.message) + ' — ' + String(err && err.detail));
  } finally {
    db.close();
  }
};
`;

let rig: CrashRig;
let bundle: string;

beforeAll(async () => {
  console.log(`[durability-sync] seed ${SEED}`);
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'durability-entry.ts' },
    bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'silent',
    // This copy of zod would probe eval inside the DevTools evaluation (exempt from the page's
    // CSP) and later compile validators with new Function where the CSP refuses it: no JIT.
    banner: { js: 'globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig ?? {}, { jitless: true });' },
  });
  bundle = out.outputFiles[0]!.text;
  rig = await startCrashRig();
  await signIn(rig.page, DEMO_PINS.counter);
  const bar = rig.page.getByTestId('sync-bar');
  await until(async () => (await bar.getAttribute('data-phase')) === 'idle' && (await bar.getAttribute('data-pending')) === '0', 30_000, 'first sync');
}, 90_000);

afterAll(async () => {
  await rig?.close();
});

async function appliedOf(ids: string[]): Promise<number> {
  const r = await rig.gateway.db.query<{ n: number }>('select count(*)::int as n from mutations where id = any($1::uuid[])', [ids]);
  return Number(r[0]!.n);
}

type Target = { browser?: boolean; host?: boolean };
/**
 * A kill point: `held` — the gateway has committed a batch and its answer is held by the proxy
 * (the lost acknowledgement), kill `ms` later; `timed` — kill `ms` after the sync (re)started,
 * wherever it is (pull, push, writing results to IndexedDB, topping up leases).
 */
type KillPlan = { mode: 'held' | 'timed'; ms: number; target: Target };

/** The first kill always hits a held batch, so at least one lands mid-sync whatever the timing. */
function plan(k: number): KillPlan {
  const mode = k === 0 || random() < 0.5 ? 'held' : 'timed';
  const ms = Math.floor(random() * (mode === 'held' ? 300 : 600));
  const r = random();
  return { mode, ms, target: r < 1 / 3 ? { browser: true } : r < 2 / 3 ? { host: true } : { browser: true, host: true } };
}

const isPush = (method: string, path: string) => method === 'POST' && path.split('?')[0] === '/v1/mutations';

describe('sync survives SIGKILL of the browser and the host', () => {
  it(`${TOTAL} mutations queued offline reach the gateway exactly once through ${KILLS} random kills`, async () => {
    const t0 = Date.now();
    rig.proxy.down();
    // The page's CSP forbids inline scripts; DevTools evaluation is not subject to it.
    await rig.page.evaluate(bundle);
    type Queued = { ids: string[]; codes: string[]; durability: string };
    const { ids, codes, durability } = await rig.page.evaluate(([d, steps, pin]) =>
      (window as unknown as { __queueWork(d: number, s: number[], pin: string): Promise<Queued> }).__queueWork(d, steps, pin), [DOSSIERS, STEPS, DEMO_PINS.counter] as const);
    expect(durability).toBe('strict');
    expect(ids).toHaveLength(TOTAL);
    const queued = (await readLocal(rig.page))!;
    expect(queued.outbox.filter((r) => r.state === 'pending').map((r) => r.id)).toEqual(ids);
    console.log(`[durability-sync] queued ${ids.length} mutations offline in ${Date.now() - t0} ms`);

    const plans = Array.from({ length: KILLS }, (_, k) => plan(k));
    let timeouts = rig.proxy.stats.timeouts;
    if (plans[0]!.mode === 'held') rig.proxy.inject('timeout', 1, isPush);
    rig.proxy.up();
    const tSync = Date.now();
    await rig.page.getByTestId('sync-now').click();
    let syncStart = Date.now();
    let midSync = 0;
    for (const [k, p] of plans.entries()) {
      if (k > 0 && p.mode === 'held') rig.proxy.inject('timeout', 1, isPush);
      if (p.mode === 'held') {
        // Until the gateway has committed a batch whose answer the proxy now holds (or nothing is left to send).
        await until(async () => rig.proxy.stats.timeouts > timeouts || (await appliedOf(ids)) === ids.length, 30_000, 'a held batch');
        timeouts = rig.proxy.stats.timeouts;
        await sleep(p.ms);
      } else {
        await sleep(Math.max(0, syncStart + p.ms - Date.now()));
      }
      const applied = await appliedOf(ids);
      if (applied < ids.length) midSync += 1;
      await rig.kill(p.target);
      rig.proxy.heal();
      console.log(`[durability-sync] kill ${k + 1}: ${Object.keys(p.target).join('+')}, ${p.mode} +${p.ms} ms, gateway had ${applied}/${ids.length}`);
      // A restarted page's engine syncs on start, without a click.
      await rig.restart();
      syncStart = Date.now();
    }

    expect(midSync, 'kills that left mutations unsent').toBeGreaterThanOrEqual(1);
    await until(async () => (await appliedOf(ids)) === ids.length, 60_000, async () => `gateway has ${await appliedOf(ids)}/${ids.length}`);
    await until(async () => ((await readLocal(rig.page))?.outbox ?? []).every((r) => r.state === 'done'), 30_000, 'local outbox drained');
    console.log(`[durability-sync] all ${ids.length} on the gateway ${Date.now() - tSync} ms after sync started (kills and restarts included)`);

    const ledger = await gatewayLedger(rig.gateway, ids);
    const wrong = ids.filter((id) => ledger.status.get(id) !== 'applied' || ledger.events.get(id) !== 1);
    expect(wrong).toEqual([]);
    const all = await rig.gateway.db.query<{ n: number }>('select count(*)::int as n from mutations');
    expect(Number(all[0]!.n)).toBe(ids.length);
    const rows = await rig.gateway.db.query<{ code: string; status: number; n: number }>(
      "select code, status, jsonb_array_length(data::jsonb->'timeline')::int as n from dossiers where code = any($1)", [codes]);
    const byCode = new Map(rows.map((row) => [row.code, [row.status, Number(row.n)]]));
    expect(codes.map((c) => byCode.get(c))).toEqual(codes.map(() => [9, 1 + STEPS.length]));
    const local = (await readLocal(rig.page, codes))!;
    expect(codes.filter((c) => local.dossiers[c]?.status !== 9 || local.dossiers[c]?.pendingOps !== 0)).toEqual([]);
  }, 150_000);
});
