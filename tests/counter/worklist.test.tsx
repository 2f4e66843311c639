// @vitest-environment happy-dom
/** The counter's home is today's worklist: counts per tab, days late, sortable, opened by Enter or a click; F2 and F3 from the keyboard. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { AGENCY, PIN, dossierRow, signInAs, startCounter, until, type Counter } from './harness';
import { partition } from '../../src/renderer/counter/worklist';

let c: Counter | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

// "Now" is 10 March 2026, 10:00 in Vietnam (harness NOW).
const code = (n: number): string => `${AGENCY}-260305-${String(n).padStart(4, '0')}`;
const paid = [{ id: 'f1', name: 'Lệ phí', amount: 50000, paid: true, paidAt: '2026-03-05T02:00:00.000Z', method: 'cash' as const, reference: null }];
const rows = [
  dossierRow(code(1), 4, { appointmentAt: '2026-03-10T09:00:00.000Z', fees: paid }), // due today 16:00
  dossierRow(code(2), 2, { appointmentAt: '2026-03-06T09:00:00.000Z', fees: paid }), // 4 days late
  dossierRow(code(3), 5, { appointmentAt: '2026-03-09T09:00:00.000Z' }), // 1 day late, supplements, unpaid
  dossierRow(code(4), 9, { fees: paid }), // ready to hand back
  dossierRow(code(5), 10), // returned: in no list
  dossierRow(code(6), 7), // withdrawn: in no list
  dossierRow(code(7), 6), // fees asked, due 16 March
];

const tabCount = (id: string): string => within(screen.getByTestId(`worklist-${id}`)).getByText(/^\d+$/).textContent ?? '';
const keys = (testId: string): string[] => within(screen.getByTestId(testId)).queryAllByTestId('dossier-row').map((r) => r.getAttribute('data-key') ?? '');

describe('today\'s worklist', () => {
  it('partitions the open and ready dossiers into the day\'s lists, with days late', () => {
    const w = partition(rows, Date.parse('2026-03-10T03:00:00.000Z'));
    expect(w.due.map((i) => i.row.code)).toEqual([code(1)]);
    expect(w.overdue.map((i) => [i.row.code, i.daysLate])).toEqual([[code(2), 4], [code(3), 1]]);
    expect(w.ready.map((i) => i.row.code)).toEqual([code(4)]);
    expect(w.supplements.map((i) => i.row.code)).toEqual([code(3)]);
    expect(w.unpaid.map((i) => i.row.code)).toEqual([code(3), code(7)]);
  });

  it('shows the counts on the tabs, the most overdue first, and opens a dossier from the table', async () => {
    c = await startCounter({ rows });
    await signInAs('c1', PIN);
    await until(() => screen.queryByTestId('work-due') !== null && keys('work-due').length === 1);
    expect([tabCount('due'), tabCount('overdue'), tabCount('ready'), tabCount('supplements'), tabCount('unpaid')]).toEqual(['1', '2', '1', '1', '2']);
    fireEvent.click(screen.getByTestId('worklist-overdue'));
    await until(() => screen.queryByTestId('work-overdue') !== null);
    expect(keys('work-overdue')).toEqual([code(2), code(3)]);
    expect(screen.getByTestId('work-overdue').textContent).toContain('4 ngày');
    fireEvent.click(within(screen.getByTestId('work-overdue')).getAllByTestId('dossier-row')[1]!);
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === code(3));
  });

  it('lists the sync\'s needs-attention items as a tab with their count, each with what to do', async () => {
    c = await startCounter({ rows });
    await signInAs('c1', PIN);
    await until(() => screen.queryByTestId('worklist-attention') !== null);
    expect(tabCount('attention')).toBe('0');
    // An action the gateway refused, as the sync engine leaves it.
    const now = Date.parse('2026-03-10T03:00:00.000Z');
    await c.db.outbox.add({
      id: '01900000-0000-7000-8000-0000000000a1', type: 'dossier.transition', at: new Date(now - 60_000).toISOString(), staffId: 'c1',
      payload: { code: code(2), from: 2, to: 4, note: null, supplements: [] }, dossierCode: code(2), state: 'rejected', createdAt: now - 60_000,
      attempts: 1, lastAttemptAt: now, schema: 3, doneAt: null, seq: 1,
      outcome: { status: 'rejected', reason: 'transition-not-allowed', at: now, message: { vi: 'Không chuyển được trạng thái.', en: 'The status cannot change so.' } },
    } as never);
    await until(() => tabCount('attention') === '1');
    fireEvent.click(screen.getByTestId('worklist-attention'));
    await until(() => screen.queryAllByTestId('attention-item').length === 1);
    expect(screen.getByTestId('attention-item').textContent).toContain(code(2));
    expect(screen.getByTestId('worklist-attention').textContent).toContain('Cần xử lý đồng bộ');
  });

  it('opens a new intake with F2 and puts the cursor in the search box with F3', async () => {
    c = await startCounter({ rows });
    await signInAs('c1', PIN);
    await until(() => screen.queryByTestId('home') !== null);
    fireEvent.keyDown(window, { key: 'F3' });
    expect(document.activeElement).toBe(screen.getByTestId('search'));
    expect(screen.getByTestId('new-intake').textContent).toContain('F2');
    fireEvent.keyDown(window, { key: 'F2' });
    await until(() => screen.queryByTestId('intake') !== null);
  });
});

describe('the keyboard path at intake', () => {
  it('chooses the procedure with ↓ and Enter without submitting, then puts the focus on "receive"', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    fireEvent.keyDown(window, { key: 'F2' });
    await until(() => screen.queryByTestId('intake') !== null);
    const box = screen.getByTestId('procedure-search');
    fireEvent.change(box, { target: { value: 'giay' } });
    await until(() => screen.queryAllByTestId('procedure-option').length > 1);
    const second = screen.getAllByTestId('procedure-option')[1]!.getAttribute('data-code');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(box.getAttribute('aria-activedescendant')).toBe('procedure-option-1');
    expect(screen.getAllByTestId('procedure-option')[1]!.getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(box, { key: 'Enter' });
    await until(() => screen.queryByTestId('procedure-chosen') !== null);
    expect(screen.getByTestId('procedure-chosen').getAttribute('data-code')).toBe(second);
    // Nothing was received by that Enter.
    expect(await c.db.outbox.count()).toBe(0);
    await until(() => document.activeElement === screen.getByTestId('intake-save'));
  });
});
