/**
 * The office queue (lấy số thứ tự): tickets per service area, counters that call, recall, skip,
 * transfer and pause, as an append-only list of events. Pure: the LAN queue host
 * (src/main/queue) folds the events with `applyQueueEvent`, every other device folds the same
 * events it receives, and the gateway computes statistics from them (stats.ts).
 *
 * Numbering: per Vietnam day (UTC+7) and per service area, 1, 2, 3, …; a ticket's number is always
 * one more than the highest number of its area that the folded events hold, so a number is never
 * issued twice as long as the issuing host holds every issued ticket (docs/ARCHITECTURE.md, "The
 * office queue": a ticket is handed out only once the host has it on disk and its backup device
 * has acknowledged it).
 */
import { z } from 'zod';
import { QueueError } from './errors';

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
export const VN_OFFSET_MS = 7 * 3_600_000;

/** The Vietnam calendar day (YYYY-MM-DD) of an instant. */
export function queueDay(ms: number): string {
  return new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/** The Vietnam hour (0–23) of an instant. */
export function queueHour(ms: number): number {
  return new Date(ms + VN_OFFSET_MS).getUTCHours();
}

export const QueueDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const CounterId = z.string().trim().min(1).max(32);
/** A service area: a field (lĩnh vực) of the procedure catalogue, by its name. */
export const AreaName = z.string().trim().min(1).max(200);
/** A letter shown before the number (A025), from the area's place in the sorted catalogue. */
export const AreaPrefix = z.string().regex(/^[A-Z]$/);
export const TicketId = z.uuid();
export const StaffRef = z.string().min(1).max(100).nullable();

export const PAUSE_REASONS = ['break', 'meeting', 'paperwork', 'system', 'other'] as const;
export const PauseReason = z.enum(PAUSE_REASONS);
export type PauseReason = z.infer<typeof PauseReason>;

export const TicketSource = z.enum(['kiosk', 'counter']);

const ticketIssued = z.object({
  type: z.literal('ticket.issued'), ticketId: TicketId, area: AreaName, prefix: AreaPrefix,
  number: z.number().int().min(1).max(9999), source: TicketSource, counter: CounterId.nullable(),
}).strict();
const ticketCalled = z.object({ type: z.literal('ticket.called'), ticketId: TicketId, counter: CounterId, staffId: StaffRef }).strict();
const ticketRecalled = z.object({ type: z.literal('ticket.recalled'), ticketId: TicketId, counter: CounterId, staffId: StaffRef }).strict();
/** Called and not come: a no-show. */
const ticketSkipped = z.object({ type: z.literal('ticket.skipped'), ticketId: TicketId, counter: CounterId, staffId: StaffRef }).strict();
const ticketTransferred = z.object({
  type: z.literal('ticket.transferred'), ticketId: TicketId, counter: CounterId, toCounter: CounterId, staffId: StaffRef,
}).strict();
/** The ticket's service is finished; `dossierCode` links it to the dossier received or looked up. */
const ticketServed = z.object({
  type: z.literal('ticket.served'), ticketId: TicketId, counter: CounterId, staffId: StaffRef,
  dossierCode: z.string().min(5).max(64).nullable(),
}).strict();
/** The citizen's rating of a served visit, given at the kiosk by scanning the ticket's QR (the
 * 4-level scale of the dossier rating, so a visit and its dossier are rated alike). */
export const TicketScore = z.number().int().min(1).max(4);
const ticketRated = z.object({ type: z.literal('ticket.rated'), ticketId: TicketId, score: TicketScore }).strict();
const counterPaused = z.object({ type: z.literal('counter.paused'), counter: CounterId, staffId: StaffRef, reason: PauseReason }).strict();
const counterResumed = z.object({ type: z.literal('counter.resumed'), counter: CounterId, staffId: StaffRef }).strict();

export const QueueEventBody = z.discriminatedUnion('type', [
  ticketIssued, ticketCalled, ticketRecalled, ticketSkipped, ticketTransferred, ticketServed, ticketRated, counterPaused, counterResumed,
]);
export type QueueEventBody = z.infer<typeof QueueEventBody>;
export const QUEUE_EVENT_TYPES = QueueEventBody.options.map((o) => o.shape.type.value);

/** What every event carries besides its body: its id (the idempotency key up to the gateway), the
 * host's clock, the day it counts in, the host's term and place in the host's log. */
export const QueueEventMeta = z.object({
  id: z.uuid(),
  at: z.iso.datetime(),
  day: QueueDay,
  /** The host's term: 1 for the first host of the day, +1 at each takeover. */
  term: z.number().int().min(1),
  /** The device that recorded it (the host; a member for an action it held while the host was away). */
  device: z.string().min(1).max(100),
});
export const QueueEvent = z.intersection(QueueEventMeta, QueueEventBody);
export type QueueEvent = z.infer<typeof QueueEventMeta> & QueueEventBody;

export type TicketState = 'waiting' | 'called' | 'served' | 'skipped';

export interface Ticket {
  id: string;
  label: string;
  number: number;
  prefix: string;
  area: string;
  day: string;
  issuedAt: string;
  source: 'kiosk' | 'counter';
  state: TicketState;
  /** The counter that called it (called, served, skipped), or that it was transferred to (waiting). */
  counter: string | null;
  /** Waiting for this counter only (a transfer). */
  forCounter: string | null;
  firstCalledAt: string | null;
  calledAt: string | null;
  calls: number;
  closedAt: string | null;
  staffId: string | null;
  dossierCode: string | null;
  /** The citizen's rating (1–4), once given. */
  rating: number | null;
}

export interface CounterState {
  counter: string;
  current: string | null;
  paused: PauseReason | null;
  staffId: string | null;
}

export interface CallRecord { ticketId: string; label: string; counter: string; at: string; recall: boolean }

export interface QueueState {
  day: string;
  tickets: Ticket[];
  counters: CounterState[];
  /** Newest first, at most `LAST_CALLS`. */
  lastCalls: CallRecord[];
  /** Ids of the events folded (an event is folded once). */
  eventCount: number;
  term: number;
}

export const LAST_CALLS = 8;

export function ticketLabel(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(3, '0')}`;
}

export function emptyQueue(day: string, term = 1): QueueState {
  return { day, tickets: [], counters: [], lastCalls: [], eventCount: 0, term };
}

function counterOf(state: QueueState, counter: string): CounterState {
  let c = state.counters.find((x) => x.counter === counter);
  if (!c) {
    c = { counter, current: null, paused: null, staffId: null };
    state.counters.push(c);
    state.counters.sort((a, b) => a.counter.localeCompare(b.counter, 'vi', { numeric: true }));
  }
  return c;
}

function releaseCurrent(state: QueueState, ticketId: string): void {
  for (const c of state.counters) if (c.current === ticketId) c.current = null;
}

/**
 * Folds one event into the state (in place; returns it). Tolerant by design: an event that does not
 * fit (a member's action on a ticket another counter closed meanwhile) changes what it can, since
 * events come from several devices and are merged after an outage.
 */
export function applyQueueEvent(state: QueueState, e: QueueEvent): QueueState {
  if (e.day !== state.day) return state;
  state.eventCount += 1;
  if (e.term > state.term) state.term = e.term;
  if (e.type === 'ticket.issued') {
    if (state.tickets.some((t) => t.id === e.ticketId)) return state;
    state.tickets.push({
      id: e.ticketId, label: ticketLabel(e.prefix, e.number), number: e.number, prefix: e.prefix, area: e.area, day: e.day,
      issuedAt: e.at, source: e.source, state: 'waiting', counter: null, forCounter: null,
      firstCalledAt: null, calledAt: null, calls: 0, closedAt: null, staffId: null, dossierCode: null, rating: null,
    });
    return state;
  }
  if (e.type === 'counter.paused' || e.type === 'counter.resumed') {
    const c = counterOf(state, e.counter);
    c.paused = e.type === 'counter.paused' ? e.reason : null;
    c.staffId = e.staffId;
    return state;
  }
  if (e.type === 'ticket.rated') {
    const rated = state.tickets.find((x) => x.id === e.ticketId);
    // The first rating counts: a second one (a held copy merged later) changes nothing.
    if (rated && rated.rating === null) rated.rating = e.score;
    return state;
  }
  const t = state.tickets.find((x) => x.id === e.ticketId);
  const c = counterOf(state, e.counter);
  if (!t) return state;
  switch (e.type) {
    case 'ticket.called':
    case 'ticket.recalled': {
      releaseCurrent(state, t.id);
      if (c.current && c.current !== t.id) {
        // A counter serves one ticket at a time: calling the next one leaves the previous as served.
        const prev = state.tickets.find((x) => x.id === c.current);
        if (prev && prev.state === 'called') { prev.state = 'served'; prev.closedAt = e.at; }
      }
      t.state = 'called';
      t.counter = e.counter;
      t.forCounter = null;
      t.calledAt = e.at;
      t.firstCalledAt ??= e.at;
      t.calls += 1;
      t.staffId = e.staffId;
      c.current = t.id;
      c.staffId = e.staffId;
      state.lastCalls = [{ ticketId: t.id, label: t.label, counter: e.counter, at: e.at, recall: e.type === 'ticket.recalled' }, ...state.lastCalls].slice(0, LAST_CALLS);
      return state;
    }
    case 'ticket.skipped':
      releaseCurrent(state, t.id);
      if (t.state === 'served') return state;
      t.state = 'skipped';
      t.closedAt = e.at;
      // The officer who recorded the no-show (statistics per officer).
      t.staffId = e.staffId ?? t.staffId;
      return state;
    case 'ticket.transferred':
      releaseCurrent(state, t.id);
      if (t.state === 'served' || t.state === 'skipped') return state;
      t.state = 'waiting';
      t.counter = e.toCounter;
      t.forCounter = e.toCounter;
      return state;
    case 'ticket.served':
      releaseCurrent(state, t.id);
      t.state = 'served';
      t.closedAt = e.at;
      t.staffId = e.staffId ?? t.staffId;
      if (e.dossierCode) t.dossierCode = e.dossierCode;
      return state;
  }
}

export function foldQueue(day: string, events: readonly QueueEvent[]): QueueState {
  const s = emptyQueue(day);
  for (const e of events) applyQueueEvent(s, e);
  return s;
}

/** The next number of an area today: one more than the highest the state holds. */
export function nextNumber(state: QueueState, area: string): number {
  let max = 0;
  for (const t of state.tickets) if (t.area === area && t.number > max) max = t.number;
  return max + 1;
}

/** The counters that worked today (called, paused, resumed, transferred or served), in the
 * state's order: the only ones a ticket may be transferred to. */
export function knownCounters(state: QueueState): string[] {
  return state.counters.map((c) => c.counter);
}

/** A counter that will not call a ticket waiting for it now: paused (a break, a meeting, gone for
 * the day) or unknown today (a transfer recorded before transfers were checked). */
export function counterAway(state: QueueState, counter: string): boolean {
  const c = state.counters.find((x) => x.counter === counter);
  return !c || c.paused !== null;
}

/**
 * Waiting tickets in the order they are called: those transferred to `counter` first, then by
 * issue. A ticket transferred to a counter that is away (`counterAway`) joins the shared line in
 * its issue order while that lasts, so it is never stranded for a counter that does not call.
 */
export function waitingFor(state: QueueState, counter: string | null, areas?: readonly string[]): Ticket[] {
  const open = state.tickets.filter((t) => t.state === 'waiting');
  const mine = counter === null ? [] : open.filter((t) => t.forCounter === counter);
  const shared = (t: Ticket): boolean => t.forCounter === null || (t.forCounter !== counter && counterAway(state, t.forCounter));
  const general = open.filter((t) => shared(t) && (!areas || areas.length === 0 || areas.includes(t.area)));
  return [...mine, ...general];
}

/** People ahead of a waiting ticket in its area (the ticket printed at the kiosk says so). */
export function peopleAhead(state: QueueState, ticketId: string): number {
  const t = state.tickets.find((x) => x.id === ticketId);
  if (!t || t.state !== 'waiting') return 0;
  return state.tickets.filter((x) => x.state === 'waiting' && x.area === t.area && x.forCounter === null && x.number < t.number).length;
}

/** Minutes a newcomer may wait: people ahead × the day's median handling time (5 min before any
 * ticket was served) ÷ counters open (not paused; at least one). */
export function estimateWaitMinutes(state: QueueState, ahead: number): number {
  const handled = state.tickets
    .filter((t) => t.state === 'served' && t.calledAt && t.closedAt)
    .map((t) => (Date.parse(t.closedAt!) - Date.parse(t.calledAt!)) / 60_000)
    .sort((a, b) => a - b);
  const median = handled.length ? handled[Math.floor(handled.length / 2)]! : 5;
  const open = Math.max(1, state.counters.filter((c) => c.paused === null).length);
  return Math.ceil((ahead * Math.max(1, median)) / open);
}

/** What a counter (or the kiosk) asks the queue host to do. */
export const QueueAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('issue'), area: AreaName, prefix: AreaPrefix, source: TicketSource, counter: CounterId.nullable().default(null) }).strict(),
  z.object({ action: z.literal('call'), counter: CounterId, staffId: StaffRef, areas: z.array(AreaName).max(50).optional() }).strict(),
  z.object({ action: z.literal('recall'), counter: CounterId, staffId: StaffRef }).strict(),
  z.object({ action: z.literal('skip'), counter: CounterId, staffId: StaffRef }).strict(),
  z.object({ action: z.literal('transfer'), counter: CounterId, staffId: StaffRef, toCounter: CounterId }).strict(),
  z.object({ action: z.literal('serve'), counter: CounterId, staffId: StaffRef, dossierCode: z.string().min(5).max(64).nullable() }).strict(),
  z.object({ action: z.literal('pause'), counter: CounterId, staffId: StaffRef, reason: PauseReason }).strict(),
  z.object({ action: z.literal('resume'), counter: CounterId, staffId: StaffRef }).strict(),
  z.object({ action: z.literal('rate'), ticketId: TicketId, score: TicketScore }).strict(),
]);
export type QueueAction = z.infer<typeof QueueAction>;

/**
 * The event body an action makes on the current state, or a QueueError (`newId` names a new
 * ticket). The host plans, then appends and folds the event, one action at a time.
 */
export function planQueueAction(state: QueueState, a: QueueAction, newId: () => string): QueueEventBody {
  if (a.action === 'issue') {
    return { type: 'ticket.issued', ticketId: newId(), area: a.area, prefix: a.prefix, number: nextNumber(state, a.area), source: a.source, counter: a.counter };
  }
  if (a.action === 'rate') {
    const t = state.tickets.find((x) => x.id === a.ticketId);
    if (!t) throw new QueueError('queue-ticket-unknown');
    if (t.state !== 'served') throw new QueueError('queue-ticket-not-served');
    if (t.rating !== null) throw new QueueError('queue-ticket-rated');
    return { type: 'ticket.rated', ticketId: t.id, score: a.score };
  }
  const c = state.counters.find((x) => x.counter === a.counter);
  const current = c?.current ?? null;
  switch (a.action) {
    case 'pause':
      return { type: 'counter.paused', counter: a.counter, staffId: a.staffId, reason: a.reason };
    case 'resume':
      return { type: 'counter.resumed', counter: a.counter, staffId: a.staffId };
    case 'call': {
      if (c?.paused) throw new QueueError('queue-counter-paused');
      const next = waitingFor(state, a.counter, a.areas)[0];
      if (!next) throw new QueueError('queue-empty');
      return { type: 'ticket.called', ticketId: next.id, counter: a.counter, staffId: a.staffId };
    }
    case 'recall':
      if (!current) throw new QueueError('queue-no-current');
      return { type: 'ticket.recalled', ticketId: current, counter: a.counter, staffId: a.staffId };
    case 'skip':
      if (!current) throw new QueueError('queue-no-current');
      return { type: 'ticket.skipped', ticketId: current, counter: a.counter, staffId: a.staffId };
    case 'transfer':
      if (!current) throw new QueueError('queue-no-current');
      if (a.toCounter === a.counter) throw new QueueError('queue-same-counter');
      // Only to a counter that works today: a name nobody uses would leave the ticket waiting for
      // a call that never comes.
      if (!knownCounters(state).includes(a.toCounter)) throw new QueueError('queue-counter-unknown');
      return { type: 'ticket.transferred', ticketId: current, counter: a.counter, toCounter: a.toCounter, staffId: a.staffId };
    case 'serve':
      if (!current) throw new QueueError('queue-no-current');
      return { type: 'ticket.served', ticketId: current, counter: a.counter, staffId: a.staffId, dossierCode: a.dossierCode };
  }
}

/**
 * Service areas from the procedure catalogue: its distinct fields (lĩnh vực) of active procedures,
 * in Vietnamese order, lettered A, B, C… (at most 26).
 */
export function areasOf(procedures: readonly { field: string; active: boolean; name: string }[]): { name: string; prefix: string; procedures: string[] }[] {
  const byField = new Map<string, string[]>();
  for (const p of procedures) {
    if (!p.active || !p.field.trim()) continue;
    const list = byField.get(p.field.trim()) ?? [];
    list.push(p.name);
    byField.set(p.field.trim(), list);
  }
  return [...byField.keys()].sort((a, b) => a.localeCompare(b, 'vi')).slice(0, 26)
    .map((name, i) => ({ name, prefix: String.fromCharCode(65 + i), procedures: byField.get(name)! }));
}

/**
 * The ticket's QR: `MCQ1:<day>:<label>:<ticket id>`. Scanned at a counter it names the ticket to
 * serve; its day says whether it still counts (numbers restart each day).
 */
export function ticketQr(t: Pick<Ticket, 'day' | 'label' | 'id'>): string {
  return `MCQ1:${t.day}:${t.label}:${t.id}`;
}

/** Text that claims to be a ticket QR (so a malformed one is told apart from any other code). */
export function looksLikeTicketQr(text: string): boolean {
  return /^MCQ\d*:/i.test(text.trim());
}

export function parseTicketQr(text: string): { day: string; label: string; id: string } | null {
  const m = /^MCQ1:(\d{4}-\d{2}-\d{2}):([A-Z]\d{3,4}):([0-9a-f-]{36})$/.exec(text.trim());
  return m ? { day: m[1]!, label: m[2]!, id: m[3]! } : null;
}
