/**
 * Today's work at the counter, from the dossiers this device holds: what falls due today, what is
 * overdue (with days late), what is ready to hand back, what waits for the applicant's documents,
 * and what still owes fees. One read of the open and ready dossiers (the `status` index; the
 * finished history, most of a commune's cache, is never scanned), partitioned here.
 */
import { DossierStatus, vietnamDayAndTime } from '../../shared/domain';
import { daysLate, isDossierOverdue } from '../../shared/dossier';
import type { DossierRow, KioskDb } from '../db/database';

/** Being handled: not yet settled, not closed. */
export const OPEN_STATUSES = [DossierStatus.Accepted, DossierStatus.Processing, DossierStatus.SupplementRequested, DossierStatus.PaymentRequested] as const;

export const WORKLIST_TABS = ['due', 'overdue', 'ready', 'supplements', 'unpaid'] as const;
export type WorklistTab = (typeof WORKLIST_TABS)[number];

export interface WorkItem { row: DossierRow; daysLate: number }
export type Worklist = Record<WorklistTab, WorkItem[]>;

export function partition(rows: readonly DossierRow[], now: number): Worklist {
  const today = vietnamDayAndTime(now).day;
  const out: Worklist = { due: [], overdue: [], ready: [], supplements: [], unpaid: [] };
  for (const row of rows) {
    const item: WorkItem = { row, daysLate: daysLate(row, now) };
    const open = (OPEN_STATUSES as readonly number[]).includes(row.status);
    if (open) {
      if (isDossierOverdue(row, now)) out.overdue.push(item);
      else if (vietnamDayAndTime(Date.parse(row.appointmentAt)).day === today) out.due.push(item);
    }
    if (row.status === DossierStatus.Done) out.ready.push(item);
    if (row.status === DossierStatus.SupplementRequested) out.supplements.push(item);
    if ((open || row.status === DossierStatus.Done) && row.fees.some((f) => !f.paid)) out.unpaid.push(item);
  }
  return out;
}

export async function loadWorklist(db: KioskDb, now: number): Promise<Worklist> {
  const rows = await db.dossiers.where('status').anyOf([...OPEN_STATUSES, DossierStatus.Done]).toArray();
  return partition(rows, now);
}
