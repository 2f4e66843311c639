// @vitest-environment happy-dom
/**
 * The counter's workflow offers Circular 03/2025's forms where the step they record happens:
 * 02 on a supplement request, 04 on an extension, 05 on a stop, 03 on a refusal at intake, 06 on
 * intake (beside the receipt) and on any dossier, 07 as the period's register (print and CSV). Each form is filled from the dossier's
 * history, carries the dossier code (and its QR where the form has one) and no empty required field.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { typeDay } from '../helpers/day-field';
import { AGENCY, NOW, PIN, chooseProcedure, dossierRow, intakeFromCard, signInAs, startCounter, until, type Counter } from './harness';
import { DossierStatus } from '../../src/shared/domain';
import text from '../../src/renderer/i18n/counter';

let c: Counter | null = null;
let printed = 0;
beforeEach(() => {
  printed = 0;
  window.print = () => { printed += 1; };
});
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

const code = (n: number): string => `${AGENCY}-260305-${String(n).padStart(4, '0')}`;

async function open(n: number): Promise<void> {
  c!.scan(code(n));
  await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === code(n));
}

const field = (key: string): string => screen.getAllByTestId('form-field').find((f) => f.getAttribute('data-key') === key)?.textContent ?? '';

function expectFormFor(form: string, dossierCode: string): void {
  expect(screen.getByTestId('form').getAttribute('data-form')).toBe(form);
  expect(screen.getByTestId('form-sheet').textContent).toContain(dossierCode);
}

describe('forms at the counter', () => {
  it('requests supplements with a reason and prints form 02 with the documents, the reason and the QR', async () => {
    c = await startCounter({ rows: [dossierRow(code(4), DossierStatus.Processing)] });
    await signInAs('c1', PIN);
    await open(4);
    fireEvent.click(screen.getByTestId('action-requestSupplement'));
    // Neither the documents nor the reason may be left out: they are printed on the form.
    expect((screen.getByTestId('confirm-yes') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('confirm-supplements'), { target: { value: 'Bản sao giấy khai sinh\n\nXác nhận cư trú ' } });
    expect((screen.getByTestId('confirm-yes') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('confirm-note'), { target: { value: 'Bản sao chưa chứng thực' } });
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.queryByTestId('offer-form-02') !== null);
    const [m] = await c.db.outbox.toArray();
    expect(m!.payload).toMatchObject({ from: 4, to: 5, note: 'Bản sao chưa chứng thực', supplements: [{ name: 'Bản sao giấy khai sinh' }, { name: 'Xác nhận cư trú' }] });
    fireEvent.click(screen.getByTestId('offer-form-02'));
    await until(() => screen.queryByTestId('form-sheet') !== null);
    expectFormFor('02', code(4));
    expect(screen.getByTestId('receipt-qr').getAttribute('data-text')).toBe(code(4));
    expect(field('supplements')).toContain('Bản sao giấy khai sinh');
    expect(field('supplements')).toContain('Xác nhận cư trú');
    expect(field('reason')).toContain('Bản sao chưa chứng thực');
    await until(() => printed === 1, 2000);
  });

  it('counts an overdue dossier\'s new appointment from today, not from the appointment that has passed', async () => {
    c = await startCounter({ rows: [dossierRow(code(2), DossierStatus.Accepted, { appointmentAt: new Date(NOW - 20 * 86_400_000).toISOString() })] });
    await signInAs('c1', PIN);
    await open(2);
    fireEvent.click(screen.getByTestId('action-extend'));
    expect(screen.getByTestId('extend-overdue').textContent).toBe(text.vi.confirm.extendFromNow);
    fireEvent.change(screen.getByTestId('confirm-note'), { target: { value: 'Cần xác minh thêm' } });
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.queryByTestId('offer-form-04') !== null);
    expect(Date.parse((await c.db.dossiers.get(code(2)))!.appointmentAt)).toBeGreaterThan(NOW);
    expect(screen.queryByTestId('overdue')).toBeNull();
  });

  it('extends once by working days with a reason, and form 04 shows the old and the new appointment', async () => {
    // Appointment Monday 16 March 2026, 16:00: five working days later is Monday 23 March.
    c = await startCounter({ rows: [dossierRow(code(2), DossierStatus.Accepted, { appointmentAt: '2026-03-16T09:00:00.000Z' })] });
    await signInAs('c1', PIN);
    await open(2);
    fireEvent.click(screen.getByTestId('action-extend'));
    expect(screen.getByTestId('extend-new').textContent).toContain('ngày 23 tháng 03 năm 2026');
    expect((screen.getByTestId('confirm-yes') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('extend-days'), { target: { value: '0' } });
    expect(screen.queryByTestId('extend-new')).toBeNull();
    // Why the confirmation is refused is said.
    expect(screen.getByTestId('extend-days-error').textContent).toBe(text.vi.confirm.extendDaysRange);
    fireEvent.change(screen.getByTestId('extend-days'), { target: { value: '5' } });
    fireEvent.change(screen.getByTestId('confirm-note'), { target: { value: 'Cần xác minh thực địa' } });
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.queryByTestId('offer-form-04') !== null);
    const row = await c.db.dossiers.get(code(2));
    expect(row).toMatchObject({ appointmentAt: '2026-03-23T09:00:00.000Z', extension: { previousAppointmentAt: '2026-03-16T09:00:00.000Z', reason: 'Cần xác minh thực địa' } });
    // Once only.
    expect(screen.queryByTestId('action-extend')).toBeNull();
    fireEvent.click(screen.getByTestId('offer-form-04'));
    await until(() => screen.queryByTestId('form-sheet') !== null);
    expectFormFor('04', code(2));
    expect(field('appointmentAt')).toContain('ngày 16 tháng 03 năm 2026');
    expect(field('newAppointmentAt')).toContain('ngày 23 tháng 03 năm 2026');
    expect(field('reason')).toContain('Cần xác minh thực địa');
    // A way back to the dossier from the form's page, besides the top bar.
    fireEvent.click(screen.getByTestId('back-to-dossier'));
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === code(2));
  });

  it('stops processing with a reason and offers form 05; the forms row lists what the history allows', async () => {
    c = await startCounter({ rows: [dossierRow(code(6), DossierStatus.PaymentRequested)] });
    await signInAs('c1', PIN);
    await open(6);
    expect(screen.getAllByTestId(/^form-0/).map((b) => b.getAttribute('data-testid'))).toEqual(['form-06']);
    fireEvent.click(screen.getByTestId('action-stop'));
    fireEvent.change(screen.getByTestId('confirm-note'), { target: { value: 'Công dân không bổ sung trong thời hạn' } });
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.queryByTestId('offer-form-05') !== null);
    expect(screen.getAllByTestId(/^form-0/).map((b) => b.getAttribute('data-testid'))).toEqual(['form-05', 'form-06']);
    fireEvent.click(screen.getByTestId('form-06'));
    await until(() => screen.queryByTestId('form-sheet') !== null);
    expectFormFor('06', code(6));
    expect(screen.getByRole('table').textContent).toContain('Giao:');
  });

  it('offers the processing-control slip (form 06) beside the receipt after an intake, on the dossier\'s form page', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    await intakeFromCard(c, 'xac nhan tinh trang hon nhan');
    fireEvent.click(screen.getByTestId('intake-save'));
    await until(() => screen.queryByTestId('receipt') !== null);
    const dossierCode = screen.getByTestId('receipt').getAttribute('data-code')!;
    await until(() => printed === 1, 2000);
    const slip = screen.getByTestId('print-control-slip');
    expect(slip.textContent).toBe(text.vi.receipt.controlSlip);
    fireEvent.click(slip);
    await until(() => screen.queryByTestId('form-sheet') !== null);
    expectFormFor('06', dossierCode);
    expect(document.activeElement).toBe(screen.getByTestId('form-print'));
    // The hand-over table of the slip, its first row the intake.
    expect(screen.getByRole('table').textContent).toContain('Giao:');
    // An optional field with nothing to print (no cooperating agency) keeps a dotted line to write on.
    const blank = screen.getAllByTestId('form-field').find((f) => f.getAttribute('data-key') === 'cooperatingAgency')!.querySelector('dd')!;
    expect(blank.getAttribute('data-blank')).toBe('true');
    expect(blank.textContent).toMatch(/^\.{20,}$/);
    // Every other field has its value.
    for (const f of screen.getAllByTestId('form-field').filter((x) => x.getAttribute('data-key') !== 'cooperatingAgency')) {
      expect(f.querySelector('dd')!.getAttribute('data-blank'), f.getAttribute('data-key')!).toBeNull();
    }
    await until(() => printed === 2, 2000);
    fireEvent.click(screen.getByTestId('back-to-dossier'));
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === dossierCode);
    // A receipt printed again from the dossier is not an intake: the slip is in the forms row there.
    fireEvent.click(screen.getByTestId('reprint'));
    await until(() => screen.queryByTestId('receipt') !== null);
    expect(screen.queryByTestId('print-control-slip')).toBeNull();
  });

  it('refuses at intake with a reason: the dossier gets a code in status 3 without fees, and form 03 is printed', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    await intakeFromCard(c, 'xac nhan tinh trang hon nhan');
    fireEvent.click(screen.getByTestId('intake-refuse'));
    expect((screen.getByTestId('confirm-yes') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('refuse-reason'), { target: { value: 'Thủ tục không thuộc thẩm quyền' } });
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.queryByTestId('form-sheet') !== null);
    const dossierCode = screen.getByTestId('form').getAttribute('data-code')!;
    expectFormFor('03', dossierCode);
    expect(field('reason')).toContain('Thủ tục không thuộc thẩm quyền');
    const row = await c.db.dossiers.get(dossierCode);
    expect(row).toMatchObject({ status: DossierStatus.Refused, fees: [] });
    const [m] = await c.db.outbox.toArray();
    expect(m!.payload).toMatchObject({ status: 3, note: 'Thủ tục không thuộc thẩm quyền', fees: [] });
    await until(() => printed === 1, 2000);
  });

  it('lists the period\'s dossiers in the register (form 07), refuses a reversed period, and downloads a CSV with a BOM', async () => {
    // The period is in Vietnam days (UTC+7): 05/03 starts at 04/03 17:00 UTC, 10/03 ends at 10/03 17:00 UTC.
    c = await startCounter({
      rows: [
        dossierRow(code(2), 2), dossierRow(code(4), 4),
        dossierRow(code(6), 2, { receivedAt: '2026-03-04T17:00:00Z' }), dossierRow(code(7), 2, { receivedAt: '2026-03-04T16:59:59.999Z' }),
        dossierRow(code(8), 2, { receivedAt: '2026-03-10T16:59:59Z' }), dossierRow(code(9), 2, { receivedAt: '2026-03-10T17:00:00.000Z' }),
      ],
    });
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-register'));
    // The period's days are typed as an officer would, day first (ui/DateField).
    const user = userEvent.setup();
    await typeDay(user, screen.getByTestId('register-from'), '2026-03-05');
    await typeDay(user, screen.getByTestId('register-to'), '2026-03-04');
    await until(() => screen.queryByTestId('register-invalid') !== null);
    await typeDay(user, screen.getByTestId('register-to'), '2026-03-10');
    await until(() => screen.queryByTestId('register-count') !== null);
    expect(screen.getByTestId('form-sheet').getAttribute('data-form')).toBe('07');
    const table = screen.getByRole('table').textContent ?? '';
    expect(table).toContain(code(2));
    expect(table).toContain(code(4));
    expect(table).toContain(code(6));
    expect(table).not.toContain(code(7));
    expect(table).toContain(code(8));
    expect(table).not.toContain(code(9));
    let blob: Blob | null = null;
    const create = URL.createObjectURL;
    URL.createObjectURL = (b: Blob | MediaSource) => { blob = b as Blob; return 'blob:register'; };
    try {
      fireEvent.click(screen.getByTestId('register-csv'));
    } finally { URL.createObjectURL = create; }
    const bytes = new Uint8Array(await blob!.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain(code(4));
  });
});

describe('the current commune of the card\'s address', () => {
  const card = (address: string): string => `001095012345||Trần Thị Thử|17051995|Nữ|${address}|01072021`;

  it('suggests the post-merger commune of a pre-merger address, stores its code beside the address as printed, and lets the officer drop it', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    c.scan(card('Thôn Đồng Bằng, Xã Báo Đáp, Huyện Trấn Yên, Tỉnh Yên Bái'));
    await until(() => screen.queryByTestId('commune-suggestion') !== null, 5000);
    const s = screen.getByTestId('commune-suggestion');
    expect(s.getAttribute('data-status')).toBe('current');
    expect(s.getAttribute('data-code')).toBe('04498');
    expect(s.textContent).toContain('Lào Cai');
    await chooseProcedure('xac nhan tinh trang hon nhan');
    fireEvent.click(screen.getByTestId('intake-save'));
    await until(() => screen.queryByTestId('receipt') !== null);
    const [m] = await c.db.outbox.toArray();
    expect(m!.payload).toMatchObject({ applicant: { address: 'Thôn Đồng Bằng, Xã Báo Đáp, Huyện Trấn Yên, Tỉnh Yên Bái', communeCode: '04498' } });

    c.scan(card('Thôn Đồng Bằng, Xã Báo Đáp, Huyện Trấn Yên, Tỉnh Yên Bái'));
    await until(() => screen.queryByTestId('commune-reject') !== null, 5000);
    fireEvent.click(screen.getByTestId('commune-reject'));
    expect(screen.getByTestId('commune-suggestion').getAttribute('data-taken')).toBe('false');
  });

  it('flags an address it cannot place, and makes the officer choose among several candidates', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    c.scan(card('Xã Thiên Đường, Tỉnh Không Có'));
    await until(() => screen.queryByTestId('commune-suggestion') !== null, 5000);
    expect(screen.getByTestId('commune-suggestion').getAttribute('data-status')).toBe('unknown');
    // A commune split between several new ones: nothing is taken until the officer chooses.
    fireEvent.change(screen.getByTestId('intake-address'), { target: { value: 'Thôn Khe Lạc, Xã Vô Ngại, Huyện Bình Liêu, Tỉnh Quảng Ninh' } });
    await until(() => screen.queryByTestId('commune-suggestion')?.getAttribute('data-status') === 'ambiguous');
    const candidates = screen.getAllByTestId('commune-candidate');
    expect(candidates.length).toBeGreaterThan(1);
    expect(candidates.every((b) => b.getAttribute('aria-pressed') === 'false')).toBe(true);
    fireEvent.click(candidates[1]!);
    expect(screen.getAllByTestId('commune-candidate')[1]!.getAttribute('aria-pressed')).toBe('true');
  });
});
