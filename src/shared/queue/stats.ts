/**
 * Queue statistics from the events alone (the gateway's admin API serves them; tests compute them
 * from the same events): tickets per area and hour, waiting time (issued → first call) and handling
 * time (last call → served) as p50/p90, no-shows (skipped), per counter and per officer.
 */
import { z } from 'zod';
import { foldQueue, queueHour, type QueueEvent, type Ticket } from './model';

const Seconds = z.object({ count: z.number().int(), p50: z.number().nullable(), p90: z.number().nullable() });
export const QueueStats = z.object({
  days: z.array(z.string()),
  tickets: z.number().int(),
  served: z.number().int(),
  noShows: z.number().int(),
  waiting: z.number().int(),
  transfers: z.number().int(),
  /** Seconds from issue to the first call. */
  waitSeconds: Seconds,
  /** Seconds from the last call to the end of service. */
  handleSeconds: Seconds,
  byAreaHour: z.array(z.object({ area: z.string(), hour: z.number().int(), tickets: z.number().int() })),
  byCounter: z.array(z.object({ counter: z.string(), served: z.number().int(), noShows: z.number().int(), handleSeconds: Seconds, pausedSeconds: z.number() })),
  byStaff: z.array(z.object({ staffId: z.string(), served: z.number().int(), noShows: z.number().int(), handleSeconds: Seconds })),
  /** Citizens' ratings of served visits (1–4, given at the kiosk from the ticket's QR). */
  ratings: z.object({ count: z.number().int(), average: z.number().nullable(), byScore: z.array(z.number().int()).length(4) }),
  /** Served tickets linked to a dossier, with their times (waiting and handling per dossier). */
  dossiers: z.array(z.object({ dossierCode: z.string(), ticket: z.string(), waitSeconds: z.number(), handleSeconds: z.number() })),
});
export type QueueStats = z.infer<typeof QueueStats>;

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

function summary(values: number[]): z.infer<typeof Seconds> {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, p50: percentile(s, 50), p90: percentile(s, 90) };
}

const secs = (a: string, b: string): number => Math.round((Date.parse(b) - Date.parse(a)) / 100) / 10;

function ratingsOf(tickets: readonly Ticket[]): QueueStats['ratings'] {
  const scores = tickets.map((t) => t.rating).filter((r): r is number => r !== null);
  const byScore = [1, 2, 3, 4].map((s) => scores.filter((r) => r === s).length);
  const average = scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null;
  return { count: scores.length, average, byScore };
}

export function queueStats(events: readonly QueueEvent[], until: number = Date.now()): QueueStats {
  const days = [...new Set(events.map((e) => e.day))].sort();
  const tickets: Ticket[] = [];
  let transfers = 0;
  const paused = new Map<string, number>();
  for (const day of days) {
    const ofDay = events.filter((e) => e.day === day).sort((a, b) => a.at.localeCompare(b.at));
    tickets.push(...foldQueue(day, ofDay).tickets);
    transfers += ofDay.filter((e) => e.type === 'ticket.transferred').length;
    const since = new Map<string, number>();
    const close = (counter: string, at: number): void => {
      const from = since.get(counter);
      if (from !== undefined) paused.set(counter, (paused.get(counter) ?? 0) + (at - from) / 1000);
      since.delete(counter);
    };
    for (const e of ofDay) {
      if (e.type === 'counter.paused' && !since.has(e.counter)) since.set(e.counter, Date.parse(e.at));
      if (e.type === 'counter.resumed') close(e.counter, Date.parse(e.at));
    }
    const dayEnd = Math.min(until, Date.parse(`${day}T17:00:00.000Z`));
    for (const counter of [...since.keys()]) close(counter, Math.max(dayEnd, since.get(counter)!));
  }
  const served = tickets.filter((t) => t.state === 'served' && t.calledAt && t.closedAt);
  const waits = tickets.filter((t) => t.firstCalledAt).map((t) => secs(t.issuedAt, t.firstCalledAt!));
  const handle = (ts: Ticket[]): number[] => ts.map((t) => secs(t.calledAt!, t.closedAt!));

  const areaHour = new Map<string, { area: string; hour: number; tickets: number }>();
  for (const t of tickets) {
    const hour = queueHour(Date.parse(t.issuedAt));
    const k = `${t.area}\u0000${hour}`;
    const row = areaHour.get(k) ?? { area: t.area, hour, tickets: 0 };
    row.tickets += 1;
    areaHour.set(k, row);
  }
  const counters = [...new Set([...tickets.map((t) => t.counter).filter((c): c is string => c !== null), ...paused.keys()])].sort();
  const skipped = tickets.filter((t) => t.state === 'skipped');
  const staff = [...new Set([...served, ...skipped].map((t) => t.staffId).filter((s): s is string => s !== null))].sort();
  return {
    days,
    tickets: tickets.length,
    served: served.length,
    noShows: tickets.filter((t) => t.state === 'skipped').length,
    waiting: tickets.filter((t) => t.state === 'waiting' || t.state === 'called').length,
    transfers,
    waitSeconds: summary(waits),
    handleSeconds: summary(handle(served)),
    byAreaHour: [...areaHour.values()].sort((a, b) => a.area.localeCompare(b.area, 'vi') || a.hour - b.hour),
    byCounter: counters.map((counter) => {
      const mine = served.filter((t) => t.counter === counter);
      return {
        counter,
        served: mine.length,
        noShows: tickets.filter((t) => t.state === 'skipped' && t.counter === counter).length,
        handleSeconds: summary(handle(mine)),
        pausedSeconds: Math.round(paused.get(counter) ?? 0),
      };
    }),
    byStaff: staff.map((staffId) => {
      const mine = served.filter((t) => t.staffId === staffId);
      return { staffId, served: mine.length, noShows: skipped.filter((t) => t.staffId === staffId).length, handleSeconds: summary(handle(mine)) };
    }),
    ratings: ratingsOf(tickets),
    dossiers: served.filter((t) => t.dossierCode).map((t) => ({
      dossierCode: t.dossierCode!, ticket: `${t.day} ${t.label}`, waitSeconds: secs(t.issuedAt, t.firstCalledAt!), handleSeconds: secs(t.calledAt!, t.closedAt!),
    })),
  };
}
