// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { AGENCY, CCCD, PIN, dossierRow, intakeFromCard, signInAs, startCounter, until, type Counter } from './harness';
import { createI18n } from '../../src/renderer/i18n';
import { CitizenDisplay } from '../../src/renderer/counter/CitizenDisplay';
import type { OutboxRow } from '../../src/renderer/db/database';

let c: Counter | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

const CODE = `${AGENCY}-260305-0009`;

function outboxRow(state: 'rejected' | 'conflict', code: string): OutboxRow {
  return {
    id: uuidv7(), type: 'dossier.transition', at: '2026-03-10T02:00:00.000Z', staffId: 'c1',
    payload: { code, from: 9, to: 10, note: null, supplements: [] }, dossierCode: code, state, createdAt: Date.now(),
    attempts: 1, lastAttemptAt: Date.now(), schema: 2, doneAt: null,
    outcome: { status: state, reason: state === 'conflict' ? 'status-changed' : 'transition-not-allowed', at: Date.now(),
      message: { vi: 'Hồ sơ đã được tỉnh chuyển trạng thái khác.', en: 'The province moved the dossier on.' } },
  };
}

describe('citizen-facing display', () => {
  it('shows the open dossier masked, then the rating after a hand-back, recorded with rate()', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 9)] });
    const display = render(<I18nextProvider i18n={createI18n()}><CitizenDisplay /></I18nextProvider>);
    const shown = () => within(display.container).queryByTestId('citizen-display');
    await signInAs('c1', PIN);
    c.scan(CODE);
    await until(() => shown()?.getAttribute('data-code') === CODE);
    const html = display.container.innerHTML;
    expect(within(display.container).getByTestId('display-name').textContent).toBe('N. V. T.');
    for (const secret of ['Nguyễn Văn Thử', '001095012345', '0912345678', 'Ngõ Thử Nghiệm']) expect(html).not.toContain(secret);

    // The counter's own view shows once it knows its agency (a moment after the display, which only masks).
    await until(() => screen.queryByTestId('action-handBack') !== null);
    fireEvent.click(screen.getByTestId('action-handBack'));
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => within(display.container).queryByTestId('rating') !== null);
    fireEvent.click(display.container.querySelector('[data-score="4"]')!);
    await until(() => within(display.container).queryByTestId('rating-thanks') !== null);
    const rate = (await c.db.outbox.toArray()).find((m) => m.type === 'dossier.rate');
    expect(rate?.payload).toEqual({ code: CODE, score: 4 });

    // Leaving the dossier clears the citizen's screen.
    fireEvent.click(screen.getByTestId('nav-home'));
    await until(() => shown()?.getAttribute('data-state') === 'idle');
    display.unmount();
  });

  it('follows an intake as the officer fills it in: masked applicant, procedure, papers ticked, fees, appointment', async () => {
    c = await startCounter();
    const display = render(<I18nextProvider i18n={createI18n()}><CitizenDisplay /></I18nextProvider>);
    const shown = () => within(display.container).queryByTestId('citizen-display');
    await signInAs('c1', PIN);
    await intakeFromCard(c, 'xac nhan tinh trang hon nhan');
    await until(() => shown()?.getAttribute('data-state') === 'intake'
      && within(display.container).queryByTestId('display-procedure')?.textContent === 'Cấp Giấy xác nhận tình trạng hôn nhân');
    const d = within(display.container);
    expect(d.getByTestId('display-name').textContent).toBe('T. T. T.');
    expect(d.getByTestId('display-id').textContent).toBe('••••••••2345');
    expect(d.getByTestId('display-appointment').textContent).toBe(screen.getByTestId('intake-appointment').textContent?.replace(/^[^:]*: /, ''));
    const papers = screen.getAllByTestId('document').length;
    const listed = () => display.container.querySelectorAll('[data-testid="display-documents"] li').length;
    expect(papers).toBeGreaterThan(0);
    expect(listed()).toBe(papers);
    expect(d.getByTestId('display-fees').textContent).toContain('15.000 đồng');
    // A paper unticked at the counter leaves the citizen's list.
    fireEvent.click(screen.getAllByTestId('document')[0]!.querySelector('input') ?? screen.getAllByTestId('document')[0]!);
    await until(() => listed() === papers - 1);
    // Nothing of the card beyond the masks reaches the display.
    const html = display.container.innerHTML;
    for (const secret of ['Trần Thị Thử', '001095012345', 'Thôn Thử Nghiệm', '17/05/1995']) expect(html).not.toContain(secret);
    // Received: the citizen's screen moves to the dossier just received, with its code.
    fireEvent.click(screen.getByTestId('intake-save'));
    await until(() => screen.queryByTestId('receipt') !== null);
    const code = screen.getByTestId('receipt').getAttribute('data-code');
    await until(() => shown()?.getAttribute('data-state') === 'dossier' && shown()?.getAttribute('data-code') === code);
    expect(d.getByTestId('display-name').textContent).toBe('T. T. T.');
    // Back to the start: the screen forgets the person.
    fireEvent.click(screen.getByTestId('nav-home'));
    await until(() => shown()?.getAttribute('data-state') === 'idle');
    display.unmount();
  });

  it('shows the fee VietQR for the commune account', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 6)] });
    const display = render(<I18nextProvider i18n={createI18n()}><CitizenDisplay /></I18nextProvider>);
    await signInAs('c1', PIN);
    c.scan(CODE);
    await until(() => screen.queryByTestId('show-fee-qr') !== null);
    fireEvent.click(screen.getByTestId('show-fee-qr'));
    await until(() => within(display.container).queryByTestId('fee-qr') !== null);
    const payload = within(display.container).getByTestId('fee-qr').getAttribute('data-payload')!;
    expect(payload).toContain('970415');
    expect(payload).toContain('113366668888');
    expect(payload).toContain('540550000');
    // The fee recorded as paid at the counter: the QR leaves the citizen's screen at once.
    fireEvent.click(screen.getByTestId('pay-f1'));
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await until(() => within(display.container).queryByTestId('fee-qr') === null);
    display.unmount();
  });
});

describe('needs attention', () => {
  it('lists rejected and conflicting mutations with what to do; retry queues again, dismiss clears', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 9)] });
    const rejected = outboxRow('rejected', CODE);
    const conflict = outboxRow('conflict', CODE);
    await c.db.outbox.bulkAdd([rejected, conflict]);
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('sync-attention'));
    await until(() => screen.queryAllByTestId('attention-item').length === 2);
    expect(screen.getByTestId('attention').textContent).toContain('Hồ sơ đã được tỉnh chuyển trạng thái khác.');
    expect(screen.getByTestId('attention').textContent).toContain('Gửi lại');
    const [first, second] = screen.getAllByTestId('attention-item');
    expect(first!.getAttribute('data-state')).toBe('rejected');
    fireEvent.click(within(first!).getByTestId('attention-retry'));
    await until(() => screen.queryAllByTestId('attention-item').length === 1);
    fireEvent.click(within(second!).getByTestId('attention-dismiss'));
    await until(() => screen.queryByTestId('attention-empty') !== null);
    const rows = await c.db.outbox.toArray();
    expect(rows.map((r) => r.state).sort()).toEqual(['dismissed', 'dismissed', 'pending']);
    expect(rows.filter((r) => r.state === 'dismissed').every((r) => r.dismissedBy === 'c1')).toBe(true);
  });
});

describe('scans while a field has focus', () => {
  it('a dossier scan opens the dossier and leaves the focused search field untouched', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 9)] });
    await signInAs('c1', PIN);
    const search = screen.getByTestId('search') as HTMLInputElement;
    search.focus();
    fireEvent.change(search, { target: { value: 'dang go' } });
    c.scan(CODE);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === CODE);
    expect(await c.db.outbox.count()).toBe(0);
  });

  it('a CCCD scan while typing in the intake form fills every field, not the focused one only', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-intake'));
    const phone = screen.getByTestId('intake-phone') as HTMLInputElement;
    phone.focus();
    c.scan(CCCD);
    await until(() => (screen.getByTestId('intake-name') as HTMLInputElement).value === 'Trần Thị Thử');
    expect(phone.value).toBe('');
    expect((screen.getByTestId('intake-citizenId') as HTMLInputElement).value).toBe('001095012345');
  });
});
