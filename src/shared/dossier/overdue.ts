/**
 * Overdue is derived, never a status: a dossier is late when its result was (or still is not)
 * ready after the appointment. Days late count Vietnamese calendar days past the appointment's day.
 */
import type { Dossier } from '../protocol';
import { isOverdue, toEpochMs } from '../domain/status';
import { vietnamDayAndTime } from '../domain/dates';

export function isDossierOverdue(d: Pick<Dossier, 'appointmentAt' | 'finishedAt'>, now: number): boolean {
  return isOverdue({ appointment: d.appointmentAt, finishedAt: d.finishedAt }, now);
}

/** Calendar days between the appointment's day and the finish (or `now`) in Vietnam; 0 when on time. */
export function daysLate(d: Pick<Dossier, 'appointmentAt' | 'finishedAt'>, now: number): number {
  if (!isDossierOverdue(d, now)) return 0;
  const end = toEpochMs(d.finishedAt) ?? now;
  const appointment = toEpochMs(d.appointmentAt) ?? end;
  return Math.max(1, vietnamDayAndTime(end).day - vietnamDayAndTime(appointment).day);
}
