/**
 * Counter rules that are not the domain's but the screen's: which of the status machine's moves
 * the counter offers (the others belong to the back office), and the working-day calendar built
 * from the official schedule the gateway sends (db.holidays), falling back to the domain's
 * computed default for years the gateway has not covered.
 */
import { canTransition, DossierStatus, formatIsoDate, isValidCivilDate, officialCalendar, type HolidayCalendar, type OfficialSchedule } from '../../shared/domain';
import type { Dossier, Holiday } from '../../shared/protocol';
import type { FormId } from '../../shared/forms';
import { stepRefusal, transitionStep } from '../../shared/dossier';

export type StatusAction = 'handBack' | 'supplementReceived' | 'paymentDone' | 'requestSupplement' | 'stop' | 'withdraw';

/**
 * The counter's moves: 9 → 10 result handed back, 5 → 4 supplement received, 6 → 4 financial
 * obligations met (the fees on the dossier all paid at the counter, or paid where the notice
 * said — a tax office, the treasury — when it lists none), → 5 supplements
 * requested (form 02), → 8 processing stopped (form 05), → 7 withdrawal. `reason`: the officer
 * must say why (it is printed on the form); `form`: the form the move is told to the applicant on.
 */
export const STATUS_ACTIONS: Record<StatusAction, { from: readonly number[] | 'any'; to: number; reason?: true; form?: FormId }> = {
  handBack: { from: [DossierStatus.Done], to: DossierStatus.Returned },
  supplementReceived: { from: [DossierStatus.SupplementRequested], to: DossierStatus.Processing },
  paymentDone: { from: [DossierStatus.PaymentRequested], to: DossierStatus.Processing },
  requestSupplement: { from: 'any', to: DossierStatus.SupplementRequested, reason: true, form: '02' },
  stop: { from: 'any', to: DossierStatus.Stopped, reason: true, form: '05' },
  withdraw: { from: 'any', to: DossierStatus.Withdrawn },
};

/**
 * The moves offered on this dossier; with `agency` (this counter's), only those that agency may
 * take (boundary-free intake: processing at the competent agency, hand-back at either).
 */
export function offeredActions(d: Pick<Dossier, 'status'> & Partial<Pick<Dossier, 'agencyCode' | 'competentAgencyCode' | 'fees'>>, agency?: string): StatusAction[] {
  return (Object.keys(STATUS_ACTIONS) as StatusAction[]).filter((a) => {
    const rule = STATUS_ACTIONS[a];
    if (!((rule.from === 'any' || rule.from.includes(d.status)) && canTransition(d.status, rule.to))) return false;
    // Obligations are met when nothing on the dossier is left to pay (take the fees first).
    if (a === 'paymentDone' && (d.fees ?? []).some((f) => !f.paid)) return false;
    return agency === undefined || d.agencyCode === undefined
      || stepRefusal({ agencyCode: d.agencyCode, competentAgencyCode: d.competentAgencyCode ?? null }, agency, transitionStep(d.status, rule.to)) === null;
  });
}

/** Unpaid fees can be marked paid unless the dossier is closed (withdrawn, refused, stopped). */
export function canTakeFees(d: Pick<Dossier, 'status' | 'fees'>): boolean {
  return d.fees.some((f) => !f.paid) && ![DossierStatus.Refused, DossierStatus.Withdrawn, DossierStatus.Stopped].includes(d.status as 3 | 7 | 8);
}

export function holidayCalendar(rows: readonly Holiday[]): HolidayCalendar {
  const years = new Map<number, { holidays: string[]; workdays: string[] }>();
  for (const h of rows) {
    const y = Number(h.date.slice(0, 4));
    const entry = years.get(y) ?? { holidays: [], workdays: [] };
    (h.kind === 'off' ? entry.holidays : entry.workdays).push(h.date);
    years.set(y, entry);
  }
  const schedules: OfficialSchedule[] = [...years].map(([year, e]) => ({ year, ...e }));
  return officialCalendar(schedules);
}

/**
 * The birth date as stored (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`: a card may carry the year alone)
 * from what the officer sees and types: day first as Vietnamese write it (`17/05/1990`, `05/1990`,
 * `1990`; `-` or `.` between the parts too), or the stored shape itself. Null when it is neither,
 * not a day of the calendar, outside the card's years (1900–2100), or after `today` (ISO day) when given.
 */
export function birthDateOrNull(s: string, today?: string): string | null {
  const value = birthDateValue(s);
  // Not born yet: a day (or month, or year) after `today`, compared at the date's own precision.
  return value !== null && today !== undefined && value > today.slice(0, value.length) ? null : value;
}

function birthDateValue(s: string): string | null {
  const text = s.trim();
  const iso = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text);
  const vn = /^(?:(?:(\d{1,2})[/.-])?(\d{1,2})[/.-])?(\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1]!, iso[2], iso[3]] : vn ? [vn[3]!, vn[2], vn[1]] : [null, undefined, undefined];
  // The card's own rule (shared/cccd): years 1900–2100.
  if (y === null || Number(y) < 1900 || Number(y) > 2100) return null;
  if (m === undefined) return y;
  if (d === undefined) return isValidCivilDate(Number(y), Number(m), 1) ? formatIsoDate(Number(y), Number(m), 1).slice(0, 7) : null;
  return isValidCivilDate(Number(y), Number(m), Number(d)) ? formatIsoDate(Number(y), Number(m), Number(d)) : null;
}

/** A stored birth date as Vietnamese write it: `17/05/1990`, `05/1990` or `1990`. */
export function birthDateText(stored: string | null): string {
  if (stored === null) return '';
  return stored.split('-').reverse().join('/');
}
