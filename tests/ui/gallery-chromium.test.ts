/**
 * The component gallery in real Chromium: at 1366×768 (the usual commune PC) and 1920×1080, in the
 * light and the high-contrast theme, a screenshot of each (test-output/screenshots/ui-gallery-*)
 * and axe-core's WCAG 2.1 AA rules with no violation; the same for the open states (combobox list,
 * dialog) and in English. Also what only a real browser shows: the focus ring is drawn for the
 * keyboard, Shift+Tab wraps inside the dialog, and nothing is fetched from anywhere but the page's
 * own origin (no CDN, no web font).
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../helpers/axe';
import { launchChromium } from '../helpers/browser';
import { buildPage, serveStatic, type StaticServer } from '../helpers/static-server';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'test-output/ui-gallery');
const SHOTS = join(root, 'test-output/screenshots');
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }] as const;
const THEMES = ['light', 'high-contrast'] as const;

let server: StaticServer;
let browser: Browser;
let page: Page;
const requests: string[] = [];

async function open(query = ''): Promise<void> {
  await page.goto(server.url(`index.html${query}`));
  await page.getByTestId('ui-gallery').waitFor();
}

const shot = (name: string, fullPage = true) => page.screenshot({ path: join(SHOTS, `ui-gallery-${name}.png`), fullPage });

beforeAll(async () => {
  await buildPage(join(root, 'tests/ui/gallery-page'), outDir, { plugins: [react()] });
  mkdirSync(SHOTS, { recursive: true });
  server = await serveStatic(outDir);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: SIZES[0] });
  page.on('request', (r) => requests.push(r.url()));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('component gallery in Chromium', () => {
  for (const theme of THEMES) {
    for (const size of SIZES) {
      it(`${theme} at ${size.width}×${size.height}: screenshot, no WCAG 2.1 AA violation`, async () => {
        await page.setViewportSize(size);
        await open(`?theme=${theme}`);
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        await shot(`${theme}-${size.width}x${size.height}`);
        await expectNoAxeViolations(page, { label: `${theme} ${size.width}×${size.height}` });
      }, 60_000);
    }
  }

  for (const theme of THEMES) {
    it(`${theme}: the open procedure list (typed without diacritics) passes axe`, async () => {
      await page.setViewportSize(SIZES[0]);
      await open(`?theme=${theme}`);
      const input = page.getByTestId('gallery-procedure');
      await input.scrollIntoViewIfNeeded();
      await input.click();
      await page.keyboard.type('dang ky khai');
      const options = page.getByRole('listbox').getByRole('option');
      await expect.poll(() => options.allTextContents()).toEqual([
        'Đăng ký khai sinh1.001193 · Hộ tịch', 'Đăng ký khai tử1.001022 · Hộ tịch', 'Đăng ký lại khai sinh1.001612 · Hộ tịch',
      ]);
      await page.keyboard.press('ArrowDown');
      await shot(`${theme}-combobox-open`, false);
      await expectNoAxeViolations(page, { label: `${theme} combobox open` });
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('gallery-procedure-chosen').textContent()).toContain('Đăng ký khai sinh');
    }, 60_000);

    it(`${theme}: the open dialog passes axe, keeps focus inside both ways, and gives it back`, async () => {
      await page.setViewportSize(SIZES[0]);
      await open(`?theme=${theme}`);
      const opener = page.getByTestId('gallery-open-dialog');
      await opener.scrollIntoViewIfNeeded();
      await opener.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('gallery-dialog-note');
      await shot(`${theme}-dialog`, false);
      await expectNoAxeViolations(page, { label: `${theme} dialog open` });
      const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
      await page.keyboard.press('Shift+Tab');
      expect(await focused()).toBe('gallery-dialog-confirm');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('gallery-dialog-note');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      expect(await focused()).toBe('gallery-dialog-note');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(focused).toBe('gallery-open-dialog');
    }, 60_000);
  }

  it('draws a visible focus ring for keyboard focus, and F2 presses its button', async () => {
    await page.setViewportSize(SIZES[0]);
    await open();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const s = getComputedStyle(el);
      return { tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
    });
    expect(ring.style).toBe('solid');
    expect(ring.width).toBeGreaterThanOrEqual(3);
    await page.keyboard.press('F2');
    await expect.poll(() => page.getByTestId('gallery-pressed').textContent()).toContain('Tiếp nhận mới');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('gallery-f2');
  }, 60_000);

  it('in English, sorted by keyboard: passes axe; the table re-sorts from its header', async () => {
    await page.setViewportSize(SIZES[1]);
    await open('?lang=en');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Shared components');
    const header = page.getByTestId('gallery-table').getByRole('columnheader', { name: /Applicant/ });
    await header.scrollIntoViewIfNeeded();
    const focusedName = () => page.evaluate(() => `${document.activeElement?.getAttribute('role')}: ${document.activeElement?.textContent}`);
    // Into the grid on the first row's code cell, up to its header, right to the next one, Enter.
    await page.getByTestId('gallery-row').first().getByRole('rowheader').click();
    await page.keyboard.press('ArrowUp');
    expect(await focusedName()).toBe('columnheader: Dossier code');
    await page.keyboard.press('ArrowRight');
    expect(await focusedName()).toBe('columnheader: Applicant');
    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const first = await page.getByTestId('gallery-row').first().getAttribute('data-key');
    expect(first).toBe('000.17.22.H56-260304-0007'); // Bùi Minh Châu
    await shot('light-en-1920x1080');
    await expectNoAxeViolations(page, { label: 'English' });
  }, 60_000);

  it('fetched nothing from outside its own origin', () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith('data:'))).toEqual([]);
  });
});
