/**
 * Digitising at the counter in real Chromium, across a host restart (the digitisation acceptance, with
 * pages chosen as files; the camera's pages: digitise-camera.test.ts). The counter goes offline,
 * attaches 10 generated page images (a "printed page": text-like lines on white, PNG) to one
 * component through the file picker and takes 3 files a scanner dropped in its folder (the host
 * watches it), signs out; the host is killed and started again; the line comes back: all 13 arrive
 * at the gateway, each whole (its SHA-256 checked there), attached to the right components.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startCrashRig, until, type CrashRig } from '../helpers/host-process';
import { dropScannerFiles, openDossierOffline, printedPage } from '../helpers/digitise';
import { DEMO_PINS } from '../../src/gateway/demo/seed';
import { expectNoAxeViolations } from '../helpers/axe';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');


let rig: CrashRig;
let folder: string;

beforeAll(async () => {
  rig = await startCrashRig({ dossiersPerAgency: 5 });
  folder = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-scanner-'));
  await signIn(rig.page, DEMO_PINS.counter);
}, 120_000);

afterAll(async () => {
  await rig?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('digitising at the counter', () => {
  it('keeps 10 picked pages and 3 scanner files offline through sign-out and a host restart; all 13 arrive whole', async () => {
    // The technician's setting: the scanner's folder (written while the host is down, read at start).
    const dataDir = rig.dataDir;
    await rig.kill({ host: true });
    const file = path.join(dataDir, 'settings.json');
    const settings = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> : { schemaVersion: 3 };
    writeFileSync(file, JSON.stringify({ ...settings, scanFolder: folder }));
    let page = await rig.restart();
    await signIn(page, DEMO_PINS.counter);
    const code = await openDossierOffline(rig, page);
    const components = page.getByTestId('digitise-component');
    const first = (await components.first().getAttribute('data-component'))!;

    const pages = Array.from({ length: 10 }, (_, i) => printedPage(i + 1));
    // Through the counter's own button (the browser's file field, in the system's words, is not shown).
    const field = await components.first().getByTestId('file-input').boundingBox();
    expect(field === null || (field.width <= 1 && field.height <= 1)).toBe(true);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), components.first().getByTestId('file-add').click()]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(pages.map((buffer, i) => ({ name: `trang-${String(i + 1).padStart(2, '0')}.png`, mimeType: 'image/png', buffer })));
    await until(async () => (await components.first().getByTestId('page').count()) === 10, 60_000, '10 pages kept');
    // Previews are the images themselves (each made once its Blob is read back: a moment after the row shows).
    await until(async () => (await components.first().locator('img.page-thumb').count()) === 10, 30_000, '10 previews');

    // A feeder scanner saves three files into its folder.
    const { scanned, names, other } = await dropScannerFiles(page, components, folder);
    // The sync bar counts the files waiting.
    await until(async () => (await page.getByTestId('sync-files').getAttribute('data-pending')) === '13', 30_000, 'sync bar shows 13 files waiting');

    // Sign out, then the host dies and starts again; the line comes back.
    await page.getByTestId('sign-out').click();
    await rig.kill({ host: true });
    page = await rig.restart();
    rig.proxy.up();
    const expected = [...pages, ...scanned].map(sha).sort();
    await until(async () => {
      const r = await rig.gateway.db.query<{ n: number }>('select count(*)::int as n from attachments where dossier_code = $1', [code]);
      return Number(r[0]!.n) === 13;
    }, 180_000, 'all 13 attached at the gateway');
    const att = await rig.gateway.db.query<{ sha256: string; component: string; complete: boolean }>(
      `select a.sha256, a.component, f.complete_at is not null as complete from attachments a join files f on f.sha256 = a.sha256 where a.dossier_code = $1`, [code]);
    expect(att.map((a) => a.sha256).sort()).toEqual(expected);
    expect(att.every((a) => a.complete)).toBe(true);
    expect(att.filter((a) => a.component === first)).toHaveLength(10);
    expect(att.filter((a) => a.component === other)).toHaveLength(3);
    // The scanner's files left its folder for the received subfolder.
    expect(names.some((n) => existsSync(path.join(folder, n)))).toBe(false);

    // An officer withdraws a page attached by mistake, with the reason: signed in Chromium with the
    // officer's key, recorded at the gateway, shown on the page. (The dialog: screenshot and axe.)
    await signIn(page, DEMO_PINS.counter);
    await rig.pty.write(`${code}\r\n`);
    await page.getByTestId('dossier-view').waitFor({ timeout: 30_000 });
    const sent = page.getByTestId('digitise-component').first();
    await until(async () => (await sent.getByTestId('page-withdraw').count()) === 10, 30_000, 'the 10 sent pages offer withdrawal');
    await sent.getByTestId('page-withdraw').first().click();
    await page.getByTestId('confirm').waitFor();
    expect(await page.getByTestId('confirm-yes').isDisabled()).toBe(true);
    await page.getByTestId('withdraw-reason').fill('Nhầm giấy tờ của công dân khác');
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/digitise-withdraw-dialog.png' });
    await expectNoAxeViolations(page, { label: 'the withdrawal dialog' });
    await page.getByTestId('confirm-yes').click();
    await until(async () => {
      const r = await rig.gateway.db.query<{ n: number }>(
        `select count(*)::int as n from attachments where dossier_code = $1 and withdrawn_at is not null and withdraw_reason = 'Nhầm giấy tờ của công dân khác' and withdraw_sig is not null`, [code]);
      return Number(r[0]!.n) === 1;
    }, 60_000, 'the withdrawal recorded at the gateway');
    await until(async () => (await sent.locator('[data-testid="page"][data-state="withdrawn"]').count()) === 1, 30_000, 'the page shown withdrawn');
    expect(await sent.getByTestId('page-withdrawn-reason').textContent()).toBe('Lý do: Nhầm giấy tờ của công dân khác');
    expect(await sent.getByTestId('page-withdraw').count()).toBe(9);
  }, 400_000);
});
