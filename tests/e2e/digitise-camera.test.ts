/**
 * Digitising with the camera at the counter in real Chromium, across a host restart (the digitisation
 * acceptance). Chromium runs with its fake camera, fed a Y4M video made here from generated
 * frames of a printed page held at an angle on a desk (tests/helpers/document-frame.ts): ten
 * frames, each a different page. The counter goes offline, captures 10 pages into one component
 * through the camera dialog (Space, Enter and the button; one extra page deleted, one retaken),
 * takes 3 files a scanner dropped in its folder, signs out; the host is killed and started again;
 * the line comes back: all 13 arrive at the gateway whole (each SHA-256 the gateway checked equals
 * the SHA-256 of the bytes the counter kept), on the right components. The camera pages are A4
 * images at 150 dpi (1240×1754 in the JPEG's header): the document mode really ran, in the
 * capture worker. A second case: a camera that is not there is explained with the catalog's
 * message, and the file picker still works.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../helpers/axe';
import { signIn, startCrashRig, until, type CrashRig } from '../helpers/host-process';
import { pageFrame, TILTED } from '../helpers/document-frame';
import { dropScannerFiles, openDossierOffline, printedPage } from '../helpers/digitise';
import { imageSize, kept, y4m } from '../helpers/camera-video';
import { DEMO_PINS } from '../../src/gateway/demo/seed';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

let rig: CrashRig;
let folder: string;
let videoDir: string;

beforeAll(async () => {
  videoDir = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-camera-'));
  const video = path.join(videoDir, 'trang-in.y4m');
  writeFileSync(video, y4m(Array.from({ length: 10 }, (_, i) => pageFrame(TILTED, { seed: i + 1 })), 2));
  rig = await startCrashRig({
    dossiersPerAgency: 5,
    chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
  folder = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-scanner-'));
}, 120_000);

afterAll(async () => {
  await rig?.close();
  for (const d of [folder, videoDir]) if (d) rmSync(d, { recursive: true, force: true });
});

/** Writes host settings while the host is down, starts it again and signs in. */
async function restartWith(settings: Record<string, unknown>): Promise<Page> {
  await rig.kill({ host: true });
  const file = path.join(rig.dataDir, 'settings.json');
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> : { schemaVersion: 3 };
  writeFileSync(file, JSON.stringify({ ...current, ...settings }));
  const page = await rig.restart();
  await signIn(page, DEMO_PINS.counter);
  return page;
}

describe('digitising with the camera at the counter', () => {
  it('keeps 10 camera pages and 3 scanner files offline through sign-out and a host restart; all 13 arrive whole, the camera pages A4', async () => {
    let page = await restartWith({ scanFolder: folder });
    const code = await openDossierOffline(rig, page);
    const components = page.getByTestId('digitise-component');
    const first = (await components.first().getAttribute('data-component'))!;

    // The camera dialog for the first component: live picture, grey by default.
    await components.first().getByTestId('camera-open').click();
    const dialog = page.getByTestId('camera-capture');
    const body = dialog.getByTestId('camera-capture-body');
    await until(async () => (await body.getAttribute('data-phase')) === 'live', 30_000, async () => `camera live (phase ${await body.getAttribute('data-phase')}, ${await dialog.getByTestId('camera-error').textContent().catch(() => 'no error')})`);
    expect(await dialog.locator('select').inputValue()).toBe('grey');
    const strip = dialog.getByTestId('camera-page');
    const timings: number[] = [];
    const shoot = async (how: 'Space' | 'Enter' | 'click', expected: number) => {
      const t0 = Date.now();
      if (how === 'click') await dialog.getByTestId('camera-shoot').click();
      else await page.keyboard.press(how);
      await until(async () => (await strip.count()) === expected, 60_000, async () => `${expected} pages in the strip (${await strip.count()}; ${await dialog.getByTestId('camera-capture-error').textContent().catch(() => 'no error')})`);
      timings.push(Date.now() - t0);
      // The fake camera plays 2 frames a second, each a different page: wait for the next one.
      await page.waitForTimeout(550);
    };
    for (let n = 1; n <= 11; n++) await shoot(n % 3 === 1 ? 'Space' : n % 3 === 2 ? 'Enter' : 'click', n);
    expect(await body.getAttribute('data-where')).toBe('worker');
    expect(await dialog.getByTestId('camera-no-page').count()).toBe(0);
    // Delete the eleventh page; retake the third (it keeps its name and place).
    await strip.nth(10).getByTestId('camera-remove').click();
    await until(async () => (await strip.count()) === 10, 10_000, '10 pages after a delete');
    const before = (await kept(page, code)).find((k) => k.name === 'trang-3.jpg')!;
    await strip.nth(2).getByTestId('camera-retake').click();
    // The new capture replaced the old attachment (a new row, the same name and place).
    await until(async () => (await kept(page, code)).some((k) => k.name === 'trang-3.jpg' && k.id !== before.id), 60_000, 'page 3 retaken');
    const retaken = (await kept(page, code)).filter((k) => k.name === 'trang-3.jpg');
    expect(retaken).toHaveLength(1);
    expect(retaken[0]!.position).toBe(before.position);
    expect(await strip.count()).toBe(10);
    // The dialog with its live picture and ten pages: a screenshot, and axe (WCAG 2.1 AA) on it.
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/digitise-camera-dialog.png' });
    await expectNoAxeViolations(page, { label: 'camera capture dialog', include: '[data-testid="camera-capture"]' });
    await dialog.getByTestId('camera-done').click();
    await dialog.waitFor({ state: 'detached' });
    await until(async () => (await components.first().getByTestId('page').count()) === 10, 30_000, '10 camera pages listed');
    expect(await components.first().getByTestId('page').evaluateAll((els) => els.map((e) => e.getAttribute('data-name'))))
      .toEqual(Array.from({ length: 10 }, (_, i) => `trang-${i + 1}.jpg`));

    // What the counter kept: JPEG pages of A4 at 150 dpi.
    const camera = (await kept(page, code)).filter((k) => k.component === first);
    expect(camera).toHaveLength(10);
    const cameraBytes = camera.map((k) => Buffer.from(k.b64!, 'base64'));
    for (const [i, b] of cameraBytes.entries()) {
      expect(camera[i]!.mime).toBe('image/jpeg');
      expect(sha(b)).toBe(camera[i]!.sha256);
      expect(imageSize(b)).toEqual({ width: 1240, height: 1754 });
    }
    const distinct = new Set(camera.map((k) => k.sha256)).size;

    // A feeder scanner saves three files into its folder.
    const { scanned, other } = await dropScannerFiles(page, components, folder);
    await until(async () => (await page.getByTestId('sync-files').getAttribute('data-pending')) === '13', 30_000, 'sync bar shows 13 files waiting');

    // Sign out, then the host dies and starts again; the line comes back.
    await page.getByTestId('sign-out').click();
    await rig.kill({ host: true });
    page = await rig.restart();
    rig.proxy.up();
    const t0 = Date.now();
    await until(async () => {
      const r = await rig.gateway.db.query<{ n: number }>(
        'select count(*)::int as n from attachments a join files f on f.sha256 = a.sha256 where a.dossier_code = $1 and f.complete_at is not null', [code]);
      return Number(r[0]!.n) === 13;
    }, 180_000, 'all 13 attached at the gateway');
    const arrivalMs = Date.now() - t0;
    const att = await rig.gateway.db.query<{ sha256: string; component: string; name: string }>(
      'select a.sha256, a.component, a.name from attachments a where a.dossier_code = $1', [code]);
    expect(att.filter((a) => a.component === first).map((a) => a.sha256).sort()).toEqual(cameraBytes.map(sha).sort());
    expect(att.filter((a) => a.component === other).map((a) => a.sha256).sort()).toEqual(scanned.map(sha).sort());
    expect(att.filter((a) => a.component === first).map((a) => a.name).sort()).toEqual(camera.map((k) => k.name).sort());
    console.info(`camera e2e: 11 captures + 1 retake, press→page in strip ${timings.join('/')} ms; ${distinct} distinct camera pages of 10; 13 files at the gateway ${arrivalMs} ms after the line came back`);
  }, 600_000);

  it('explains a camera that is not there with the catalog\'s message; the file picker still works', async () => {
    const page = await restartWith({ cameraDeviceId: 'camera-khong-co-that' });
    const [row] = await rig.gateway.db.query<{ code: string }>(
      'select code from dossiers where agency_code = $1 and status in (2, 4) order by code offset 1 limit 1', [rig.agency]);
    await rig.pty.write(`${row!.code}\r\n`);
    await page.getByTestId('dossier-view').waitFor({ timeout: 30_000 });
    const box = page.getByTestId('digitise-component').first();
    await box.getByTestId('camera-open').click();
    const error = page.getByTestId('camera-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.getAttribute('data-code')).toBe('camera-absent');
    expect(await error.textContent()).toContain('Không tìm thấy camera đã chọn. Hãy kiểm tra dây cắm hoặc chọn camera khác.');
    expect(await page.getByTestId('camera-shoot').isDisabled()).toBe(true);
    await expectNoAxeViolations(page, { label: 'camera capture dialog, no camera', include: '[data-testid="camera-capture"]' });
    await page.getByTestId('camera-done').click();
    await page.getByTestId('camera-capture').waitFor({ state: 'detached' });
    await box.getByTestId('file-input').setInputFiles([{ name: 'to-khai.png', mimeType: 'image/png', buffer: printedPage(31) }]);
    await until(async () => (await box.getByTestId('page').count()) === 1, 30_000, 'the picked file kept');
  }, 120_000);
});
