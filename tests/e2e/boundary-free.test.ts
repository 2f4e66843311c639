/**
 * Boundary-free intake for real (Decree 118/2025; docs/DOMAIN.md §6.4): the built app in real
 * Chromium, through the browser host, enrolled with the real gateway as a counter of commune A
 * (Phường Minh Xuân). A citizen whose card names commune B (Xã Yên Hoa) hands in a dossier at A:
 * the intake proposes B as the competent agency (changed and changed back with the keyboard in
 * the Combobox), the receipt names both agencies, A's counter offers no processing step, B's
 * device processes it (through the gateway API, as B's counter would), A takes the fee and hands
 * the result back. Both agencies' feeds carry it, a third agency's does not. A receipt printed
 * with A's pre-merger agency code still opens the dossier at A's counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startApp, type TestApp } from '../helpers/app';
import { DEMO_PINS } from '../../src/gateway/demo/seed';
import { DEMO_AGENCIES } from '../../src/gateway/demo/catalog';
import { DEFAULT_DEDUPE_MS } from '../../src/renderer/scanners/scan-stream';
import { staffedCounter } from '../gateway/kiosk';

// Synthetic CCCD (fake number, invented person); the address is in commune B.
const ADDRESS = 'Thôn Nà Mạ, Xã Yên Hoa, Tỉnh Tuyên Quang';
const CCCD = `008190054321||Ma Văn Thử|02021990|Nam|${ADDRESS}|01072021`;
const A = DEMO_AGENCIES[0]!; // UBND Phường Minh Xuân, commune 02215
const B = DEMO_AGENCIES[11]!; // UBND Xã Yên Hoa, commune 02248
const C = DEMO_AGENCIES[4]!; // UBND Xã Hùng Lợi

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ role: 'counter', dossiersPerAgency: 3, open: false });
  await app.page.addInitScript(() => {
    const w = window as unknown as { print: () => void };
    w.print = () => undefined;
  });
  await app.page.goto(app.url);
}, 60_000);

afterAll(async () => { await app?.close(); });

const settle = async (): Promise<void> => {
  const bar = app.page.getByTestId('sync-bar');
  await expect.poll(async () => (await bar.getAttribute('data-phase')) === 'idle' && Number(await bar.getAttribute('data-pending')) === 0, { timeout: 30_000 }).toBe(true);
};

describe('boundary-free intake in the counter', () => {
  it('received at A for B, processed by B, handed back at A', async () => {
    expect(app.agency).toBe(A.code);
    const page = app.page;
    await page.locator('[data-testid^="staff-"]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid^="staff-"]').first().check();
    await page.getByTestId('pin').fill(DEMO_PINS.counter);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('workspace').waitFor();
    await settle();

    // The card's commune is B's: B is proposed as the competent agency.
    await app.pty.write(`${CCCD}\r\n`);
    await expect.poll(() => page.getByTestId('intake-name').inputValue()).toBe('Ma Văn Thử');
    await expect.poll(() => page.getByTestId('commune-suggestion').getAttribute('data-code')).toBe('02248');
    await page.getByTestId('procedure-search').fill('chung thuc ban sao');
    await page.getByTestId('procedure-option').first().click();
    const competent = page.getByTestId('competent-agency');
    await expect.poll(() => competent.getAttribute('data-code')).toBe(B.code);
    expect(await competent.getAttribute('data-cross')).toBe('true');
    expect(await page.getByTestId('competent-agency-input').inputValue()).toBe(B.name);

    // The officer can change it with the keyboard, and back.
    const input = page.getByTestId('competent-agency-input');
    // Enter picks from the list shown: wait for it to be filtered (under load it shows a moment later).
    await input.fill('Hung Loi');
    await page.getByRole('option').filter({ hasText: C.name }).first().waitFor();
    await input.press('ArrowDown');
    await input.press('Enter');
    await expect.poll(() => competent.getAttribute('data-code')).toBe(C.code);
    await input.fill('Yen Hoa');
    await page.getByRole('option').filter({ hasText: B.name }).first().waitFor();
    await input.press('ArrowDown');
    await input.press('Enter');
    await expect.poll(() => competent.getAttribute('data-code')).toBe(B.code);
    mkdirSync('test-output/screens', { recursive: true });
    await page.screenshot({ path: 'test-output/screens/boundary-free-intake.png', fullPage: true });

    // The receipt (form 01) names both agencies.
    await page.getByTestId('intake-save').click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    const code = (await receipt.getAttribute('data-code'))!;
    expect(code.startsWith(`${A.code}-`)).toBe(true);
    expect(await page.getByTestId('receipt-competent').first().getAttribute('data-code')).toBe(B.code);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    mkdirSync('test-output/forms', { recursive: true });
    writeFileSync('test-output/forms/boundary-free-01.pdf', pdf);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', 'test-output/forms/boundary-free-01.pdf', '-'], { encoding: 'utf8' });
    expect(text).toContain(code);
    expect(text).toContain(`Bộ phận tiếp nhận và trả kết quả: ${A.name}`);
    expect(text).toContain(`Cơ quan giải quyết: ${B.name}`);
    await settle();
    const stored = await app.gateway.db.query<{ agency_code: string; competent_agency_code: string | null }>(
      'select agency_code, competent_agency_code from dossiers where code = $1', [code]);
    expect(stored[0]).toEqual({ agency_code: A.code, competent_agency_code: B.code });

    // At A the dossier shows both agencies and offers no processing step (supplements, stop, extension are B's).
    await app.pty.write(`${code}\r\n`);
    const view = page.getByTestId('dossier-view');
    await expect.poll(() => view.getAttribute('data-code')).toBe(code);
    expect(await page.getByTestId('dossier-agencies').getAttribute('data-competent')).toBe(B.code);
    for (const id of ['action-requestSupplement', 'action-stop', 'action-extend']) expect(await page.getByTestId(id).count()).toBe(0);
    await page.screenshot({ path: 'test-output/screens/boundary-free-dossier-at-receiving.png' });

    // The control slip (form 06): reception at A → B.
    await page.getByTestId('form-06').click();
    await page.getByTestId('form-sheet').waitFor();
    const slip = await page.getByTestId('form-sheet').textContent();
    expect(slip).toContain(A.name);
    expect(slip).toContain(B.name);

    // B's counter sees it in its feed and processes it; a counter of C neither sees nor acts.
    const b = await staffedCounter(app.gateway, B.code);
    const c = await staffedCounter(app.gateway, C.code);
    const inFeed = async (k: typeof b) => (await k.pullAll()).items.some((i: { type: string; data: { code?: string } }) => i.type === 'dossier' && i.data.code === code);
    expect(await inFeed(b)).toBe(true);
    expect(await inFeed(c)).toBe(false);
    expect((await c.push([c.transition(code, 2, 4)])).body.results[0].reason).toBe('wrong-agency');
    const processed = await b.push([b.transition(code, 2, 4), b.transition(code, 4, 9)]);
    expect(processed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);

    // A receives the change, takes the fee and hands the result back.
    await page.getByTestId('sync-now').click();
    await new Promise((r) => setTimeout(r, DEFAULT_DEDUPE_MS + 200));
    await app.pty.write(`${code}\r\n`);
    await expect.poll(() => page.getByTestId('dossier-view').getAttribute('data-status'), { timeout: 30_000 }).toBe('9');
    await page.getByTestId('pay-P1').click();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.getByTestId('fee').first().getAttribute('data-paid')).toBe('true');
    await page.getByTestId('action-handBack').click();
    await page.getByTestId('confirm-yes').click();
    await expect.poll(() => page.getByTestId('dossier-view').getAttribute('data-status')).toBe('10');
    await settle();
    const done = await app.gateway.db.query<{ status: number }>('select status from dossiers where code = $1', [code]);
    expect(done[0]?.status).toBe(10);
    const bAfter = (await b.pullAll()).items.filter((i: { type: string; data: { code?: string } }) => i.type === 'dossier' && i.data.code === code);
    expect(bAfter.at(-1)?.data).toMatchObject({ status: 10, fees: [{ paid: true }] });

    // A 2024 receipt printed with A's pre-merger agency code opens the same dossier.
    await page.getByTestId('nav-home').click();
    const old = code.replace(/\.H08-/, '.H02-');
    await app.pty.write(`${old}\r\n`);
    await expect.poll(() => page.getByTestId('dossier-view').getAttribute('data-code'), { timeout: 20_000 }).toBe(code);
  }, 120_000);
});
