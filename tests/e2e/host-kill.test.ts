/**
 * The two kill points of a confirmed action, hit by a real SIGKILL of the host process
 * (docs/RELIABILITY.md item 9; docs/ARCHITECTURE.md "Host-side journal and storage recovery"):
 * the host dies (a) after the intake's IndexedDB transaction committed and before its journal
 * append, (b) after the append was on disk and before the answer reached the page. The host's
 * failpoints (HostOptions.failpoints) make it kill itself at exactly that point; the counter is
 * offline meanwhile. After a restart and reconnection, every intake whose receipt was shown is on
 * the gateway exactly once (counted in its database) — also when, after (b), the browser's
 * database is lost too and only the journal still holds the intake.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterIntake, signIn, startCrashRig, until, waitSynced as sharedWaitSynced, type CrashRig } from '../helpers/host-process';
import { DEMO_PINS } from '../../src/gateway/demo/seed';

// Synthetic CCCDs (fake numbers, invented person), a new number each time.
let serial = 0;
const cccd = () => `0011960${String(20_000 + serial++).padStart(5, '0')}||Lê Văn Ngắt|03041996|Nam|Số 4, Thôn Mất Điện, Xã Tân Trào, Tỉnh Tuyên Quang|01072021`;

let rig: CrashRig;

beforeAll(async () => {
  rig = await startCrashRig({ dossiersPerAgency: 5 });
  await signIn(rig.page, DEMO_PINS.counter);
  await waitSynced();
}, 90_000);

afterAll(async () => {
  await rig?.close();
});

const waitSynced = (timeoutMs?: number) => sharedWaitSynced(rig.page, timeoutMs);
/** Receives one dossier through the UI (CCCD scanned on the pty); resolves with its code once the receipt shows. */
const intake = () => counterIntake(rig, cccd(), 'Lê Văn Ngắt');

async function createsApplied(): Promise<number> {
  const rows = await rig.gateway.db.query<{ n: number }>("select count(*)::int as n from mutations where type = 'dossier.create' and status = 'applied'");
  return Number(rows[0]!.n);
}

/** Every code on the gateway exactly once, and as many new applied creations as codes. */
async function expectOnceEach(codes: string[], createsBefore: number): Promise<void> {
  await until(async () => {
    const rows = await rig.gateway.db.query<{ n: number }>('select count(*)::int as n from dossiers where code = any($1)', [codes]);
    return Number(rows[0]!.n) === codes.length;
  }, 40_000, 'every confirmed intake at the gateway');
  await waitSynced(40_000);
  const events = await rig.gateway.db.query<{ code: string; n: number }>(
    'select code, count(*)::int as n from dossier_events where code = any($1) and mutation_id is not null group by code', [codes]);
  expect(Object.fromEntries(events.map((e) => [e.code, Number(e.n)]))).toEqual(Object.fromEntries(codes.map((c) => [c, 1])));
  expect(await createsApplied() - createsBefore).toBe(codes.length);
}

/** Restarts the host with a failpoint and the page on it, offline, signed in. */
async function armed(journalAppend: 'kill-before' | 'kill-after'): Promise<number> {
  const before = await createsApplied();
  rig.proxy.down();
  await rig.kill({ host: true });
  await rig.restart({ failpoints: { journalAppend } });
  await signIn(rig.page, DEMO_PINS.counter);
  return before;
}

/** After the host killed itself: a clean host again, the page reloaded on it, online. */
async function recover(): Promise<void> {
  await rig.hostExited();
  rig.proxy.up();
  await rig.restart();
  await signIn(rig.page, DEMO_PINS.counter);
  await rig.page.getByTestId('sync-now').click().catch(() => undefined);
}

describe('a real SIGKILL of the host inside a confirmed action loses nothing and applies nothing twice', () => {
  it('(a) killed after the IndexedDB commit, before the journal append', async () => {
    const before = await armed('kill-before');
    const code = await intake();
    await recover();
    await expectOnceEach([code], before);
  }, 120_000);

  it('(b) killed after the journal append, before the answer', async () => {
    const before = await armed('kill-after');
    const code = await intake();
    await recover();
    // In the outbox and in the journal: sent once, and the journal acknowledged.
    await expectOnceEach([code], before);
  }, 120_000);

  it('(b) then the browser database lost as well: the journal alone brings the intake back, once', async () => {
    const before = await armed('kill-after');
    const code = await intake();
    await rig.hostExited();
    await rig.kill({ browser: true });
    rmSync(path.join(rig.profile, 'Default', 'IndexedDB'), { recursive: true, force: true });
    rig.proxy.up();
    await rig.restart();
    await signIn(rig.page, DEMO_PINS.counter);
    await rig.page.getByTestId('storage-recovery-notice').waitFor({ timeout: 30_000 });
    await until(async () => /1 thao tác/.test(await rig.page.getByTestId('storage-recovery-detail').textContent() ?? ''), 40_000, 'the journal re-queues the intake');
    await rig.page.getByTestId('sync-now').click().catch(() => undefined);
    await expectOnceEach([code], before);
  }, 120_000);
});
