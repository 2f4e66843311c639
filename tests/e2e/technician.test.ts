/**
 * The technician console for real: the built app in Chromium over the browser host, the real
 * gateway on loopback and a socat pseudo-terminal scanner. A technician sets the PIN, enrolls the
 * device with a code from the province, and runs the fidelity test with a scanner whose charset is
 * wrong: the console names the cause and the fix. Then the technician makes the device a
 * self-service kiosk in English: the language applies at once, the role after a restart of the
 * host, which then opens the kiosk screen in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { startApp, type TestApp } from '../helpers/app';
import { expectNoAxeViolations } from '../helpers/axe';
import { startHostProcess, type HostProcess } from '../helpers/host-process';
import citizenText from '../../src/renderer/i18n/citizen';
import { FIDELITY_PAYLOAD } from '../../src/shared/scan/fidelity';
import text from '../../src/renderer/i18n/console';
import { CATALOG } from '../../src/shared/messages';
import { VIETQR_BANKS_CHECKED } from '../../src/shared/domain/banks';

const vi = text.vi;
const PIN = '284917';
const tid = (id: string) => `[data-testid="${id}"]`;

/** Windows-1258, as a scanner left on a Vietnamese code page sends it: not UTF-8 at all. */
const CP1258: Record<string, number> = { Đ: 0xd0, đ: 0xf0, Ư: 0xdd, ư: 0xfd, Ơ: 0xd5, ơ: 0xf5 };
function asCp1258(s: string): Buffer {
  return Buffer.from(Array.from(s, (ch) => (ch.charCodeAt(0) < 0x80 ? ch.charCodeAt(0) : CP1258[ch] ?? 0x3f)));
}

let app: TestApp;
/** The host started again on the same data folder and port (the page's origin, its IndexedDB). */
let restarted: HostProcess | null = null;

beforeAll(async () => {
  app = await startApp({ enroll: false, open: false, seed: 'catalog', viewport: { width: 1366, height: 900 } });
  await app.page.goto(`${app.host.host.url}#/technician`);
}, 60_000);

afterAll(async () => {
  await restarted?.stop().catch(() => {});
  await app?.close();
});

describe('technician console', () => {
  it('sets the PIN on first run and opens', async () => {
    const { page } = app;
    await page.locator(tid('pin-confirm')).waitFor({ timeout: 15_000 });
    // The first-run PIN screen is built from the design system's fields: WCAG 2.1 AA.
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/technician-pin.png' });
    await expectNoAxeViolations(page, { label: 'technician PIN screen' });
    await page.fill(tid('pin-input'), PIN);
    await page.fill(tid('pin-confirm'), PIN);
    await page.click(tid('pin-submit'));
    await page.locator(tid('technician-console')).waitFor({ timeout: 10_000 });
  });

  it('enrolls the device with a code from the province', async () => {
    const { page } = app;
    const { code } = await app.gateway.createEnrollCode(app.agency, 'Quầy 1');
    // The gateway address comes from the host; the technician only types the code.
    await expect.poll(() => page.inputValue(tid('enroll-url'))).toBe(app.gateway.url);
    await page.fill(tid('enroll-code'), code);
    await page.click(tid('enroll-submit'));
    await page.locator(tid('enroll-identity')).waitFor({ timeout: 10_000 });
    expect(await page.textContent(tid('enroll-identity'))).toContain(app.agency);
    expect(await page.textContent(tid('enroll-done'))).toContain(vi.enroll.doneReload);
    expect((await app.host.services.handlers['gateway.status']({})).enrolled).toBe(true);
  });

  it('names the bank behind the fee account\'s BIN as it is typed, and keeps the account', async () => {
    const { page } = app;
    const panel = page.locator(tid('panel-fee'));
    await panel.scrollIntoViewIfNeeded();
    // A BIN this build does not list: said so, with when the list was checked.
    await page.fill(tid('fee-bin'), '971999');
    await expect.poll(() => panel.textContent()).toContain(vi.fee.unknownBank.replace('{{checked}}', VIETQR_BANKS_CHECKED));
    await page.fill(tid('fee-bin'), '970415');
    await expect.poll(() => panel.textContent()).toContain(vi.fee.bank.replace('{{short}}', 'VietinBank').replace('{{name}}', 'Ngân hàng TMCP Công thương Việt Nam'));
    await page.fill(tid('fee-account'), '1133 6666 8888');
    await page.fill(tid('fee-name'), 'UBND xa Tan Trao');
    await page.click(tid('fee-save'));
    await page.locator(tid('fee-result')).waitFor({ timeout: 10_000 });
    expect(await page.getAttribute(tid('fee-result'), 'data-tone')).toBe('success');
    expect(await page.inputValue(tid('fee-account'))).toBe('113366668888');
    mkdirSync('test-output/screenshots', { recursive: true });
    await panel.screenshot({ path: 'test-output/screenshots/technician-fee-account.png' });
    await expectNoAxeViolations(page, { label: 'technician fee account with the bank named', include: tid('panel-fee') });
  });

  it('shows the serial scanner working', async () => {
    const state = app.page.locator(`${tid('scanner-scanner-1')} ${tid('scanner-state')}`);
    await expect.poll(() => state.getAttribute('data-state'), { timeout: 10_000 }).toBe('open');
  });

  it('diagnoses a scanner that replaces Vietnamese letters', async () => {
    const { page } = app;
    await page.click(tid('fidelity-start'));
    await page.locator(tid('fidelity-waiting')).waitFor();
    await app.pty.write(`${FIDELITY_PAYLOAD.replace(/[^ -~]/gu, '?')}\r\n`);
    await page.locator(tid('fidelity-result')).waitFor({ timeout: 10_000 });
    expect(await page.getAttribute(tid('fidelity-result'), 'data-cause')).toBe('wedge-no-unicode');
    expect(await page.textContent(tid('fidelity-cause'))).toBe(vi.fidelity.cause['wedge-no-unicode']);
    expect(await page.textContent(tid('fidelity-fix'))).toBe(vi.fidelity.fix['scanner-utf8']);
    expect(await page.textContent(tid('fidelity-wrong'))).toContain('U+0110');
    await page.locator(tid('fidelity-wrong')).scrollIntoViewIfNeeded();
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/technician.png', fullPage: true });
    // The settings import's own button (the browser's file field is out of sight).
    expect(await page.locator(tid('settings-import-open')).isVisible()).toBe(true);
    // The whole console, every panel and the scanner section with a diagnosis on it: WCAG 2.1 AA.
    await expectNoAxeViolations(page, { label: 'technician console', include: tid('technician-console') });
  });

  it('diagnoses a scanner that sends a Vietnamese code page instead of UTF-8', async () => {
    const { page } = app;
    await page.click(tid('fidelity-start'));
    await page.locator(tid('fidelity-waiting')).waitFor();
    await app.pty.write(Buffer.concat([asCp1258(FIDELITY_PAYLOAD), Buffer.from('\r\n')]));
    await expect.poll(() => page.getAttribute(tid('fidelity-result'), 'data-cause'), { timeout: 10_000 }).toBe('wedge-no-unicode');
    expect(await page.textContent(tid('fidelity-fix'))).toBe(vi.fidelity.fix['scanner-utf8']);
    // The monitor shows the rejected bytes for what they are.
    expect(await page.textContent(tid('monitor-decoded'))).toContain(CATALOG.vi.scanner['invalid-utf8']);
  });

  it('locks the console when the technician leaves it', async () => {
    await app.page.goto(`${app.host.host.url}#/counter`);
    await expect.poll(async () => (await app.host.services.handlers['technician.status']({})).unlocked, { timeout: 10_000 }).toBe(false);
  });

  it('switches the screens to high contrast at once: the console and the counter pass axe in it', async () => {
    const { page } = app;
    await page.goto(`${app.host.host.url}#/technician`);
    await page.locator(tid('pin-input')).waitFor({ timeout: 15_000 });
    await page.fill(tid('pin-input'), PIN);
    await page.click(tid('pin-submit'));
    await page.locator(tid('general-theme')).waitFor({ timeout: 10_000 });
    await page.selectOption(tid('general-theme'), 'high-contrast');
    await page.click(tid('general-save'));
    await expect.poll(() => page.textContent(tid('general-result')), { timeout: 10_000 }).toBe(vi.saved);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('high-contrast');
    // The buttons' colours ease over 120 ms: read them once they have.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/technician-high-contrast.png', fullPage: true });
    await expectNoAxeViolations(page, { label: 'technician console, high contrast' });
    // The counter opens in it too (a device setting, read at start).
    await page.goto(`${app.host.host.url}#/counter`);
    await page.locator(tid('counter-app')).waitFor({ timeout: 15_000 });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), { timeout: 10_000 }).toBe('high-contrast');
    await page.screenshot({ path: 'test-output/screenshots/counter-sign-in-high-contrast.png' });
    await expectNoAxeViolations(page, { label: 'counter sign-in, high contrast' });
    await app.host.services.handlers['settings.update']({ theme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), { timeout: 10_000 }).toBe('light');
  });

  it('makes the device a kiosk in English: the language at once, the role after a restart', async () => {
    const { page } = app;
    await page.goto(`${app.host.host.url}#/technician`);
    await page.locator(tid('pin-input')).waitFor({ timeout: 15_000 });
    await page.fill(tid('pin-input'), PIN);
    await page.click(tid('pin-submit'));
    await page.locator(tid('general-save')).waitFor({ timeout: 10_000 });
    expect(await page.textContent('h1')).toBe(vi.title);

    await page.selectOption(tid('general-role'), 'kiosk');
    await page.selectOption(tid('general-language'), 'en');
    await page.click(tid('general-save'));
    // The language applies at once; the role is said to wait for a restart.
    await expect.poll(() => page.textContent(tid('general-result')), { timeout: 10_000 }).toBe(text.en.general.savedRestart);
    expect(await page.textContent('h1')).toBe(text.en.title);
    expect(await page.textContent(tid('general-restart'))).toBe(text.en.general.restartPending.replace('{{role}}', text.en.general.roles.kiosk));
    expect(await app.host.services.handlers['settings.get']({})).toMatchObject({ role: 'kiosk', language: 'en' });
    // Enrolled as a counter (above): the console says the kiosk needs an enrollment of its own.
    expect(await page.textContent(tid('general-kind-mismatch'))).toBe(text.en.general.kindMismatch
      .replaceAll('{{kind}}', text.en.general.roles.counter).replaceAll('{{role}}', text.en.general.roles.kiosk));

    // Restart the host on the same data folder and port; it opens the screen of the saved role.
    const port = app.host.host.port;
    await app.host.close();
    restarted = await startHostProcess({ dataDir: app.dataDir, port, gatewayUrl: app.gateway.url });
    expect(restarted.screenUrl).toBe(`${restarted.url}#/kiosk`);
    await page.goto('about:blank');
    await page.goto(restarted.screenUrl);
    const kiosk = page.locator(tid('citizen-kiosk'));
    await kiosk.waitFor({ timeout: 15_000 });
    expect(await kiosk.getAttribute('lang')).toBe('en');
    expect(await page.textContent('.citizen-title')).toBe(citizenText.en.title);
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/technician-kiosk-en.png' });

    // Without a hash, the app shows the configured role's screen too.
    await page.goto('about:blank');
    await page.goto(restarted.url);
    await kiosk.waitFor({ timeout: 15_000 });
    expect(await kiosk.getAttribute('lang')).toBe('en');
  });
});
