/**
 * The counter's camera refused for real, in real Chromium (docs/SYNC-PROTOCOL.md §13; counter/CameraCapture.tsx).
 * Chromium has a (fake) camera (`--use-fake-device-for-media-stream`) but no permission for it
 * and refuses every permission prompt (`--deny-permission-prompts`; headless Chromium shows no
 * prompt and would refuse anyway, this makes it explicit): getUserMedia fails with
 * NotAllowedError, the dialog shows the catalog's "denied" message, Try again asks again and is
 * refused again, and the officer still attaches the page from a file. Then the permission is
 * granted (DevTools `Browser.grantPermissions`): the picture goes live; the permission is taken
 * back while the camera runs (`Browser.resetPermissions`, as when access is revoked in the
 * browser's settings): Chromium ends the track itself and the dialog says the camera was lost —
 * the same `ended` path an unplugged camera takes. A camera physically unplugged is not
 * reproduced (Chromium's fake device never ends its track by itself).
 *
 * Headless Chromium 156 as found here: with the fake device and no flag about prompts, the
 * permission prompt is refused as well (NotAllowedError); without a fake device getUserMedia
 * answers NotFoundError ("no camera", not "denied"); `Browser.setPermission … denied` on a
 * running capture does not end its track, `Browser.resetPermissions` does.
 *
 * Also here, the counter's scan notice as a toast in real Chromium: a mangled CCCD scanned on the
 * pty is refused in the assertive live region (`role="alert"`), with axe and a screenshot.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../helpers/axe';
import { printedPage } from '../helpers/digitise';
import { signIn, startCrashRig, until, waitSynced, type CrashRig } from '../helpers/host-process';
import { DEMO_PINS } from '../../src/gateway/demo/seed';
import { CATALOG } from '../../src/shared/messages';
import digitiseText from '../../src/renderer/i18n/digitise';
import uiText from '../../src/renderer/i18n/ui';

const SHOTS = 'test-output/screenshots';
// A synthetic CCCD whose Vietnamese letters went through the wrong code page (invented person).
const MANGLED_CCCD = '001095099999||Hu廙軟h Hi廕簑 Thu廕要|17051995|Nam|Số 9, Xã Tân Trào|01072021';

let rig: CrashRig;
let page: Page;
let origin: string;
const calls = (): Promise<string[]> => page.evaluate(() => (window as unknown as { __gum: string[] }).__gum);

beforeAll(async () => {
  rig = await startCrashRig({ dossiersPerAgency: 5, chromiumArgs: ['--use-fake-device-for-media-stream', '--deny-permission-prompts'] });
  // Records each getUserMedia call and how it ended, and still makes it (the browser answers).
  await rig.chrome.context.addInitScript(() => {
    const md = navigator.mediaDevices;
    const real = md.getUserMedia.bind(md);
    const w = window as unknown as { __gum: string[] };
    w.__gum = [];
    md.getUserMedia = (c) => real(c).then((s) => { w.__gum.push('ok'); return s; }, (e: unknown) => { w.__gum.push((e as Error).name); throw e; });
  });
  page = rig.page;
  await page.reload();
  origin = new URL(page.url()).origin;
  await signIn(page, DEMO_PINS.counter);
  await waitSynced(page, 60_000);
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

/** Opens a dossier (scanned on the pty) and its first component's camera dialog. */
async function openCamera(offset: number): Promise<{ box: ReturnType<Page['getByTestId']> }> {
  const [row] = await rig.gateway.db.query<{ code: string }>(
    'select code from dossiers where agency_code = $1 and status in (2, 4) order by code offset $2 limit 1', [rig.agency, offset]);
  await rig.pty.write(`${row!.code}\r\n`);
  await page.locator(`[data-testid="dossier-view"][data-code="${row!.code}"]`).waitFor({ timeout: 30_000 });
  const box = page.getByTestId('digitise-component').first();
  await box.getByTestId('camera-open').click();
  await page.getByTestId('camera-capture').waitFor();
  return { box };
}

describe('the camera refused in real Chromium', () => {
  it('refuses a mangled CCCD in a toast read out at once', async () => {
    await page.getByTestId('nav-home').click();
    await rig.pty.write(`${MANGLED_CCCD}\r\n`);
    const notice = page.getByTestId('scan-notice');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.getAttribute('data-reason')).toBe('mojibake');
    expect(await notice.getAttribute('data-tone')).toBe('error');
    expect(await notice.textContent()).toContain('Lỗi mã hóa ký tự');
    // In the live region that is always in the page, assertive.
    expect(await notice.evaluate((el) => el.closest('[role="alert"]')?.getAttribute('aria-live'))).toBe('assertive');
    // The focus stays where it was (a toast does not take it).
    expect(await page.evaluate(() => document.activeElement?.closest('.ui-toast') ?? null)).toBeNull();
    await expectNoAxeViolations(page, { label: 'counter with a refused scan (toast)' });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/counter-scan-notice-toast.png` });
    // Dismissed with its button (translated name), it is gone.
    await notice.getByRole('button', { name: uiText.vi.toast.dismiss }).click();
    expect(await page.getByTestId('scan-notice').count()).toBe(0);
  }, 60_000);

  it('says the camera is not allowed, asks again on Try again, and the file picker still works', async () => {
    const { box } = await openCamera(0);
    const error = page.getByTestId('camera-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('camera-denied');
    expect(await calls()).toEqual(['NotAllowedError']);
    expect(await error.textContent()).toContain(CATALOG.vi.camera['camera-denied']);
    expect(await page.getByTestId('camera-shoot').isDisabled()).toBe(true);
    expect(await page.evaluate(async () => (await navigator.permissions.query({ name: 'camera' as PermissionName })).state)).toBe('denied');
    await expectNoAxeViolations(page, { label: 'camera dialog, camera denied', include: '[data-testid="camera-capture"]' });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: `${SHOTS}/digitise-camera-denied.png` });
    // Try again: the browser is asked again and refuses again; the message stays.
    await page.getByTestId('camera-retry').click();
    await until(async () => (await calls()).length === 2, 15_000, 'asked again');
    expect(await calls()).toEqual(['NotAllowedError', 'NotAllowedError']);
    await until(async () => (await page.getByTestId('camera-capture-body').getAttribute('data-phase')) === 'error', 15_000, 'refused again');
    expect(await page.getByTestId('camera-error').getAttribute('data-code')).toBe('camera-denied');
    await page.getByTestId('camera-done').click();
    await page.getByTestId('camera-capture').waitFor({ state: 'detached' });
    await box.getByTestId('file-input').setInputFiles([{ name: 'to-khai.png', mimeType: 'image/png', buffer: printedPage(41) }]);
    await until(async () => (await box.getByTestId('page').count()) === 1, 30_000, 'the picked file kept');
    expect(await box.getByTestId('page').first().getAttribute('data-name')).toBe('to-khai.png');
  }, 90_000);

  it('goes live once allowed, and says the camera was lost when the browser takes the permission back mid-capture', async () => {
    await rig.chrome.context.grantPermissions(['camera'], { origin });
    await page.getByTestId('nav-home').click();
    await openCamera(1);
    const body = page.getByTestId('camera-capture-body');
    await until(async () => (await body.getAttribute('data-phase')) === 'live', 30_000, async () => `camera live (phase ${await body.getAttribute('data-phase')})`);
    expect(await page.getByTestId('camera-shoot').isDisabled()).toBe(false);
    expect((await calls()).at(-1)).toBe('ok');
    // The browser withdraws the permission while the picture runs: Chromium ends the track.
    await rig.chrome.context.clearPermissions();
    const error = page.getByTestId('camera-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.getAttribute('data-code')).toBe('camera-failed');
    expect(await error.textContent()).toContain(CATALOG.vi.camera['camera-failed']);
    expect(await error.textContent()).toContain(digitiseText.vi.cameraLost);
    expect(await page.getByTestId('camera-shoot').isDisabled()).toBe(true);
    await expectNoAxeViolations(page, { label: 'camera dialog, camera lost', include: '[data-testid="camera-capture"]' });
    await page.screenshot({ path: `${SHOTS}/digitise-camera-lost.png` });
    await page.getByTestId('camera-done').click();
  }, 90_000);
});
