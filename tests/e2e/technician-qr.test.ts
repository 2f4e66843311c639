/**
 * Enrolling from the province console's QR code with the camera, for real: the built app in
 * Chromium over the browser host, a fake camera (Chromium's file capture) showing the enrollment
 * QR code the console draws for a code issued through the console's admin API (a signed-in
 * province admin's session), and the real gateway. The technician opens the camera in the
 * technician console, the address and code fill in, and the device enrolls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { startApp, type TestApp } from '../helpers/app';
import { launchChromium } from '../helpers/browser';
import { framesToY4m } from '../camera-corpus/y4m';
import { createAdminAccount } from '../../src/gateway/store/console';
import { CSRF_HEADER, enrollQrText, PROTOCOL_HEADER, PROTOCOL_VERSION, SESSION_COOKIE, type EnrollCodeResponse } from '../../src/shared/protocol';
import text from '../../src/renderer/i18n/console';

const vi = text.vi;
const PIN = '284917';
const tid = (id: string) => `[data-testid="${id}"]`;
const Y4M = path.join(process.cwd(), 'test-output', 'enroll-qr.y4m');

/** A 640×480 camera frame: white paper with the QR code in the middle. */
async function qrFrame(payload: string): Promise<Buffer> {
  const png = PNG.sync.read(await QRCode.toBuffer(payload, { type: 'png', scale: 6, margin: 4, errorCorrectionLevel: 'M' }));
  const width = 640;
  const height = 480;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  const x0 = Math.floor((width - png.width) / 2);
  const y0 = Math.floor((height - png.height) / 2);
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const s = (y * png.width + x) * 4;
      const d = ((y + y0) * width + (x + x0)) * 4;
      for (let c = 0; c < 4; c++) data[d + c] = png.data[s + c]!;
    }
  }
  return framesToY4m([{ data, width, height }]);
}

let app: TestApp;
let camera: Browser;
let page: Page;
let issued: EnrollCodeResponse;

beforeAll(async () => {
  // The code comes from the console's API as the page asks for it: a session cookie and its CSRF token.
  app = await startApp({ enroll: false, open: false, seed: 'catalog' });
  await createAdminAccount(app.gateway.db, { username: 'tinh', password: 'mat-khau-quan-tri-1', role: 'province', agency: null }, 'test');
  const login = await fetch(`${app.gateway.url}/v1/admin/session`, {
    method: 'POST', headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ username: 'tinh', password: 'mat-khau-quan-tri-1' }),
  });
  const session = (await login.json()) as { csrfToken: string };
  const cookie = new RegExp(`${SESSION_COOKIE}=[A-Za-z0-9_-]+`).exec(login.headers.get('set-cookie') ?? '')![0];
  const res = await fetch(`${app.gateway.url}/v1/admin/enroll-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, [CSRF_HEADER]: session.csrfToken, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    body: JSON.stringify({ agency: app.agency, kind: 'counter', counter: 'Quầy 7' }),
  });
  issued = (await res.json()) as EnrollCodeResponse;
  mkdirSync(path.dirname(Y4M), { recursive: true });
  writeFileSync(Y4M, await qrFrame(enrollQrText({ gatewayUrl: app.gateway.url, code: issued.code, kind: issued.kind })));
  // The same app, in a Chromium whose fake camera shows that QR code.
  camera = await launchChromium({ args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${Y4M}`] });
  page = await (await camera.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
  await page.goto(`${app.host.host.url}#/technician`);
}, 120_000);

afterAll(async () => {
  await camera?.close();
  await app?.close();
});

describe('technician console: enrollment from the QR code by camera', () => {
  it('reads the QR code with the camera, fills the address and the code, and enrolls', async () => {
    await page.locator(tid('pin-confirm')).waitFor({ timeout: 20_000 });
    await page.fill(tid('pin-input'), PIN);
    await page.fill(tid('pin-confirm'), PIN);
    await page.click(tid('pin-submit'));
    await page.locator(tid('technician-console')).waitFor({ timeout: 15_000 });
    await page.locator(tid('enroll-scan')).click();
    await expect.poll(() => page.inputValue(tid('enroll-code')), { timeout: 45_000 }).toBe(issued.code);
    expect(await page.inputValue(tid('enroll-url'))).toBe(app.gateway.url);
    expect(await page.textContent(tid('enroll-qr-note'))).toBe(vi.enroll.qrRead);
    await page.click(tid('enroll-submit'));
    await page.locator(tid('enroll-identity')).waitFor({ timeout: 15_000 });
    expect(await page.textContent(tid('enroll-identity'))).toContain('Quầy 7');
    expect((await app.host.services.handlers['gateway.status']({})).enrolled).toBe(true);
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/technician-enroll-qr.png' });
  }, 120_000);
});
