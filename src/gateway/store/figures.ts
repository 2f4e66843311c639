/**
 * The service-index figures of the province console (Decision 766/QĐ-TTg, the parts our data
 * supports) and each device's heartbeat history. The figures count dossiers received in a period
 * of Vietnamese days: from migration 9's per-agency, per-day pre-aggregate (`dossier_day_figures`,
 * kept by statement triggers on every dossier write) for what does not depend on the clock, and live over
 * the open dossiers' partial index for open and overdue. No dossier json is parsed. Status 3
 * (refused at intake) is not a received dossier; 7 and 8 (withdrawn, stopped) count as received
 * but neither on time, late nor open.
 */
import type { Db, Queryable } from '../db/types';
import type { AgencyFigures, FiguresResponse, HeartbeatPoint, HeartbeatRequest, OverdueDossier } from '../../shared/protocol';
import { daysLate } from '../../shared/dossier/overdue';

/** The instant a Vietnamese day starts (UTC+7, no daylight saving), as the ISO text dossiers keep. */
export const vietnamDayStart = (day: string): string => new Date(`${day}T00:00:00+07:00`).toISOString();
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

interface FigRow {
  agency: string; name: string | null; received: number; in_person: number; online: number; post: number;
  finished: number; on_time: number; late: number; overdue_open: number; open: number; ratings: number; rating_sum: number | null;
}

const figures = (r: Omit<FigRow, 'agency' | 'name'>): Omit<AgencyFigures, 'agency' | 'agencyName'> => {
  const n = (v: unknown): number => Number(v ?? 0);
  const onTime = n(r.on_time);
  const late = n(r.late);
  const ratings = n(r.ratings);
  return {
    received: n(r.received), byChannel: { inPerson: n(r.in_person), online: n(r.online), post: n(r.post) },
    finished: n(r.finished), onTime, late, overdueOpen: n(r.overdue_open), open: n(r.open),
    onTimeRate: onTime + late === 0 ? null : onTime / (onTime + late),
    ratings, ratingAverage: ratings === 0 ? null : n(r.rating_sum) / ratings,
  };
};

export async function readFigures(db: Db, q: { agency: string | null; from: string; to: string }, now = new Date()): Promise<FiguresResponse> {
  const from = vietnamDayStart(q.from);
  const to = vietnamDayStart(nextDay(q.to));
  const nowIso = now.toISOString();
  // The counts that do not depend on the clock come from the per-day pre-aggregate (a few rows
  // per agency and day); open and overdue are counted live over the open dossiers' partial index.
  const rows = await db.query<FigRow>(
    `with closed as (
       select agency_code, sum(received) as received, sum(in_person) as in_person, sum(online) as online, sum(post) as post,
         sum(finished) as finished, sum(on_time) as on_time, sum(late) as late, sum(ratings) as ratings, sum(rating_sum) as rating_sum
       from dossier_day_figures where day >= $1 and day <= $2 and ($5::text is null or agency_code = $5)
       group by agency_code having sum(received) > 0),
     live as (
       select agency_code, count(*) filter (where appointment_at < $6) as overdue_open, count(*) filter (where appointment_at >= $6) as open
       from dossiers where status in (1, 2, 4, 5, 6) and received_at >= $3 and received_at < $4 and ($5::text is null or agency_code = $5)
       group by agency_code)
     select coalesce(c.agency_code, l.agency_code) as agency, a.name, c.received, c.in_person, c.online, c.post, c.finished,
       c.on_time, c.late, l.overdue_open, l.open, c.ratings, c.rating_sum
     from closed c full join live l on l.agency_code = c.agency_code
     left join agencies a on a.code = coalesce(c.agency_code, l.agency_code)
     order by 1`,
    [q.from, q.to, from, to, q.agency, nowIso], 'console-figures');
  const agencies = rows.map((r) => ({ agency: r.agency, agencyName: r.name ?? r.agency, ...figures(r) }));
  const sum = (k: keyof FigRow): number => rows.reduce((s, r) => s + Number(r[k] ?? 0), 0);
  const total = figures({
    received: sum('received'), in_person: sum('in_person'), online: sum('online'), post: sum('post'), finished: sum('finished'),
    on_time: sum('on_time'), late: sum('late'), overdue_open: sum('overdue_open'), open: sum('open'), ratings: sum('ratings'), rating_sum: sum('rating_sum'),
  });
  return { from: q.from, to: q.to, agencies, total, overdue: await overdueList(db, q.agency, from, to, now), serverTime: nowIso };
}

/**
 * The open dossiers past their appointment (at most 200, the longest overdue first), each with the
 * officer who last acted on it. Never the applicant: the console shows no personal data.
 */
export async function overdueList(db: Queryable, agency: string | null, from: string, to: string, now = new Date(), limit = 200): Promise<OverdueDossier[]> {
  // The 200 first from the open dossiers' index alone; only those are read whole and joined.
  const rows = await db.query<{ code: string; agency_code: string; procedure_name: string; status: number; appointment_at: string; staff_id: string | null; staff_name: string | null }>(
    `with late as (
       select code from dossiers
       where received_at >= $1 and received_at < $2 and status in (1, 2, 4, 5, 6) and appointment_at < $3
         and ($4::text is null or agency_code = $4)
       order by appointment_at, code limit $5)
     select d.code, d.agency_code, d.data->>'procedureName' as procedure_name, d.status, d.appointment_at,
       coalesce(e.staff_id, t.staff_id) as staff_id, s.data->>'name' as staff_name
     from late join dossiers d on d.code = late.code
     left join lateral (select staff_id from dossier_events where code = d.code and staff_id is not null order by id desc limit 1) e on true
     -- A dossier with no recorded event (migrated or imported): the officer of its latest timeline step.
     left join lateral (select x.entry->>'staffId' as staff_id from json_array_elements(d.data->'timeline') with ordinality x(entry, n)
       where x.entry->>'staffId' is not null and x.entry->>'action' <> 'rate' order by x.n desc limit 1) t on e.staff_id is null
     left join staff s on s.id = coalesce(e.staff_id, t.staff_id)
     order by d.appointment_at, d.code`,
    [from, to, now.toISOString(), agency, limit]);
  return rows.map((r) => ({
    code: r.code, agency: r.agency_code, procedureName: r.procedure_name, status: Number(r.status), appointmentAt: r.appointment_at,
    daysLate: daysLate({ appointmentAt: r.appointment_at, finishedAt: null }, now.getTime()),
    staffId: r.staff_id, staffName: r.staff_name,
  }));
}

/** The figures as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Vietnamese right). */
export function figuresCsv(f: FiguresResponse, header: readonly string[], digitised: ReadonlyMap<string, { dossiers: number; digitised: number }> = new Map()): string {
  const cell = (v: unknown): string => {
    const s = v === null || v === undefined ? '' : String(v);
    // A leading = + - @ would be a formula in a spreadsheet: quote it as text.
    const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
    return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  const line = (a: Omit<AgencyFigures, 'agency' | 'agencyName'> & { agency: string; agencyName: string }): string => [
    a.agency, a.agencyName, a.received, a.byChannel.inPerson, a.byChannel.online, a.byChannel.post, a.finished, a.onTime, a.late,
    a.onTimeRate === null ? '' : (a.onTimeRate * 100).toFixed(1), a.overdueOpen, a.open, a.ratings,
    a.ratingAverage === null ? '' : a.ratingAverage.toFixed(2),
    // The digitisation scorecard's (store/files.ts), over the same received dossiers.
    digitised.get(a.agency)?.digitised ?? 0,
    (() => { const d = digitised.get(a.agency); return d && d.dossiers > 0 ? (100 * d.digitised / d.dossiers).toFixed(1) : ''; })(),
  ].map(cell).join(',');
  const lines = [header.map(cell).join(','), ...f.agencies.map(line)];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Keeps each heartbeat for the device's history chart; rows older than 7 days are dropped as new ones come. */
export async function recordHeartbeatHistory(db: Db, deviceId: string, hb: HeartbeatRequest, skewMs: number): Promise<void> {
  const scannerError = hb.scanners.some((s) => s.lastError !== null || s.state === 'error');
  await db.query(
    `with old as (delete from device_heartbeats where device_id = $1 and at < now() - interval '7 days')
     insert into device_heartbeats (device_id, pending, oldest_pending_ms, skew_ms, scanner_error) values ($1, $2, $3, $4, $5)`,
    [deviceId, hb.pending, hb.oldestPendingMs, Math.round(skewMs), scannerError]);
}

export async function heartbeatHistory(db: Queryable, deviceId: string, hours: number): Promise<HeartbeatPoint[]> {
  const rows = await db.query<{ at: Date; pending: number; oldest_pending_ms: number | null; skew_ms: number | null; scanner_error: boolean }>(
    `select at, pending, oldest_pending_ms, skew_ms, scanner_error from device_heartbeats
     where device_id = $1 and at > now() - make_interval(hours => $2) order by at limit 2000`, [deviceId, hours]);
  return rows.map((r) => ({
    at: r.at.toISOString(), pending: r.pending, oldestPendingMs: r.oldest_pending_ms === null ? null : Number(r.oldest_pending_ms),
    skewMs: r.skew_ms === null ? null : Number(r.skew_ms), scannerError: r.scanner_error,
  }));
}
