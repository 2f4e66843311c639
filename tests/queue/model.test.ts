/** The queue model: numbering per Vietnam day and area, calling order, transfers, pauses, folding. */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyQueueEvent, areasOf, emptyQueue, foldQueue, knownCounters, parseTicketQr, peopleAhead, planQueueAction, QueueConfig, queueDay, QueueError,
  ticketQr, waitingFor,
  type QueueAction, type QueueEvent, type QueueState,
} from '../../src/shared/queue';

const DAY = '2026-12-05';
let clock = Date.parse(`${DAY}T01:00:00.000Z`);

function act(state: QueueState, a: QueueAction): QueueEvent {
  const body = planQueueAction(state, a, randomUUID);
  clock += 1000;
  const e = { id: randomUUID(), at: new Date(clock).toISOString(), day: state.day, term: 1, device: 'host', ...body } as QueueEvent;
  applyQueueEvent(state, e);
  return e;
}
const issue = (s: QueueState, area = 'Hộ tịch', prefix = 'A') => act(s, { action: 'issue', area, prefix, source: 'kiosk', counter: null });

describe('queue model', () => {
  it('takes peer addresses with a port from 1 to 65535 only; listening on port 0 (any free port) stays allowed', () => {
    expect(QueueConfig.parse({ peers: ['192.168.1.20:1', 'may-chu.local:65535'] }).peers).toHaveLength(2);
    for (const bad of ['192.168.1.20:0', '192.168.1.20:65536', '192.168.1.20:99999', '192.168.1.20', ':47615']) {
      expect(QueueConfig.safeParse({ peers: [bad] }).success, bad).toBe(false);
    }
    expect(QueueConfig.parse({ port: 0 }).port).toBe(0);
  });

  it('counts the Vietnam day: 16:59:59 UTC is still today, 17:00 UTC is tomorrow', () => {
    expect(queueDay(Date.parse('2026-12-05T16:59:59.999Z'))).toBe('2026-12-05');
    expect(queueDay(Date.parse('2026-12-05T17:00:00.000Z'))).toBe('2026-12-06');
  });

  it('numbers each area from 1, calls in order, transfers first to the chosen counter, refuses while paused', () => {
    const s = emptyQueue(DAY);
    const a1 = issue(s); const b1 = issue(s, 'Chứng thực', 'B'); const a2 = issue(s);
    expect(s.tickets.map((t) => t.label)).toEqual(['A001', 'B001', 'A002']);
    expect(peopleAhead(s, (a2 as { ticketId: string }).ticketId)).toBe(1);
    const c1 = act(s, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
    expect(c1).toMatchObject({ type: 'ticket.called', ticketId: (a1 as { ticketId: string }).ticketId });
    // Quầy 2 has worked today (a pause for paperwork, then back): a transfer may go there.
    act(s, { action: 'pause', counter: 'Quầy 2', staffId: 'CB02', reason: 'paperwork' });
    act(s, { action: 'resume', counter: 'Quầy 2', staffId: 'CB02' });
    act(s, { action: 'transfer', counter: 'Quầy 1', staffId: 'CB01', toCounter: 'Quầy 2' });
    // Quầy 2 gets the transferred ticket before the others.
    expect(act(s, { action: 'call', counter: 'Quầy 2', staffId: 'CB02' })).toMatchObject({ ticketId: (a1 as { ticketId: string }).ticketId });
    expect(act(s, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' })).toMatchObject({ ticketId: (b1 as { ticketId: string }).ticketId });
    act(s, { action: 'pause', counter: 'Quầy 1', staffId: 'CB01', reason: 'break' });
    expect(() => planQueueAction(s, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' }, randomUUID)).toThrow(QueueError);
    act(s, { action: 'resume', counter: 'Quầy 1', staffId: 'CB01' });
    act(s, { action: 'serve', counter: 'Quầy 1', staffId: 'CB01', dossierCode: '000.00.01.H08-261205-0001' });
    expect(s.tickets.find((t) => t.label === 'B001')).toMatchObject({ state: 'served', dossierCode: '000.00.01.H08-261205-0001' });
    expect(act(s, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' })).toMatchObject({ ticketId: (a2 as { ticketId: string }).ticketId });
    act(s, { action: 'skip', counter: 'Quầy 1', staffId: 'CB01' });
    expect(() => planQueueAction(s, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' }, randomUUID)).toThrowError(expect.objectContaining({ code: 'queue-empty' }));
    expect(s.lastCalls[0]).toMatchObject({ label: 'A002', counter: 'Quầy 1' });
  });

  it('transfers only to a counter that worked today, and refuses any other name with queue-counter-unknown', () => {
    const s = emptyQueue(DAY);
    issue(s);
    act(s, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
    const transfer = (toCounter: string) => planQueueAction(s, { action: 'transfer', counter: 'Quầy 1', staffId: 'CB01', toCounter }, randomUUID);
    // Nobody else has worked yet: a typo, or a counter that never opened, is refused by its code.
    expect(knownCounters(s)).toEqual(['Quầy 1']);
    expect(() => transfer('Quầy 2')).toThrowError(expect.objectContaining({ name: 'QueueError', code: 'queue-counter-unknown' }));
    expect(() => transfer('Quay 2')).toThrowError(expect.objectContaining({ code: 'queue-counter-unknown' }));
    expect(() => transfer('Quầy 1')).toThrowError(expect.objectContaining({ code: 'queue-same-counter' }));
    // Once Quầy 2 has worked today (a break, then back), it is known.
    act(s, { action: 'pause', counter: 'Quầy 2', staffId: 'CB02', reason: 'break' });
    act(s, { action: 'resume', counter: 'Quầy 2', staffId: 'CB02' });
    expect(knownCounters(s)).toEqual(['Quầy 1', 'Quầy 2']);
    expect(transfer('Quầy 2')).toMatchObject({ type: 'ticket.transferred', toCounter: 'Quầy 2' });
    expect(() => transfer('Quầy 3')).toThrowError(expect.objectContaining({ code: 'queue-counter-unknown' }));
  });

  it('lets any counter call a ticket transferred to a counter that paused, in issue order; the counter gets it back when it resumes first', () => {
    const s = emptyQueue(DAY);
    const a1 = (issue(s) as { ticketId: string }).ticketId;
    const a2 = (issue(s) as { ticketId: string }).ticketId;
    act(s, { action: 'pause', counter: 'Quầy 2', staffId: 'CB02', reason: 'break' });
    act(s, { action: 'resume', counter: 'Quầy 2', staffId: 'CB02' });
    act(s, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
    act(s, { action: 'transfer', counter: 'Quầy 1', staffId: 'CB01', toCounter: 'Quầy 2' });
    // Waiting for Quầy 2, which works: only Quầy 2 calls it.
    expect(waitingFor(s, 'Quầy 1').map((t) => t.id)).toEqual([a2]);
    expect(waitingFor(s, 'Quầy 3').map((t) => t.id)).toEqual([a2]);
    expect(waitingFor(s, 'Quầy 2').map((t) => t.id)).toEqual([a1, a2]);
    // Quầy 2 pauses (gone for the day, say): the ticket joins the shared line in its issue order.
    act(s, { action: 'pause', counter: 'Quầy 2', staffId: 'CB02', reason: 'other' });
    expect(waitingFor(s, 'Quầy 1').map((t) => t.id)).toEqual([a1, a2]);
    expect(waitingFor(s, 'Quầy 1', ['Chứng thực'])).toEqual([]);
    // Back before anyone called it: it is Quầy 2's again, first.
    act(s, { action: 'resume', counter: 'Quầy 2', staffId: 'CB02' });
    expect(waitingFor(s, 'Quầy 1').map((t) => t.id)).toEqual([a2]);
    act(s, { action: 'pause', counter: 'Quầy 2', staffId: 'CB02', reason: 'meeting' });
    expect(act(s, { action: 'call', counter: 'Quầy 3', staffId: 'CB03' })).toMatchObject({ type: 'ticket.called', ticketId: a1 });
    expect(s.tickets.find((t) => t.id === a1)).toMatchObject({ state: 'called', counter: 'Quầy 3', forCounter: null });
  });

  it('never repeats a number however the events of two hosts are merged and refolded (property)', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('A', 'B'), { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 60 }), (areas, cut) => {
      // Host 1 issues the first `cut`; the backup, holding them, takes over and issues the rest.
      const h1 = emptyQueue(DAY);
      const log: QueueEvent[] = [];
      areas.slice(0, cut).forEach((p) => log.push(issue(h1, p === 'A' ? 'Hộ tịch' : 'Chứng thực', p)));
      const h2 = foldQueue(DAY, log);
      areas.slice(cut).forEach((p) => log.push(issue(h2, p === 'A' ? 'Hộ tịch' : 'Chứng thực', p)));
      const labels = foldQueue(DAY, [...log].reverse().reverse()).tickets.map((t) => t.label);
      return new Set(labels).size === labels.length && labels.length === areas.length;
    }));
  });

  it('letters the catalogue\'s fields in Vietnamese order and round-trips the ticket QR', () => {
    const areas = areasOf([
      { field: 'Hộ tịch', active: true, name: 'Đăng ký khai sinh' }, { field: 'Chứng thực', active: true, name: 'Chứng thực bản sao' },
      { field: 'Đất đai', active: false, name: 'x' }, { field: 'Hộ tịch', active: true, name: 'Đăng ký kết hôn' },
    ]);
    expect(areas.map((a) => [a.prefix, a.name, a.procedures.length])).toEqual([['A', 'Chứng thực', 1], ['B', 'Hộ tịch', 2]]);
    const id = randomUUID();
    expect(parseTicketQr(ticketQr({ day: DAY, label: 'A025', id }))).toEqual({ day: DAY, label: 'A025', id });
    expect(parseTicketQr('MCQ1:2026-12-05:A025:not-a-uuid')).toBeNull();
  });
});
