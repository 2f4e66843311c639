// @vitest-environment happy-dom
/**
 * Following a ticket from its QR at the citizen kiosk: what the scan says for each state of the
 * ticket, the rating of a served visit (once), and the translated sentences for a QR of another
 * day, of another office, or malformed. Also the kiosk's area search without diacritics.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import {
  applyQueueEvent, emptyQueue, planQueueAction, queueStats, ticketQr, type QueueAction, type QueueEvent, type QueueState,
} from '../../src/shared/queue';
import { followTicket, TicketStatus } from '../../src/renderer/queue/TicketStatus';
import { matchesLoosely } from '../../src/renderer/ui/filter';
import { renderUi } from '../ui/render';

const DAY = '2026-12-05';
let clock = Date.parse(`${DAY}T01:00:00.000Z`);
function act(state: QueueState, a: QueueAction): QueueEvent {
  const body = planQueueAction(state, a, randomUUID);
  clock += 60_000;
  const e = { id: randomUUID(), at: new Date(clock).toISOString(), day: state.day, term: 1, device: 'host', ...body } as QueueEvent;
  applyQueueEvent(state, e);
  return e;
}
const issued = (s: QueueState) => {
  const e = act(s, { action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null });
  return s.tickets.find((t) => t.id === (e as { ticketId: string }).ticketId)!;
};

afterEach(cleanup);

describe('following a ticket from its QR', () => {
  it('says waiting (people ahead, wait), called (counter), served (rate once); the rating is a queue event the statistics count', () => {
    const s = emptyQueue(DAY);
    issued(s);
    const mine = issued(s);
    const qr = ticketQr(mine);
    expect(followTicket(qr, s)).toMatchObject({ kind: 'waiting', label: 'A002', ahead: 1 });
    act(s, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
    act(s, { action: 'serve', counter: 'Quầy 1', staffId: 'CB01', dossierCode: null });
    act(s, { action: 'call', counter: 'Quầy 2', staffId: 'CB02' });
    expect(followTicket(qr, s)).toEqual({ kind: 'called', label: 'A002', counter: 'Quầy 2' });
    act(s, { action: 'serve', counter: 'Quầy 2', staffId: 'CB02', dossierCode: '000.00.01.H08-261205-0001' });
    expect(followTicket(qr, s)).toMatchObject({ kind: 'served', rated: false, dossierCode: '000.00.01.H08-261205-0001' });
    const rated = act(s, { action: 'rate', ticketId: mine.id, score: 4 });
    expect(followTicket(qr, s)).toMatchObject({ kind: 'served', rated: true });
    expect(() => planQueueAction(s, { action: 'rate', ticketId: mine.id, score: 1 }, randomUUID)).toThrowError(expect.objectContaining({ code: 'queue-ticket-rated' }));
    const other = issued(s);
    expect(() => planQueueAction(s, { action: 'rate', ticketId: other.id, score: 2 }, randomUUID)).toThrowError(expect.objectContaining({ code: 'queue-ticket-not-served' }));
    expect(rated.type).toBe('ticket.rated');
  });

  it('counts ratings in the statistics', () => {
    const s = emptyQueue(DAY);
    const events: QueueEvent[] = [];
    const a = (x: QueueAction) => { const e = act(s, x); events.push(e); return e; };
    for (const score of [4, 3, 4]) {
      const e = a({ action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null });
      a({ action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
      a({ action: 'serve', counter: 'Quầy 1', staffId: 'CB01', dossierCode: null });
      a({ action: 'rate', ticketId: (e as { ticketId: string }).ticketId, score });
    }
    expect(queueStats(events).ratings).toEqual({ count: 3, average: 3.67, byScore: [0, 0, 1, 2] });
  });

  it('refuses a QR of another day, of another office, forged or malformed, and any other code is not a ticket', () => {
    const s = emptyQueue(DAY);
    const t = issued(s);
    expect(followTicket(ticketQr({ ...t, day: '2026-12-04' }), s)).toEqual({ kind: 'other-day', day: '2026-12-04' });
    expect(followTicket(ticketQr({ ...t, id: randomUUID() }), s)).toEqual({ kind: 'unknown' });
    expect(followTicket(ticketQr({ ...t, label: 'A999' }), s)).toEqual({ kind: 'unknown' });
    expect(followTicket('MCQ1:2026-12-05:A001:<script>', s)).toEqual({ kind: 'malformed' });
    expect(followTicket('mcq1:garbage', s)).toEqual({ kind: 'malformed' });
    expect(followTicket(ticketQr(t), null)).toEqual({ kind: 'off' });
    expect(followTicket('000.00.01.H08-261205-0001', s)).toBeNull();
  });

  it('shows each case in Vietnamese and English, nothing personal, and rates a served visit', async () => {
    const onRate = vi.fn(async () => 'ok' as const);
    const back = vi.fn();
    const { user, rerender } = renderUi(<TicketStatus follow={{ kind: 'other-day', day: '2026-12-04' }} onRate={onRate} onBack={back} />);
    expect(screen.getByRole('alert').textContent).toContain('04/12/2026');
    rerender(<TicketStatus follow={{ kind: 'unknown' }} onRate={onRate} onBack={back} />);
    expect(screen.getByRole('alert').textContent).toContain('không có trong hàng đợi hôm nay');
    rerender(<TicketStatus follow={{ kind: 'malformed' }} onRate={onRate} onBack={back} />);
    expect(screen.getByRole('alert').textContent).toContain('Không đọc được');
    rerender(<TicketStatus follow={{ kind: 'waiting', label: 'A002', area: 'Hộ tịch', ahead: 3, waitMinutes: 15, forCounter: null }} onRate={onRate} onBack={back} />);
    expect(screen.getByTestId('ticket-follow').textContent).toMatch(/A002.*3 người.*15 phút/);
    rerender(<TicketStatus follow={{ kind: 'called', label: 'A002', counter: 'Quầy 2' }} onRate={onRate} onBack={back} />);
    expect(screen.getByRole('status').textContent).toContain('Quầy 2');
    rerender(<TicketStatus follow={{ kind: 'served', label: 'A002', ticketId: randomUUID(), rated: false, dossierCode: '000.00.01.H08-261205-0001' }} onRate={onRate} onBack={back} />);
    expect(screen.getByTestId('ticket-follow').textContent).not.toContain('H08-261205');
    await user.click(screen.getByRole('button', { name: /Rất hài lòng/ }));
    expect(onRate).toHaveBeenCalledWith(4);
    await user.click(screen.getByTestId('follow-back'));
    expect(back).toHaveBeenCalled();
    cleanup();
    renderUi(<TicketStatus follow={{ kind: 'unknown' }} onRate={onRate} onBack={back} />, 'en');
    expect(screen.getByRole('alert').textContent).toContain('not in this office\'s queue today');
  });

  it('finds service areas typed without diacritics', () => {
    expect(matchesLoosely('Hộ tịch', 'ho tich')).toBe(true);
    expect(matchesLoosely('Đất đai', 'dat dai')).toBe(true);
    expect(matchesLoosely('Chứng thực', 'ho tich')).toBe(false);
  });
});

describe('the kiosk search keypad (touch screen, no keyboard)', () => {
  it('types letters, a space, deletes one and clears, in Vietnamese and English', async () => {
    const { SearchKeypad } = await import('../../src/renderer/queue/SearchKeypad');
    let value = '';
    const onChange = (v: string) => { value = v; };
    const view = renderUi(<SearchKeypad value={value} onChange={onChange} />);
    const tap = (k: string) => {
      screen.getAllByTestId('queue-key').find((b) => b.getAttribute('data-key') === k)!.click();
      view.rerender(<SearchKeypad value={value} onChange={onChange} />);
    };
    expect((screen.getByTestId('queue-key-delete') as HTMLButtonElement).disabled).toBe(true);
    for (const k of 'ho') tap(k);
    screen.getByTestId('queue-key-space').click();
    view.rerender(<SearchKeypad value={value} onChange={onChange} />);
    for (const k of 'tichx') tap(k);
    screen.getByTestId('queue-key-delete').click();
    expect(value).toBe('ho tich');
    expect(matchesLoosely('Hộ tịch', value)).toBe(true);
    expect(screen.getByTestId('queue-keypad').getAttribute('aria-label')).toBe('Bàn phím tìm kiếm');
    expect(screen.getByTestId('queue-key-space').textContent).toBe('Dấu cách');
    screen.getByTestId('queue-key-clear').click();
    expect(value).toBe('');
    cleanup();
    renderUi(<SearchKeypad value="" onChange={onChange} />, 'en');
    expect(screen.getByTestId('queue-key-space').textContent).toBe('Space');
  });
});
