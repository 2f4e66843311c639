/**
 * The walking skeleton, for real: a serial scanner on a socat pseudo-terminal → the serial service
 * → the bridge (WebSocket) → the renderer in real Chromium, which shows the text and what it is;
 * a keyboard-wedge scan typed at scanner speed shows up the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { launchChromium } from '../helpers/browser';
import { ensureBuilt } from '../helpers/build';
import { launchBrowserHost, type BrowserHost } from '../../src/main/web-host/launch';
import { typeLikeScanner } from '../scanners/wedge-cdp';
import appText from '../../src/renderer/i18n/app';

const DOSSIER = '000.17.22.H56-210531-0001';
// Synthetic CCCD payload (fake ID number).
const CCCD = '001099012345||Nguyễn Thị Thu Hà|15031999|Nữ|Số 5, Thôn Đồng Bừa, Xã Tân Trào, Tỉnh Tuyên Quang|01072021';

let pty: PtyPair;
let app: BrowserHost;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  ensureBuilt();
  pty = await createPtyPair();
  app = await launchBrowserHost({ scanners: [{ id: 'counter-1', path: pty.portPath, baudRate: 9600 } as never] });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${app.host.url}#/monitor`);
  await page.locator('[data-testid="scanners"] li[data-state="open"]').waitFor({ timeout: 10_000 });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await pty?.close();
});

describe('walking skeleton', () => {
  it('shows a dossier code scanned on a serial pty, classified by the domain core', async () => {
    await pty.write(`${DOSSIER}\r\n`);
    const item = page.locator('[data-testid="scans"] li').first();
    await expect.poll(() => item.getAttribute('data-kind')).toBe('dossier');
    expect(await item.getAttribute('data-source')).toBe('serial');
    expect(await item.locator('.text').textContent()).toBe(DOSSIER);
    expect(await item.locator('.kind').textContent()).toBe('Mã hồ sơ');
  });

  it('shows a CCCD scanned over serial as a CCCD, with its ID number masked', async () => {
    await pty.write(`${CCCD}\r\n`);
    const item = page.locator('[data-testid="scans"] li').first();
    await expect.poll(() => item.getAttribute('data-kind')).toBe('cccd');
    const shown = await item.locator('.text').textContent();
    expect(shown).toContain('2345');
    expect(await page.content()).not.toContain('001099012345');
  });

  it('hides a damaged CCCD and redacts a frame cut before its ID', async () => {
    const items = page.locator('[data-testid="scans"] li');
    const before = await items.count();
    await pty.write('0010990x2345|187654321|Trần Thị Bích|02021985|Nữ|Số 5 Lê Lợi, Phường 1|01012022\r\n');
    await expect.poll(() => items.count()).toBe(before + 1);
    expect(await items.first().getAttribute('data-kind')).toBe('invalid');
    expect(await items.first().locator('.text').textContent()).toBe(appText.vi.cardHidden);
    await pty.write('Nguyễn Văn An|01011990|Nam|Thôn Phú Lộc, Xã An Bình\r\n');
    await expect.poll(() => items.count()).toBe(before + 2);
    expect(await items.first().locator('.text').textContent()).toBe('[cccd]');
    const html = await page.content();
    for (const personal of ['Trần Thị Bích', 'Số 5 Lê Lợi', 'Nguyễn Văn An', 'Thôn Phú Lộc']) expect(html).not.toContain(personal);
  });

  it('shows a keyboard-wedge scan typed at scanner speed the same way', async () => {
    await page.locator('body').click();
    await typeLikeScanner(page, '000.17.22.H56-210531-0002', { perCharMs: 5, terminator: 'Enter' });
    const item = page.locator('[data-testid="scans"] li').first();
    await expect.poll(() => item.getAttribute('data-source')).toBe('wedge');
    expect(await item.getAttribute('data-kind')).toBe('dossier');
    expect(await item.locator('.text').textContent()).toBe('000.17.22.H56-210531-0002');
  });

  it('shows hostile text as inert text', async () => {
    await pty.write('<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>\r\n');
    const item = page.locator('[data-testid="scans"] li').first();
    await expect.poll(() => item.getAttribute('data-kind')).toBe('unknown');
    expect(await item.locator('.text').textContent()).toContain('<script>');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});
