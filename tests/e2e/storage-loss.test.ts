/**
 * Storage loss in real Chromium (docs/RELIABILITY.md item 9; docs/ARCHITECTURE.md "Host-side
 * journal and storage recovery"): a counter officer receives dossiers through the UI while the
 * gateway is unreachable, then the kiosk database is lost three ways: (a) the profile's IndexedDB
 * files deleted with the browser killed, (b) the same files overwritten with garbage, (c) the
 * origin's site data cleared through CDP while the page runs (the page notices at once and starts
 * again by itself). After a restart and reconnection,
 * every intake reaches the gateway exactly once (counted in its database) and the staff see the
 * recovery notice. Four intakes per case (twelve in all) keep the file near a minute; KIOSK_E2E_INTAKES
 * sets another number.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { counterIntake, signIn, startCrashRig, until, waitSynced as sharedWaitSynced, type CrashRig } from '../helpers/host-process';
import { breakKioskDatabase, idbDir, keptByHost as keptIn } from '../helpers/storage-loss';
import { DEMO_PINS } from '../../src/gateway/demo/seed';

// Synthetic CCCDs (fake numbers, invented person); a different number each time, since the scan
// stream drops a repeat of the same payload within a short window.
let serial = 0;
const cccd = () => `0011950${String(10_000 + serial++).padStart(5, '0')}||Trần Thị Thử|17051995|Nữ|Số 9, Thôn Thử Nghiệm, Xã Tân Trào, Tỉnh Tuyên Quang|01072021`;
// Four per case in the suite; the full acceptance (100 per case) is the same file run with
// KIOSK_E2E_INTAKES=100 (docs/RELIABILITY.md records that run).
const PER_CASE = Math.max(1, Number(process.env.KIOSK_E2E_INTAKES ?? 4));
const CASE_MS = 90_000 + PER_CASE * 6_000;

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
const intake = () => counterIntake(rig, cccd(), 'Trần Thị Thử');

const keptByHost = () => keptIn(rig.dataDir);

/** After the loss: the notice, then every intake on the gateway exactly once. */
async function recoverAndCount(codes: string[]): Promise<void> {
  const page = rig.page;
  await signIn(page, DEMO_PINS.counter);
  await page.getByTestId('storage-recovery-notice').waitFor({ timeout: 30_000 });
  await until(async () => /\d+ thao tác|Không có thao tác nào bị mất/.test(await page.getByTestId('storage-recovery-detail').textContent() ?? ''), 30_000 + PER_CASE * 300, 'the journal is reconciled');
  await page.getByTestId('sync-now').click().catch(() => undefined);
  await until(async () => {
    const rows = await rig.gateway.db.query<{ n: number }>('select count(*)::int as n from dossiers where code = any($1)', [codes]);
    return Number(rows[0]!.n) === codes.length;
  }, 30_000 + PER_CASE * 500, 'every intake at the gateway');
  await waitSynced(30_000 + PER_CASE * 500);
  const events = await rig.gateway.db.query<{ code: string; n: number }>(
    "select code, count(*)::int as n from dossier_events where code = any($1) and mutation_id is not null group by code", [codes]);
  expect(Object.fromEntries(events.map((e) => [e.code, Number(e.n)]))).toEqual(Object.fromEntries(codes.map((c) => [c, 1])));
  // Exactly once in the gateway's ledger: as many new dossier.create mutations as intakes, all applied.
  expect(await createsApplied() - createsBefore).toBe(codes.length);
  const detail = await page.getByTestId('storage-recovery-detail').textContent();
  expect(detail).toMatch(new RegExp(`${codes.length} thao tác`));
  console.log(`[storage-loss] notice: ${await page.getByTestId('storage-recovery-notice').locator('p').first().textContent()} ${detail}`);
}

let createsBefore = 0;
async function createsApplied(): Promise<number> {
  const rows = await rig.gateway.db.query<{ n: number }>("select count(*)::int as n from mutations where type = 'dossier.create' and status = 'applied'");
  return Number(rows[0]!.n);
}

async function offlineIntakes(): Promise<string[]> {
  createsBefore = await createsApplied();
  rig.proxy.down();
  const codes: string[] = [];
  for (let i = 0; i < PER_CASE; i++) codes.push(await intake());
  return codes;
}

describe('every confirmed intake survives the loss of the kiosk database', () => {
  it('(a) IndexedDB files deleted with the browser killed', async () => {
    const codes = await offlineIntakes();
    await rig.kill({ browser: true });
    rmSync(idbDir(rig), { recursive: true, force: true });
    rig.proxy.up();
    await rig.restart();
    await recoverAndCount(codes);
  }, CASE_MS);

  it('(b) IndexedDB files overwritten with garbage', async () => {
    const codes = await offlineIntakes();
    const keptBefore = keptByHost().length;
    const { garbage } = await breakKioskDatabase(rig, { beforeRestart: () => rig.proxy.up() });
    expect(garbage.size).toBeGreaterThan(0);
    await recoverAndCount(codes);
    // The host launched beside this Chromium knows its profile: it kept the broken files.
    const kept = keptByHost();
    console.log(`[storage-loss] kept: ${JSON.stringify(kept.map((k) => ({ ...k.manifest, copiedFiles: [...k.files.keys()] })))}`);
    expect(kept.length).toBe(keptBefore + 1);
    const last = kept.at(-1)!;
    expect(last.manifest).toMatchObject({ reason: 'corrupt', copied: true });
    const same = [...garbage].filter(([rel, bytes]) => last.files.get(rel)?.equals(bytes));
    expect(same.length).toBeGreaterThan(0);
    expect(last.manifest.bytes).toBe([...last.files.values()].reduce((n, b) => n + b.length, 0));
  }, CASE_MS);

  it('(c) site data cleared through CDP while the page runs: noticed at once, without a restart', async () => {
    const codes = await offlineIntakes();
    const page = rig.page;
    await page.getByTestId('nav-home').click();
    await page.getByTestId('new-intake').waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
    // The browser closes the database under the app: the counter starts again by itself (its
    // sign-in screen), finds the loss and shows the notice while still offline.
    await page.getByTestId('new-intake').waitFor({ state: 'detached', timeout: 15_000 });
    rig.proxy.up();
    await recoverAndCount(codes);
  }, CASE_MS);
});
