/**
 * Circular 03/2025's forms from the counter's workflow, for real: the built app in real Chromium
 * through the browser host, enrolled with the real gateway. A dossier received from a CCCD scan
 * gets a supplement request (form 02) and an extension (form 04); another is refused at intake
 * (form 03). The card's pre-merger address gets its current commune suggested. Each form is printed by Chromium to PDF, and the PDF's own text (read back with
 * poppler's pdftotext) carries the form's title and the dossier code. The gateway then holds the
 * extension with its reason and the refusal, once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { startApp, type TestApp } from '../helpers/app';
import { DEMO_PINS } from '../../src/gateway/demo/seed';
import { DEFAULT_DEDUPE_MS } from '../../src/renderer/scanners/scan-stream';

// Synthetic CCCD (fake number, invented person) with a pre-2025 address: district and old province.
const ADDRESS = 'Thôn Đồng Bằng, Xã Báo Đáp, Huyện Trấn Yên, Tỉnh Yên Bái';
const CCCD = `001195012345||Trần Thị Thử|17051995|Nữ|${ADDRESS}|01072021`;

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ role: 'counter', dossiersPerAgency: 5, open: false });
  await app.page.addInitScript(() => {
    const w = window as unknown as { __printed: number; print: () => void };
    w.__printed = 0;
    w.print = () => { w.__printed += 1; };
  });
  await app.page.goto(app.url);
}, 60_000);

afterAll(async () => { await app?.close(); });

/** The text of the page as Chromium prints it to PDF, and the PDF kept as test output. */
async function printedText(name: string): Promise<string> {
  const pdf = await app.page.pdf({ format: 'A4', printBackground: true });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  mkdirSync('test-output/forms', { recursive: true });
  const file = `test-output/forms/${name}.pdf`;
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

async function receiveFromScan(): Promise<void> {
  const page = app.page;
  await app.pty.write(`${CCCD}\r\n`);
  await expect.poll(() => page.getByTestId('intake-name').inputValue()).toBe('Trần Thị Thử');
  // Yên Bái merged into Lào Cai: the suggestion names the current commune, the address stays as printed.
  const suggestion = page.getByTestId('commune-suggestion');
  await expect.poll(() => suggestion.getAttribute('data-code')).toBe('04498');
  expect(await suggestion.textContent()).toContain('Lào Cai');
  expect(await page.getByTestId('intake-address').inputValue()).toBe(ADDRESS);
  await page.getByTestId('procedure-search').fill('xac nhan tinh trang hon nhan');
  await page.getByTestId('procedure-option').first().click();
}

describe('forms printed from the counter workflow', () => {
  it('prints forms 02, 04 and 03 whose PDFs carry the dossier code, and the gateway records the steps', async () => {
    const page = app.page;
    await page.locator('[data-testid^="staff-"]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid^="staff-"]').first().check();
    await page.getByTestId('pin').fill(DEMO_PINS.counter);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('workspace').waitFor();
    await expect.poll(async () => (await page.getByTestId('sync-bar').getAttribute('data-phase')) === 'idle'
      && Number(await page.getByTestId('sync-bar').getAttribute('data-pending')) === 0, { timeout: 20_000 }).toBe(true);

    // Received, then supplements requested: form 02.
    await receiveFromScan();
    await page.getByTestId('intake-save').click();
    const code = (await page.getByTestId('receipt').getAttribute('data-code'))!;
    await app.pty.write(`${code}\r\n`);
    await page.getByTestId('action-requestSupplement').click();
    await page.getByTestId('confirm-supplements').fill('Bản sao giấy khai sinh');
    await page.getByTestId('confirm-note').fill('Bản sao chưa chứng thực');
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('offer-form-02').click();
    await page.getByTestId('form-sheet').waitFor();
    const f02 = await printedText('mau-02');
    expect(f02).toContain('PHIẾU YÊU CẦU BỔ SUNG');
    expect(f02).toContain(code);
    expect(f02).toContain('Bản sao giấy khai sinh');

    // Extended by five working days with a reason: form 04. The same code scanned again within the
    // scan stream's de-duplication window is one scan (a scanner's double read), so wait it out.
    await new Promise((r) => setTimeout(r, DEFAULT_DEDUPE_MS + 200));
    await app.pty.write(`${code}\r\n`);
    await page.getByTestId('action-extend').click();
    await page.getByTestId('confirm-note').fill('Cần xác minh thực địa');
    await page.getByTestId('confirm-yes').click();
    await page.getByTestId('offer-form-04').click();
    await page.getByTestId('form-sheet').waitFor();
    const f04 = await printedText('mau-04');
    expect(f04).toContain('PHIẾU XIN LỖI');
    expect(f04).toContain(code);
    expect(f04).toContain('Cần xác minh thực địa');

    // Another applicant refused at intake: form 03, printed at once.
    await page.getByTestId('nav-home').click();
    await receiveFromScan();
    await page.getByTestId('intake-refuse').click();
    await page.getByTestId('refuse-reason').fill('Không thuộc thẩm quyền của xã');
    await page.getByTestId('confirm-yes').click();
    const form = page.getByTestId('form');
    await form.waitFor();
    const refused = (await form.getAttribute('data-code'))!;
    expect(await form.getAttribute('data-form')).toBe('03');
    const f03 = await printedText('mau-03');
    expect(f03).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN');
    expect(f03).toContain(refused);
    expect(f03).toContain('Không thuộc thẩm quyền của xã');

    // All of it reaches the gateway, once each.
    await expect.poll(async () => Number(await page.getByTestId('sync-bar').getAttribute('data-pending')), { timeout: 30_000 }).toBe(0);
    const rows = await app.gateway.db.query<{ code: string; status: number; data: { applicant: { address: string; communeCode?: string }; appointmentAt: string; extension?: { reason: string; previousAppointmentAt: string } | null } }>(
      'select code, status, data from dossiers where code = any($1) order by code', [[code, refused]]);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    expect(byCode.get(code)).toMatchObject({ status: 5, data: { extension: { reason: 'Cần xác minh thực địa' } } });
    expect(Date.parse(byCode.get(code)!.data.appointmentAt)).toBeGreaterThan(Date.parse(byCode.get(code)!.data.extension!.previousAppointmentAt));
    expect(byCode.get(refused)?.status).toBe(3);
    expect(byCode.get(code)!.data.applicant).toMatchObject({ address: ADDRESS, communeCode: '04498' });
    const events = await app.gateway.db.query<{ action: string }>('select action from dossier_events where code = $1 order by id', [code]);
    expect(events.map((e) => e.action)).toEqual(['dossier.create', 'dossier.transition', 'dossier.extend']);
  }, 90_000);
});
