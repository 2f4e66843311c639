/**
 * The counter without a mouse, for real: the built app in real Chromium through the browser host,
 * enrolled with the real gateway, a socat pseudo-terminal scanner. Sign in, receive a dossier from
 * a CCCD scan (scan, type, Enter, Enter: four interactions to the printed receipt), reprint with
 * F9, hand a result back and take a fee — by keyboard alone, with not one pointer event reaching
 * the page. Every main screen is checked by axe-core (WCAG 2.1 AA) at 1366×768 and 1920×1080, and
 * kept as a screenshot in test-output/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { startApp, type TestApp } from '../helpers/app';
import { expectNoAxeViolations } from '../helpers/axe';
import { DEMO_PINS } from '../../src/gateway/demo/seed';
import { DEFAULT_DEDUPE_MS } from '../../src/renderer/scanners/scan-stream';

// Synthetic CCCD (fake number, invented person).
const CCCD = '001195012345||Trần Thị Bàn Phím|17051995|Nữ|Số 9, Thôn Thử Nghiệm, Xã Tân Trào, Tỉnh Tuyên Quang|01072021';
// Keys typed at a person's pace: a burst of fast keys is what a keyboard-wedge scanner sends.
const HUMAN_MS = 90;
const SIZES = [{ width: 1366, height: 768 }, { width: 1920, height: 1080 }] as const;

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ role: 'counter', dossiersPerAgency: 20, open: false });
  await app.page.addInitScript(() => {
    const w = window as unknown as { __printed: number; __pointer: number; print: () => void };
    w.__printed = 0;
    w.__pointer = 0;
    w.print = () => { w.__printed += 1; };
    // Any pointer or mouse event that reaches the page is counted: the journey must have none.
    for (const type of ['pointerdown', 'pointerup', 'mousedown', 'mouseup', 'touchstart']) {
      window.addEventListener(type, () => { w.__pointer += 1; }, { capture: true });
    }
  });
  await app.page.goto(app.url);
}, 60_000);

afterAll(async () => { await app?.close(); });

const focused = (): Promise<string | null> => app.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const printed = (): Promise<number> => app.page.evaluate(() => (window as unknown as { __printed: number }).__printed);

const theme = (): Promise<string | undefined> => app.page.evaluate(() => document.documentElement.dataset.theme);

/** axe at both screen sizes, with a screenshot of each; then in the high-contrast theme (the
 * device's setting, applied at once) at the smaller one, and back to light. */
async function check(name: string): Promise<void> {
  mkdirSync('test-output/screenshots', { recursive: true });
  for (const size of SIZES) {
    await app.page.setViewportSize(size);
    await expectNoAxeViolations(app.page, { label: `${name} at ${size.width}×${size.height}` });
    await app.page.screenshot({ path: `test-output/screenshots/counter-keyboard-${name}-${size.width}.png` });
  }
  await app.page.setViewportSize(SIZES[0]);
  await app.host.services.handlers['settings.update']({ theme: 'high-contrast' });
  await expect.poll(theme).toBe('high-contrast');
  // The buttons' colours ease over 120 ms: read them once they have.
  await app.page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  await app.page.screenshot({ path: `test-output/screenshots/counter-keyboard-${name}-high-contrast.png` });
  await expectNoAxeViolations(app.page, { label: `${name}, high contrast` });
  await app.host.services.handlers['settings.update']({ theme: 'light' });
  await expect.poll(theme).toBe('light');
}

/** Presses Tab until the focused element's test id starts with `prefix` (at most 40 times). */
async function tabTo(prefix: string): Promise<string> {
  for (let i = 0; i < 40; i += 1) {
    const id = await focused();
    if (id?.startsWith(prefix)) return id;
    await app.page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${prefix}; focus is on ${await focused()}`);
}

async function scan(text: string): Promise<void> {
  await new Promise((r) => setTimeout(r, DEFAULT_DEDUPE_MS + 100));
  await app.pty.write(`${text}\r\n`);
}

describe('the counter by keyboard alone', () => {
  it('signs in, receives a dossier in four interactions, reprints, hands back and takes a fee, without a pointer event; axe finds nothing', async () => {
    const page = app.page;
    const kb = page.keyboard;
    const gw = app.gateway.db;

    // Sign in: the list of names has the focus; Space chooses, Tab goes on to the PIN, Enter signs in.
    await expect.poll(focused, { timeout: 20_000 }).toMatch(/^staff-/);
    await check('sign-in');
    await kb.press('Space');
    await kb.press('Tab');
    expect(await focused()).toBe('pin');
    await kb.type(DEMO_PINS.counter, { delay: HUMAN_MS });
    await kb.press('Enter');
    await page.getByTestId('workspace').waitFor();
    await expect.poll(async () => (await page.getByTestId('sync-bar').getAttribute('data-phase')) === 'idle'
      && Number(await page.getByTestId('sync-bar').getAttribute('data-pending')) === 0, { timeout: 20_000 }).toBe(true);
    await page.getByTestId('worklist').waitFor();
    await check('worklist');

    // F3 searches from anywhere: the search box has the focus.
    await kb.press('F3');
    expect(await focused()).toBe('search');

    // Intake: 1 scan, 2 type the procedure without diacritics, 3 Enter takes it, 4 Enter receives.
    await scan(CCCD);
    await expect.poll(() => page.getByTestId('intake-name').inputValue()).toBe('Trần Thị Bàn Phím');
    await expect.poll(focused).toBe('procedure-search');
    await kb.type('xac nhan tinh trang hon nhan', { delay: HUMAN_MS });
    await page.getByTestId('procedure-option').first().waitFor();
    await check('intake');
    await kb.press('Enter');
    await expect.poll(focused).toBe('intake-save');
    await kb.press('Enter');
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    const code = (await receipt.getAttribute('data-code'))!;
    await expect.poll(printed, { timeout: 10_000 }).toBe(1);
    await check('receipt');
    // Paper is white in every theme: the receipt prints black on white under high contrast too.
    await app.host.services.handlers['settings.update']({ theme: 'high-contrast' });
    await expect.poll(theme).toBe('high-contrast');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.receipt-copy').first().evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]))
      .toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    await page.emulateMedia({ media: 'screen' });
    await app.host.services.handlers['settings.update']({ theme: 'light' });
    await expect.poll(theme).toBe('light');
    // F9 prints it again.
    await kb.press('F9');
    await expect.poll(printed, { timeout: 10_000 }).toBe(2);

    // Hand back a finished dossier: the scan opens it with the focus on its first action.
    const [ready] = await gw.query<{ code: string }>(
      'select code from dossiers where agency_code = $1 and status = 9 order by code limit 1', [app.agency]);
    expect(ready).toBeDefined();
    await scan(ready!.code);
    await page.locator(`[data-testid="dossier-view"][data-code="${ready!.code}"]`).waitFor();
    await expect.poll(focused).toBe('action-handBack');
    // An ordinary dossier (one or two components, a few timeline entries, a fee) fits a 1366×768
    // counter without scrolling: the digitising card is compact (docs/DESIGN.md), the timeline in view.
    await page.setViewportSize(SIZES[0]);
    const fit = await page.evaluate(() => ({
      scroll: document.scrollingElement!.scrollHeight,
      height: innerHeight,
      timeline: document.querySelector('#dossier-timeline')!.closest('section')!.getBoundingClientRect().bottom,
      bar: document.querySelector('.dossier-bar')!.getBoundingClientRect().top,
      shape: [document.querySelectorAll('[data-testid="dossier-documents"] li').length, document.querySelectorAll('[data-testid="timeline"] li').length, document.querySelectorAll('[data-testid="fee"]').length],
    }));
    expect(fit.shape[0], 'an ordinary dossier: at most two components').toBeLessThanOrEqual(2);
    expect(fit.scroll, `the dossier view scrolls at 1366×768 (components, timeline entries, fees: ${fit.shape.join(', ')})`).toBeLessThanOrEqual(fit.height);
    expect(fit.timeline).toBeLessThanOrEqual(fit.bar);
    await check('dossier');
    await kb.press('Enter');
    await expect.poll(focused).toBe('confirm-note');
    await check('confirm');
    await kb.press('Enter');
    await expect.poll(() => page.getByTestId('dossier-view').getAttribute('data-status')).toBe('10');

    // Take a fee: Tab to it, Enter; the method has the focus, Tab to the reference, Enter confirms.
    const [owing] = await gw.query<{ code: string; unpaid: number }>(
      `select code, (select count(*)::int from json_array_elements(data->'fees') f where (f->>'paid')::boolean = false) as unpaid from dossiers where agency_code = $1 and status in (2, 4, 9) and code <> $2
         and exists (select 1 from json_array_elements(data->'fees') f where (f->>'paid')::boolean = false)
       order by code limit 1`, [app.agency, ready!.code]);
    expect(owing).toBeDefined();
    await scan(owing!.code);
    await page.locator(`[data-testid="dossier-view"][data-code="${owing!.code}"]`).waitFor();
    await expect.poll(focused).toMatch(/^action-/);
    const pay = await tabTo('pay-');
    await kb.press('Enter');
    await expect.poll(focused).toBe('fee-method');
    await kb.press('Tab');
    expect(await focused()).toBe('fee-reference');
    await kb.press('Enter');
    await expect.poll(() => page.getByTestId(pay).count()).toBe(0);

    // Not one pointer event, and all of it reached the gateway (the sync bar's backlog can still
    // read 0 for a moment after an action, so the gateway's own rows are what is waited for).
    expect(await page.evaluate(() => (window as unknown as { __pointer: number }).__pointer)).toBe(0);
    const state = async (): Promise<string> => {
      const rows = await gw.query<{ code: string; status: number; data: { fees: { paid: boolean }[] } }>(
        'select code, status, data from dossiers where code = any($1) order by code', [[code, ready!.code, owing!.code]]);
      const by = new Map(rows.map((r) => [r.code, r]));
      return JSON.stringify([by.get(code)?.status, by.get(ready!.code)?.status, by.get(owing!.code)?.data.fees.filter((f) => !f.paid).length]);
    };
    await expect.poll(state, { timeout: 30_000 }).toBe(JSON.stringify([2, 10, owing!.unpaid - 1]));
  }, 120_000);

  it('shows the register book (form 07) of today with the dossier received above; axe finds nothing', async () => {
    const { page } = app;
    await page.getByTestId('nav-register').click();
    await page.getByTestId('register-count').waitFor();
    // Today's book holds at least the intake of the journey above, read through the receivedAt index.
    expect(await page.getByTestId('form-sheet').getAttribute('data-form')).toBe('07');
    expect(Number((await page.getByTestId('register-count').textContent())?.match(/\d+/)?.[0] ?? 0)).toBeGreaterThan(0);
    await check('register');
  }, 60_000);
});
