/**
 * The counter journey for real (docs/DESIGN.md, the counter): the built app in real Chromium through the browser
 * host, enrolled with the real gateway (demo data, staff PIN 1234) behind a proxy that can cut
 * the network, and a socat pseudo-terminal scanner. Sign in → scan a CCCD on the pty → intake →
 * the receipt: a PDF from Chromium's print pipeline and its QR decoded back with ZXing → take
 * the gateway away → hand back another dossier → bring it back → the gateway holds both changes,
 * once each. Then wrong PINs lock sign-in.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { decodeQr } from '../helpers/qr';
import { expectNoAxeViolations } from '../helpers/axe';
import { startApp, type TestApp } from '../helpers/app';
import { startFaultProxy, type FaultProxy } from '../../src/cli/fault-proxy';
import { DEMO_PINS } from '../../src/gateway/demo/seed';

// Synthetic CCCD (fake number, invented person).
const CCCD = '001195012345||Trần Thị Thử|17051995|Nữ|Số 9, Thôn Thử Nghiệm, Xã Tân Trào, Tỉnh Tuyên Quang|01072021';

let app: TestApp;
let proxy: FaultProxy;

beforeAll(async () => {
  app = await startApp({ role: 'counter', enroll: false, open: false, dossiersPerAgency: 20 });
  // The device talks to the gateway through a proxy the test can take down.
  proxy = await startFaultProxy({ target: app.gateway.url, rate: 0 });
  const { code } = await app.gateway.createEnrollCode(app.agency, 'Quầy 1');
  // Enrolling is a technician's job: where the host guards it with the console PIN, set one first.
  const handlers = app.host.services.handlers as unknown as Record<string, ((input: unknown) => Promise<unknown>) | undefined>;
  await handlers['technician.setPin']?.({ pin: '482915' });
  await app.host.services.handlers['gateway.enroll']({ url: proxy.url, code, kind: 'counter', deviceName: 'e2e counter' });
  // Headless Chromium has no print dialog: count the calls instead.
  await app.page.addInitScript(() => {
    const w = window as unknown as { __printed: number; print: () => void };
    w.__printed = 0;
    w.print = () => { w.__printed += 1; };
  });
  await app.page.goto(app.url);
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  await app?.close();
});

/** The PDF's page count and its document title (Chromium writes the page title into /Title). */
function pdfFacts(pdf: Buffer): { pages: number; title: string | null } {
  const text = pdf.toString('latin1');
  const pages = (text.match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;
  const m = /\/Title\s*(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]+>)/.exec(text);
  if (!m) return { pages, title: null };
  const raw = m[1]!;
  if (raw.startsWith('<')) {
    const bytes = Buffer.from(raw.slice(1, -1), 'hex');
    const utf16 = bytes[0] === 0xfe && bytes[1] === 0xff;
    return { pages, title: utf16 ? Buffer.from(bytes.subarray(2)).swap16().toString('utf16le') : bytes.toString('latin1') };
  }
  return { pages, title: raw.slice(1, -1) };
}

/** Screenshots of each main screen, kept as test output. */
async function keepScreenshot(name: string): Promise<void> {
  mkdirSync('test-output/screenshots', { recursive: true });
  await app.page.screenshot({ path: `test-output/screenshots/counter-${name}.png` });
}

const pending = async (): Promise<number> => Number(await app.page.getByTestId('sync-bar').getAttribute('data-pending'));

async function signIn(pin: string): Promise<void> {
  const page = app.page;
  await page.locator('[data-testid^="staff-"]').first().waitFor({ timeout: 20_000 });
  await page.locator('[data-testid^="staff-"]').first().check();
  await page.getByTestId('pin').fill(pin);
  await page.getByTestId('sign-in').click();
}

describe('the counter journey', () => {
  it('signs in, receives a dossier from a CCCD scan, prints its receipt, and hands back another one offline', async () => {
    const page = app.page;
    await page.locator('[data-testid^="staff-"]').first().waitFor({ timeout: 20_000 });
    await keepScreenshot('sign-in');
    await signIn(DEMO_PINS.counter);
    await page.getByTestId('workspace').waitFor();
    await keepScreenshot('home');
    // Intake needs today's code lease and the catalog: the first sync brings both.
    await expect.poll(async () => (await page.getByTestId('sync-bar').getAttribute('data-phase')) === 'idle' && await pending() === 0, { timeout: 20_000 }).toBe(true);

    // The citizen-facing display on its second monitor: another window of the same page.
    const display = await page.context().newPage();
    await display.setViewportSize({ width: 1280, height: 800 });
    await display.goto(`${page.url().split('#')[0]}#/citizen-display`);
    await display.getByTestId('citizen-display').waitFor();

    let interactions = 0;
    await app.pty.write(`${CCCD}\r\n`); interactions += 1;
    await expect.poll(() => page.getByTestId('intake-name').inputValue()).toBe('Trần Thị Thử');
    expect(await page.getByTestId('intake-citizenId').inputValue()).toBe('001195012345');
    await keepScreenshot('intake');
    await page.getByTestId('procedure-search').fill('xac nhan tinh trang hon nhan'); interactions += 1;
    await page.getByTestId('procedure-option').first().click(); interactions += 1;
    // The citizen follows the intake on their display, masked, and checks it before it is received.
    await expect.poll(() => display.getByTestId('display-procedure').textContent(), { timeout: 10_000 }).toBe('Cấp Giấy xác nhận tình trạng hôn nhân');
    expect(await display.getByTestId('citizen-display').getAttribute('data-state')).toBe('intake');
    expect(await display.getByTestId('display-name').textContent()).toBe('T. T. T.');
    expect(await display.getByTestId('display-id').textContent()).toBe('••••••••2345');
    const shown = await display.content();
    for (const secret of ['Trần Thị Thử', '001195012345', 'Thôn Thử Nghiệm']) expect(shown).not.toContain(secret);
    await expectNoAxeViolations(display, { label: 'citizen display during an intake' });
    await display.screenshot({ path: 'test-output/screenshots/counter-citizen-display-intake.png' });
    await display.close();
    await page.getByTestId('intake-save').click(); interactions += 1;
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    const code = (await receipt.getAttribute('data-code'))!;
    await keepScreenshot('receipt');
    expect(code).toMatch(new RegExp(`^${app.agency.replaceAll('.', '\\.')}-\\d{6}-\\d{4}$`));
    await expect.poll(() => page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);
    expect(interactions).toBeLessThanOrEqual(6);

    // The receipt as Chromium prints it: two A4 pages (liên 1, liên 2) titled with the code.
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const facts = pdfFacts(pdf);
    expect(facts.pages).toBe(2);
    expect(facts.title).toContain(code);
    // Its QR, rendered with the print stylesheet and read back by ZXing, holds the bare code.
    await page.emulateMedia({ media: 'print' });
    const shot = await page.getByTestId('receipt-qr').first().screenshot();
    await page.emulateMedia({ media: 'screen' });
    expect(decodeQr(shot)).toBe(code);

    await expect.poll(pending, { timeout: 15_000 }).toBe(0);

    // Another dossier, ready for hand-back, while the gateway is unreachable.
    const ready = await app.gateway.db.query<{ code: string }>(
      'select code from dossiers where agency_code = $1 and status = 9 order by code limit 1', [app.agency]);
    const other = ready[0]!.code;
    proxy.down();
    await app.pty.write(`${other}\r\n`);
    await page.getByTestId('action-handBack').click();
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('action-done').waitFor();
    await expect.poll(async () => (await page.getByTestId('dossier-view').getAttribute('data-status'))).toBe('10');
    await keepScreenshot('dossier-handed-back');
    await expect.poll(pending, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('sync-bar').getAttribute('data-offline'), { timeout: 15_000 }).toBe('true');

    proxy.up();
    await page.getByTestId('sync-now').click();
    await expect.poll(pending, { timeout: 20_000 }).toBe(0);

    const events = async (c: string) => app.gateway.db.query<{ action: string; mutation_id: string }>(
      'select action, mutation_id from dossier_events where code = $1 and mutation_id is not null', [c]);
    const created = await events(code);
    expect(created).toHaveLength(1);
    const handed = await events(other);
    expect(handed).toHaveLength(1);
    const rows = await app.gateway.db.query<{ code: string; status: number }>('select code, status from dossiers where code = any($1)', [[code, other]]);
    expect(Object.fromEntries(rows.map((r) => [r.code, r.status]))).toEqual({ [code]: 2, [other]: 10 });
  }, 60_000);

  it('locks sign-in after wrong PINs', async () => {
    const page = app.page;
    await page.getByTestId('sign-out').click();
    for (const pin of ['000001', '111112', '222223']) {
      await signIn(pin);
      await expect.poll(() => page.getByTestId('pin').inputValue()).toBe('');
    }
    await page.getByTestId('pin-locked').waitFor();
    expect(await page.getByTestId('pin-locked').textContent()).toMatch(/\d+ giây/);
    expect(await page.getByTestId('pin').isDisabled()).toBe(true);
  }, 30_000);
});
