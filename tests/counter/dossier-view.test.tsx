// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { AGENCY, dossierRow, NOW, PIN, seedDb, signInAs, STAFF, startCounter, uniqueName, until, type Counter } from './harness';
import { KioskDb, META } from '../../src/renderer/db/database';
import { DossierView } from '../../src/renderer/counter/DossierView';
import { agenciesFrom, type Agencies } from '../../src/renderer/counter/agencies';
import type { DeviceIdentity } from '../../src/shared/protocol';
import { renderScreen, ScreenProviders } from '../helpers/render-screen';
import { DossierStatus } from '../../src/shared/domain';
import { paymentReference } from '../../src/renderer/citizen/view-model';

let c: Counter | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

const code = (status: number): string => `${AGENCY}-260305-${String(status).padStart(4, '0')}`;
const rows = Array.from({ length: 10 }, (_, i) => dossierRow(code(i + 1), i + 1, { agencyCode: AGENCY }));

async function open(status: number): Promise<void> {
  c!.scan(code(status));
  await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === code(status));
}

const offered = (): string[] => [...screen.getByTestId('actions').querySelectorAll('button')].map((b) => b.getAttribute('data-testid') ?? '');

describe('dossier view', () => {
  it('F9 prints the open dossier\'s receipt (docs/DESIGN.md, "Keyboard"), once per press', async () => {
    let printed = 0;
    const real = window.print;
    window.print = () => { printed += 1; };
    try {
      c = await startCounter({ rows });
      await signInAs('c1', PIN);
      await open(DossierStatus.Processing);
      expect(screen.getByTestId('reprint').getAttribute('aria-keyshortcuts')).toBe('F9');
      fireEvent.keyDown(window, { key: 'F9' });
      await until(() => screen.queryByTestId('receipt')?.getAttribute('data-code') === code(DossierStatus.Processing));
      await until(() => printed === 1, 2000);
      // The focus is on the receipt's primary button, not on the page's body.
      expect(document.activeElement).toBe(screen.getByTestId('print'));
      // Nothing more prints by itself: another copy is the receipt's own button (F9 again).
      await new Promise((r) => setTimeout(r, 200));
      expect(printed).toBe(1);
      fireEvent.keyDown(window, { key: 'F9' });
      await until(() => printed === 2, 2000);
    } finally {
      window.print = real;
    }
  });

  it('offers only the moves the status machine allows at the counter, for every status', async () => {
    c = await startCounter({ rows });
    await signInAs('c1', PIN);
    // Extension (form 04) is offered while the dossier is being handled and was not extended yet.
    const handling = ['action-stop', 'action-withdraw', 'action-extend'];
    const expected: Record<number, string[]> = {
      1: ['action-withdraw'], 2: ['action-requestSupplement', ...handling], 3: [], 4: ['action-requestSupplement', ...handling],
      5: ['action-supplementReceived', ...handling], 6: handling, 7: [], 8: [],
      9: ['action-handBack'], 10: [],
    };
    for (let s = 1; s <= 10; s += 1) {
      await open(s);
      expect(offered().filter((b) => b !== 'reprint'), `status ${s}`).toEqual(expected[s]);
    }
  });

  it('offers no step until it knows which agency it is: another agency\'s steps never show, even for a moment', async () => {
    // Received here, decided by another agency (boundary-free intake): processing is not this counter's.
    const OTHER = '000.00.31.H08';
    const db = new KioskDb(uniqueName());
    await seedDb(db, [dossierRow(code(4), 4, { competentAgencyCode: OTHER }), dossierRow(code(2), 2)]);
    const view = (c: string, agencies: Agencies) => (
      <DossierView code={c} initial={undefined} staff={STAFF[0]!} signer={null} canShowFeeQr={false} agencies={agencies}
        onPrint={() => undefined} onForm={() => undefined} onShowFeeQr={() => undefined} onHandedBack={() => undefined} />
    );
    // The workspace has not read the device identity yet: the dossier waits rather than show steps it may not take.
    c = await renderScreen(view(code(4), agenciesFrom(undefined, undefined, false)), { db, now: NOW, ns: 'counter' }) as Counter;
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByTestId('dossier-view')).toBeNull();
    // Known: none of the competent agency's steps here; a dossier of its own offers them.
    const known = agenciesFrom(await db.getMeta<DeviceIdentity>(META.identity), undefined);
    c.view.rerender(<ScreenProviders services={c.services}>{view(code(4), known)}</ScreenProviders>);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === code(4));
    expect(screen.getByTestId('dossier-agencies').getAttribute('data-competent')).toBe(OTHER);
    expect(offered().filter((b) => ['action-requestSupplement', 'action-stop', 'action-extend'].includes(b))).toEqual([]);
    c.view.rerender(<ScreenProviders services={c.services}>{view(code(2), known)}</ScreenProviders>);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === code(2));
    expect(offered().filter((b) => b !== 'reprint')).toEqual(['action-requestSupplement', 'action-stop', 'action-withdraw', 'action-extend']);
  });

  it('shows applicant, procedure, appointment with overdue, fees and supplements', async () => {
    // Appointment 2026-03-16; "now" is 2026-03-10, so only a dossier due earlier is overdue.
    const late = dossierRow(code(5), 5, { appointmentAt: '2026-03-09T09:00:00.000Z', finishedAt: null });
    c = await startCounter({ rows: [late] });
    await signInAs('c1', PIN);
    await open(5);
    expect(screen.getByTestId('applicant-name').textContent).toBe('Nguyễn Văn Thử');
    expect(screen.getByTestId('overdue').textContent).toMatch(/^Quá hạn \d+ ngày$/);
    expect(screen.getByTestId('supplements').textContent).toContain('Bản sao giấy chứng sinh');
    expect(screen.getByTestId('fees').textContent).toContain('50.000 đồng');
    expect(screen.getByText(/Hẹn trả kết quả: 16 giờ 00 phút, ngày 09 tháng 03 năm 2026/)).toBeTruthy();
  });

  it('hands back a result after a confirmation: local state, outbox and audit with the staff id, in one go', async () => {
    c = await startCounter({ rows });
    await signInAs('c2', PIN);
    await open(9);
    fireEvent.click(screen.getByTestId('action-handBack'));
    expect(screen.getByTestId('confirm').textContent).toContain(code(9));
    // Nothing is written before the confirmation.
    expect(await c.db.outbox.count()).toBe(0);
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.queryByTestId('action-done') !== null);
    const row = await c.db.dossiers.get(code(9));
    expect(row?.status).toBe(DossierStatus.Returned);
    expect(row?.pendingOps).toBe(1);
    const [m] = await c.db.outbox.toArray();
    expect(m).toMatchObject({ type: 'dossier.transition', staffId: 'c2', state: 'pending', dossierCode: code(9) });
    expect(m!.payload).toMatchObject({ from: 9, to: 10 });
    const audit = await c.db.audit.where('at').above(0).toArray();
    expect(audit.find((a) => a.action === 'dossier.transition')).toMatchObject({ staffId: 'c2', code: code(9), mutationId: m!.id });
    await until(() => screen.getByTestId('dossier-view').getAttribute('data-status') === '10');
    expect(offered()).toEqual(['reprint']);
  });

  it('records "supplement received" (5 → 4) and a cancelled confirmation writes nothing', async () => {
    c = await startCounter({ rows });
    await signInAs('c1', PIN);
    await open(5);
    fireEvent.click(screen.getByTestId('action-withdraw'));
    fireEvent.click(screen.getByTestId('confirm-no'));
    expect(screen.queryByTestId('confirm')).toBeNull();
    fireEvent.click(screen.getByTestId('action-supplementReceived'));
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.getByTestId('dossier-view').getAttribute('data-status') === '4');
    const all = await c.db.outbox.toArray();
    expect(all).toHaveLength(1);
    expect(all[0]!.payload).toMatchObject({ from: 5, to: 4 });
  });

  it('marks a fee paid by transfer only with a reference', async () => {
    c = await startCounter({ rows });
    await signInAs('c1', PIN);
    await open(6);
    fireEvent.click(screen.getByTestId('pay-f1'));
    expect(screen.getByTestId('confirm').textContent).not.toContain('nội dung chuyển khoản');
    fireEvent.change(screen.getByTestId('fee-method'), { target: { value: 'transfer' } });
    expect((screen.getByTestId('confirm-yes') as HTMLButtonElement).disabled).toBe(true);
    // What to look for in the bank's notice: the transfer content the citizen's QR carried.
    expect(screen.getByTestId('confirm').textContent).toContain(`nội dung chuyển khoản của mã QR là ${paymentReference(code(6))}`);
    fireEvent.change(screen.getByTestId('fee-reference'), { target: { value: 'FT26069123456' } });
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.queryByTestId('fee')?.getAttribute('data-paid') === 'true');
    const [m] = await c.db.outbox.toArray();
    expect(m).toMatchObject({ type: 'dossier.payFee', staffId: 'c1' });
    expect(m!.payload).toMatchObject({ feeId: 'f1', amount: 50000, method: 'transfer', reference: 'FT26069123456' });
  });

  it('records the financial obligations met (6 → 4) once nothing is left to pay, or when the dossier lists no fee', async () => {
    const noFee = dossierRow(`${AGENCY}-260305-0016`, 6, { agencyCode: AGENCY, fees: [] });
    c = await startCounter({ rows: [...rows, noFee] });
    await signInAs('c1', PIN);
    await open(6);
    // A fee is still unpaid: take it first.
    expect(offered()).not.toContain('action-paymentDone');
    fireEvent.click(screen.getByTestId('pay-f1'));
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => offered().includes('action-paymentDone'));
    fireEvent.click(screen.getByTestId('action-paymentDone'));
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => screen.getByTestId('dossier-view').getAttribute('data-status') === '4');
    expect((await c.db.outbox.toArray()).map((r) => r.payload)).toContainEqual(expect.objectContaining({ from: 6, to: 4 }));
    // Nothing to pay at the counter (a tax paid at the tax office): said so, and the move offered at once.
    c.scan(noFee.code);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === noFee.code);
    expect(screen.getByTestId('fees-none').textContent).toContain('Không có khoản phí');
    expect(offered()).toContain('action-paymentDone');
  });
});
