// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { AGENCY, CCCD, MOJIBAKE_CCCD, NOW, PIN, dossierRow, intakeFromCard, seedDb, signInAs, startCounter, uniqueName, until, type Counter } from './harness';
import { KioskDb } from '../../src/renderer/db/database';
import { hashCitizenId } from '../../src/renderer/db/actions';
import { searchProcedures } from '../../src/renderer/counter/search';
import { DEMO_PROCEDURES } from '../../src/gateway/demo/catalog';
import { computeAppointment } from '../../src/shared/domain';
import { holidayCalendar } from '../../src/renderer/counter/model';
import text from '../../src/renderer/i18n/counter';

let c: Counter | null = null;
let printed = 0;
beforeEach(() => {
  printed = 0;
  // happy-dom has no printing: count the calls the receipt makes.
  window.print = () => { printed += 1; };
});
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

const value = (id: string): string => (screen.getByTestId(id) as HTMLInputElement).value;

describe('intake from a CCCD scan', () => {
  it('dates the appointment by the calendar as stored when saving, even before the screen has read it', async () => {
    // Wednesday 11 March 2026 is a day off here; NOW is Tuesday 10 March.
    const db = new KioskDb(uniqueName());
    await seedDb(db);
    await db.holidays.put({ date: '2026-03-11', kind: 'off', name: 'Nghỉ bù (thử)', updatedAt: '2026-01-01T00:00:00.000Z' });
    // Every read of the calendar is held until released, as on a slow disk.
    let held = true;
    const waiting: (() => void)[] = [];
    const toArray = db.holidays.toArray.bind(db.holidays);
    db.holidays.toArray = (async () => {
      if (held) await new Promise<void>((r) => { waiting.push(r); });
      return toArray();
    }) as typeof db.holidays.toArray;
    c = await startCounter({ db });
    await signInAs('c1', PIN);
    await intakeFromCard(c, 'xac nhan tinh trang hon nhan');
    fireEvent.click(screen.getByTestId('intake-save'));
    await new Promise((r) => setTimeout(r, 50));
    held = false;
    for (const r of waiting) r();
    await until(() => screen.queryByTestId('receipt') !== null);
    const [m] = await c.db.outbox.toArray();
    // Three working days from Tuesday, the Wednesday off: Monday 16 March, not Friday 13.
    const expected = computeAppointment(NOW, 3, holidayCalendar(await toArray()));
    expect(new Date(expected).toISOString().slice(0, 10)).toBe('2026-03-16');
    expect(m!.payload).toMatchObject({ appointmentAt: new Date(expected).toISOString() });
  });

  it('fills the applicant, saves the dossier with its outbox row, and prints the receipt in four interactions', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    let interactions = 0;
    c.scan(CCCD); interactions += 1;
    await until(() => screen.queryByTestId('intake') !== null);
    expect(value('intake-name')).toBe('Trần Thị Thử');
    expect(value('intake-citizenId')).toBe('001095012345');
    // Shown as Vietnamese write a day; stored as the card's ISO date (the payload below).
    expect(value('intake-birthDate')).toBe('17/05/1995');
    expect(value('intake-sex')).toBe('female');
    expect(value('intake-address')).toBe('Số 9, Thôn Thử Nghiệm, Xã Tân Trào, Tỉnh Tuyên Quang');
    // Editable: the card's address may be out of date.
    fireEvent.change(screen.getByTestId('intake-address'), { target: { value: 'Số 12, Thôn Mới, Xã Tân Trào' } });

    // The ID number's sex digit disagrees with the card's sex: a warning, never a refusal.
    expect(screen.getAllByTestId('cccd-warning').length).toBeGreaterThan(0);
    // Before a search the list shows the first 12 procedures and says how many more a search finds.
    await until(() => screen.queryAllByTestId('procedure-option').length === 12);
    expect(screen.getByTestId('procedure-more').textContent).toBe(`Còn ${DEMO_PROCEDURES.length - 12} thủ tục khác: gõ tên hoặc mã để tìm.`);
    fireEvent.change(screen.getByTestId('procedure-search'), { target: { value: 'xac nhan tinh trang hon nhan' } }); interactions += 1;
    expect(screen.queryByTestId('procedure-more')).toBeNull();
    await until(() => screen.queryAllByTestId('procedure-option').length > 0);
    const option = screen.getAllByTestId('procedure-option')[0]!;
    expect(option.getAttribute('data-code')).toBe('1.004873');
    fireEvent.click(option); interactions += 1;
    expect(screen.getAllByTestId('document').every((d) => (d as HTMLInputElement).checked)).toBe(true);
    expect(screen.getByTestId('intake-appointment').textContent).toContain('ngày 13 tháng 03 năm 2026');
    fireEvent.click(screen.getByTestId('intake-save')); interactions += 1;

    await until(() => screen.queryByTestId('receipt') !== null);
    const code = `${AGENCY}-260310-0021`;
    expect(screen.getByTestId('receipt').getAttribute('data-code')).toBe(code);
    expect(screen.getAllByTestId('receipt-copy').map((e) => e.getAttribute('data-copy'))).toEqual(['1', '2']);
    expect(screen.getAllByTestId('receipt-qr').every((q) => q.getAttribute('data-text') === code)).toBe(true);
    await until(() => printed === 1, 2000);
    // The focus is on the receipt's primary button (print again), not on the page's body.
    expect(document.activeElement).toBe(screen.getByTestId('print'));
    expect(interactions).toBeLessThanOrEqual(6);

    const row = await c.db.dossiers.get(code);
    expect(row).toMatchObject({ status: 2, procedureCode: '1.004873', pendingOps: 1 });
    expect(row!.applicant).toMatchObject({
      name: 'Trần Thị Thử', sex: 'female', birthDate: '1995-05-17', address: 'Số 12, Thôn Mới, Xã Tân Trào',
      idHash: await hashCitizenId('test-salt', '001095012345'), idMasked: '••••••••2345',
    });
    // The cache never holds the ID number; only the outbox carries it, for the gateway.
    expect(JSON.stringify(row)).not.toContain('001095012345');
    const [m] = await c.db.outbox.toArray();
    expect(m).toMatchObject({ type: 'dossier.create', staffId: 'c1', state: 'pending', dossierCode: code });
    const holidays = await c.db.holidays.toArray();
    expect(m!.payload).toMatchObject({
      code, receivedAt: new Date(NOW).toISOString(),
      appointmentAt: new Date(computeAppointment(NOW, 3, holidayCalendar(holidays))).toISOString(),
      documents: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'],
      fees: [{ id: 'LP1', amount: 15000, paid: false }],
    });
    expect((await c.db.leases.get('lease-1'))?.next).toBe(22);
    const audit = await c.db.audit.where('at').above(0).toArray();
    expect(audit.some((a) => a.action === 'scan.cccd')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('001095012345');
  });

  it('refuses a mojibake CCCD with the reason and fills nothing', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-intake'));
    c.scan(MOJIBAKE_CCCD);
    const notice = screen.getByTestId('scan-notice');
    expect(notice.getAttribute('data-reason')).toBe('mojibake');
    expect(notice.textContent).toContain('Lỗi mã hóa ký tự');
    // A toast in the assertive live region that is always in the page (ui/Toast.tsx): read out at once.
    expect(notice.closest('[role="alert"]')?.getAttribute('aria-live')).toBe('assertive');
    expect(notice.getAttribute('data-tone')).toBe('error');
    expect(value('intake-name')).toBe('');
    expect(value('intake-citizenId')).toBe('');
  });

  it('a second card scanned during an intake refills the form', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    c.scan(CCCD);
    await until(() => screen.queryByTestId('intake') !== null);
    c.scan('079203001122||Lê Văn Khác|01012003|Nam|Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|02022022');
    await until(() => value('intake-name') === 'Lê Văn Khác');
    expect(value('intake-sex')).toBe('male');
  });

  it('checks the e-mail itself, so that every field\'s message shows at once', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-intake'));
    expect((screen.getByTestId('intake') as HTMLFormElement).noValidate).toBe(true);
    fireEvent.change(screen.getByTestId('intake-citizenId'), { target: { value: '12345' } });
    fireEvent.change(screen.getByTestId('intake-email'), { target: { value: 'khong-co-a-cong' } });
    fireEvent.click(screen.getByTestId('intake-save'));
    expect(screen.getByText(text.vi.intake.problem.email)).toBeTruthy();
    expect(screen.getByText(text.vi.intake.problem.citizenId)).toBeTruthy();
    expect(await c.db.outbox.count()).toBe(0);
  });

  it('does not save without a procedure or a valid ID number', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-intake'));
    fireEvent.change(screen.getByTestId('intake-name'), { target: { value: 'Nguyễn Văn A' } });
    fireEvent.change(screen.getByTestId('intake-citizenId'), { target: { value: '12345' } });
    // Born in 2030: not yet.
    fireEvent.change(screen.getByTestId('intake-birthDate'), { target: { value: '01/01/2030' } });
    fireEvent.click(screen.getByTestId('intake-save'));
    expect(screen.getByText('Số định danh phải gồm đúng 12 chữ số.')).toBeTruthy();
    expect(screen.getByText(text.vi.intake.problem.birthDate)).toBeTruthy();
    // The procedure's error is a field error like the others: styled so, and read out with its box.
    const missing = screen.getByTestId('procedure-error');
    expect(missing.className).toBe('ui-error');
    expect(screen.getByTestId('procedure-search').getAttribute('aria-describedby')).toBe(missing.id);
    expect(screen.getByTestId('procedure-search').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Cần chọn thủ tục.')).toBeTruthy();
    expect(await c.db.outbox.count()).toBe(0);
  });
});

describe('procedure search', () => {
  const all = DEMO_PROCEDURES.map((p) => ({ ...p, active: true, updatedAt: '2026-01-01T00:00:00.000Z' }));

  it('finds by name without diacritics, with them, in any case, and by code', () => {
    expect(searchProcedures(all, 'dang ky khai sinh').map((p) => p.code)).toEqual(['1.001193']);
    expect(searchProcedures(all, 'ĐĂNG KÝ KHAI SINH').map((p) => p.code)).toEqual(['1.001193']);
    expect(searchProcedures(all, 'khai tu').map((p) => p.code)).toEqual(['1.000656']);
    expect(searchProcedures(all, '2.000815')[0]?.name).toBe('Chứng thực bản sao từ bản chính');
    expect(searchProcedures(all, 'chung thuc').length).toBe(2);
    expect(searchProcedures(all, 'khong co thu tuc nay')).toEqual([]);
  });

  it('leaves out inactive procedures', () => {
    const off = all.map((p) => (p.code === '1.001193' ? { ...p, active: false } : p));
    expect(searchProcedures(off, 'khai sinh')).toEqual([]);
  });

  it('works in the intake form', async () => {
    c = await startCounter({ rows: [dossierRow(`${AGENCY}-260305-0001`, 4)] });
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-intake'));
    fireEvent.change(screen.getByTestId('procedure-search'), { target: { value: 'dang ky thuong tru' } });
    await until(() => screen.queryAllByTestId('procedure-option').length > 0);
    expect(screen.getAllByTestId('procedure-option').map((o) => o.getAttribute('data-code'))).toEqual(['1.001612']);
  });
});
