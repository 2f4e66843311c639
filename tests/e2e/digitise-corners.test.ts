/**
 * Fixing a captured page's corners in real Chromium (digitisation: the officer corrects page detection
 * when it is wrong or fails). Chromium's fake camera plays a Y4M video made here: two seconds of a
 * printed page held at an angle on a desk (tests/helpers/document-frame.ts), then two seconds of
 * the bare desk (no page: low contrast, detection finds nothing), over and over. The test reads the
 * video's picture to press Capture just after the kind of frame it wants comes up.
 *
 * A page found by detection: the officer opens the corner editor, moves the top-right corner by
 * keyboard alone (2, Shift+arrows, Tab to Apply, Enter), and the stored page is replaced by a new
 * file (other bytes, same name and place), still A4 at 150 dpi (1240×1754). A frame without a page:
 * the editor opens by itself and says so, the whole frame is kept meanwhile; corners that cross are
 * refused with the catalog's message; the officer drags the four corners with the mouse, applies,
 * and the page cut along them replaces the whole-frame one, A4 too; Escape in the editor leaves it,
 * not the camera dialog. axe (WCAG 2.1 AA) on the editor both times; screenshots
 * digitise-corners-*.png.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../helpers/axe';
import { signIn, startCrashRig, until, type CrashRig } from '../helpers/host-process';
import { pageFrame, TILTED } from '../helpers/document-frame';
import { imageSize, kept, y4m } from '../helpers/camera-video';
import { openDossierOffline } from '../helpers/digitise';
import { DEMO_PINS } from '../../src/gateway/demo/seed';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const FPS = 2;

let rig: CrashRig;
let videoDir: string;

beforeAll(async () => {
  videoDir = mkdtempSync(path.join(tmpdir(), 'kiosk-e2e-corners-'));
  const video = path.join(videoDir, 'trang-va-ban.y4m');
  const page = pageFrame(TILTED, { seed: 7 }), desk = pageFrame(null, { seed: 8 });
  writeFileSync(video, y4m([page, page, page, page, desk, desk, desk, desk], FPS));
  rig = await startCrashRig({
    dossiersPerAgency: 3,
    chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
  });
}, 120_000);

afterAll(async () => {
  await rig?.close();
  if (videoDir) rmSync(videoDir, { recursive: true, force: true });
});

/** Mean green of the picture's middle: the page's paper is bright, the desk is dark brown. */
const middle = (video: Locator): Promise<number> => video.evaluate((el: HTMLVideoElement) => {
  const c = document.createElement('canvas');
  c.width = 64; c.height = 48;
  const ctx = c.getContext('2d', { willReadFrequently: true })!;
  ctx.drawImage(el, 0, 0, 64, 48);
  const d = ctx.getImageData(24, 18, 16, 12).data;
  let s = 0;
  for (let i = 1; i < d.length; i += 4) s += d[i]!;
  return s / (d.length / 4);
});

/** Waits until the video turns to the wanted kind of frame (so two seconds of it lie ahead). */
async function waitForTurn(video: Locator, want: 'page' | 'desk'): Promise<void> {
  const kind = async () => ((await middle(video)) > 130 ? 'page' : 'desk');
  await until(async () => (await kind()) !== want, 20_000, `the video leaves the ${want} frames`);
  await until(async () => (await kind()) === want, 20_000, `the video turns to the ${want} frames`);
}

/** Presses Tab until the element with this test id has the focus (keyboard only). */
async function tabTo(page: Page, testId: string): Promise<void> {
  for (let i = 0; i < 12; i++) {
    if (await page.evaluate((id) => document.activeElement?.getAttribute('data-testid') === id, testId)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

describe('adjusting a captured page\'s corners', () => {
  it('moves a detected corner by keyboard; places the corners of a frame without a page by mouse; both stored A4', async () => {
    const page = rig.page;
    await signIn(page, DEMO_PINS.counter);
    // Offline, as at a commune with a cut line: a stored page stays unsent, so a new cut replaces it
    // (a page the gateway already has is never replaced: the new cut would become a new page).
    const code = await openDossierOffline(rig, page);
    await page.getByTestId('digitise-component').first().getByTestId('camera-open').click();
    const dialog = page.getByTestId('camera-capture');
    const body = dialog.getByTestId('camera-capture-body');
    await until(async () => (await body.getAttribute('data-phase')) === 'live', 30_000, 'camera live');
    const video = dialog.getByTestId('camera-video');
    const strip = dialog.getByTestId('camera-page');
    const editor = dialog.getByTestId('corner-editor');
    const handles = editor.getByTestId('corner-handle');
    mkdirSync('test-output/screenshots', { recursive: true });

    // 1. A page detection finds: kept at once, no editor until the officer asks for it.
    await waitForTurn(video, 'page');
    await dialog.getByTestId('camera-shoot').click();
    await until(async () => (await strip.count()) === 1, 60_000, 'the first page kept');
    expect(await editor.count()).toBe(0);
    expect(await dialog.getByTestId('camera-no-page').count()).toBe(0);
    const first = (await kept(page, code))[0]!;
    expect(first.name).toBe('trang-1.jpg');
    await strip.first().getByTestId('camera-adjust').click();
    await editor.waitFor();
    expect(await editor.getAttribute('data-found')).toBe('true');
    expect(await editor.getByTestId('corner-no-page').count()).toBe(0);
    // Detection's corners, within a few pixels of where the page really is.
    const detected = await handles.evaluateAll((els) => els.map((e) => ({ x: Number(e.getAttribute('data-x')), y: Number(e.getAttribute('data-y')) })));
    detected.forEach((p, i) => {
      expect(Math.abs(p.x - TILTED[i]!.x)).toBeLessThanOrEqual(6);
      expect(Math.abs(p.y - TILTED[i]!.y)).toBeLessThanOrEqual(6);
    });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('1: Góc trên bên trái');
    // Keyboard only: 2 selects the top-right corner; Shift+→ twice, → three times, Shift+↑ once.
    await page.keyboard.press('2');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('2: Góc trên bên phải');
    for (const key of ['Shift+ArrowRight', 'Shift+ArrowRight', 'ArrowRight', 'ArrowRight', 'ArrowRight', 'Shift+ArrowUp']) await page.keyboard.press(key);
    expect(Number(await handles.nth(1).getAttribute('data-x'))).toBe(detected[1]!.x + 23);
    expect(Number(await handles.nth(1).getAttribute('data-y'))).toBe(detected[1]!.y - 10);
    await page.screenshot({ path: 'test-output/screenshots/digitise-corners-editor.png' });
    await expectNoAxeViolations(page, { label: 'corner editor, page found', include: '[data-testid="camera-capture"]' });
    await tabTo(page, 'corner-apply');
    const t0 = Date.now();
    await page.keyboard.press('Enter');
    await until(async () => (await kept(page, code)).some((k) => k.id !== first.id), 60_000, 'the page cut again and stored');
    const recutMs = Date.now() - t0;
    await editor.waitFor({ state: 'detached' });
    const adjusted = await kept(page, code);
    expect(adjusted).toHaveLength(1);
    const recut = adjusted[0]!;
    expect([recut.name, recut.position, recut.mime]).toEqual([first.name, first.position, 'image/jpeg']);
    const before = Buffer.from(first.b64!, 'base64'), after = Buffer.from(recut.b64!, 'base64');
    expect(sha(after)).toBe(recut.sha256);
    expect(sha(after)).not.toBe(sha(before));
    expect(imageSize(before)).toEqual({ width: 1240, height: 1754 });
    expect(imageSize(after)).toEqual({ width: 1240, height: 1754 });
    expect(await dialog.getByTestId('camera-recut').textContent()).toContain('trang-1.jpg');
    expect(await strip.count()).toBe(1);

    // 2. A frame with no page: the editor opens by itself and says so; the whole frame is kept meanwhile.
    await waitForTurn(video, 'desk');
    await dialog.getByTestId('camera-shoot').click();
    await until(async () => (await strip.count()) === 2, 60_000, 'the second page kept');
    await editor.waitFor();
    expect(await editor.getAttribute('data-found')).toBe('false');
    expect(await editor.getByTestId('corner-no-page').textContent()).toContain('Không tìm thấy trang giấy trong ảnh');
    await page.screenshot({ path: 'test-output/screenshots/digitise-corners-no-page.png' });
    const whole = (await kept(page, code)).find((k) => k.name === 'trang-2.jpg')!;
    expect(imageSize(Buffer.from(whole.b64!, 'base64'))).toEqual({ width: 1754, height: 1240 }); // the whole 4:3 frame, landscape
    // The whole picture fits on the screen (the dialog may scroll to its buttons: each drag
    // brings the picture back into view and measures it again).
    const stageEl = editor.getByTestId('corner-stage');
    await stageEl.scrollIntoViewIfNeeded();
    const first0 = (await stageEl.boundingBox())!;
    expect(first0.y + first0.height).toBeLessThanOrEqual(await page.evaluate(() => window.innerHeight));
    const drag = async (i: number, to: { x: number; y: number }) => {
      await stageEl.scrollIntoViewIfNeeded();
      const stage = (await stageEl.boundingBox())!;
      const box = (await handles.nth(i).boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(stage.x + ((to.x + 0.5) / 640) * stage.width, stage.y + ((to.y + 0.5) / 480) * stage.height, { steps: 5 });
      await page.mouse.up();
    };
    // The top-left corner dragged deep in, near the bottom-right: the outline folds in; refused, nothing stored.
    await drag(0, { x: 600, y: 440 });
    await editor.getByTestId('corner-apply').click();
    const refusal = editor.getByTestId('corner-error');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-problem')).toBe('crossed');
    expect(await refusal.textContent()).toContain('Bốn góc này không tạo thành trang giấy');
    expect((await kept(page, code)).find((k) => k.name === 'trang-2.jpg')!.id).toBe(whole.id);
    // The officer places the four corners with the mouse.
    for (let i = 0; i < 4; i++) await drag(i, TILTED[i]!);
    const placed = await handles.evaluateAll((els) => els.map((e) => ({ x: Number(e.getAttribute('data-x')), y: Number(e.getAttribute('data-y')) })));
    placed.forEach((p, i) => {
      expect(Math.abs(p.x - TILTED[i]!.x)).toBeLessThanOrEqual(2);
      expect(Math.abs(p.y - TILTED[i]!.y)).toBeLessThanOrEqual(2);
    });
    expect(await refusal.count()).toBe(0);
    await expectNoAxeViolations(page, { label: 'corner editor, no page found', include: '[data-testid="camera-capture"]' });
    const t1 = Date.now();
    await editor.getByTestId('corner-apply').click();
    await until(async () => (await kept(page, code)).some((k) => k.name === 'trang-2.jpg' && k.id !== whole.id), 60_000, 'the placed page stored');
    const placedMs = Date.now() - t1;
    await editor.waitFor({ state: 'detached' });
    const pages = await kept(page, code);
    expect(pages.map((k) => k.name).sort()).toEqual(['trang-1.jpg', 'trang-2.jpg']);
    const second = pages.find((k) => k.name === 'trang-2.jpg')!;
    expect(second.position).toBe(whole.position);
    const secondBytes = Buffer.from(second.b64!, 'base64');
    expect(sha(secondBytes)).toBe(second.sha256);
    expect(imageSize(secondBytes)).toEqual({ width: 1240, height: 1754 });
    expect(await strip.count()).toBe(2);
    expect(await dialog.getByTestId('camera-no-page').count()).toBe(0);
    // The latest page can be adjusted again; Escape leaves the editor, not the camera dialog.
    await strip.nth(1).getByTestId('camera-adjust').click();
    await editor.waitFor();
    expect(Number(await handles.nth(0).getAttribute('data-x'))).toBe(placed[0]!.x); // starts from the corners it was cut along
    await page.keyboard.press('Escape');
    await editor.waitFor({ state: 'detached' });
    expect(await dialog.isVisible()).toBe(true);
    await until(async () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') === 'camera-shoot'), 5_000, 'the focus back on Capture');
    await dialog.getByTestId('camera-done').click();
    await dialog.waitFor({ state: 'detached' });
    console.info(`corners e2e: Apply → new page stored (polled every 50 ms through IndexedDB): ${recutMs} ms (keyboard, page found), ${placedMs} ms (mouse, no page found)`);
  }, 300_000);
});
