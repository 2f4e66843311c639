/**
 * Retention (docs/RELIABILITY.md item 12): months of dossiers and scan logs must not fill the disk, and nothing
 * the gateway has not confirmed may ever be purged. Rules:
 * - outbox rows: only `done` / `dismissed` ones older than `outboxDays` (they are also what a
 *   restored gateway gets replayed, so keep them a while);
 * - dossiers (and a kiosk-kind device's citizen views): only final ones (returned, refused,
 *   withdrawn, stopped: `isFinalStatus`) untouched for `dossierDays`, with no outbox row still
 *   pending or waiting for staff;
 * - audit: entries older than `auditDays` whose mutation (if any) is no longer pending;
 * - digitised files: the Blob only, `fileDays` after the gateway confirmed the file and every
 *   attachment naming it (never a file still waiting).
 */
import { isFinalStatus } from '../../shared/domain/status';
import type { KioskDb } from './database';
import { evictConfirmedFiles, FILE_EVICTION_DAYS } from './files';

export interface RetentionPolicy {
  outboxDays: number;
  dossierDays: number;
  auditDays: number;
  /** Digitised files' Blobs: dropped this long after the gateway confirmed the file and every
   * attachment naming it (db/files.ts `evictConfirmedFiles`; default FILE_EVICTION_DAYS). */
  fileDays?: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { outboxDays: 30, dossierDays: 180, auditDays: 90, fileDays: FILE_EVICTION_DAYS };

const DAY = 86_400_000;

export interface RetentionReport {
  outbox: number;
  dossiers: number;
  audit: number;
}

export async function applyRetention(db: KioskDb, policy: RetentionPolicy = DEFAULT_RETENTION, now = Date.now()): Promise<RetentionReport> {
  await evictConfirmedFiles(db, (policy.fileDays ?? FILE_EVICTION_DAYS) * DAY, now);
  return db.transaction('rw', [db.outbox, db.dossiers, db.citizenDossiers, db.audit], async () => {
    const outboxCutoff = now - policy.outboxDays * DAY;
    const oldDone = await db.outbox.where('state').anyOf('done', 'dismissed')
      .filter((r) => r.doneAt !== null && r.doneAt < outboxCutoff).primaryKeys();
    await db.outbox.bulkDelete(oldDone);

    const busy = new Set<string>();
    const unsettled = new Set<string>();
    await db.outbox.where('state').anyOf('pending', 'rejected', 'conflict').each((r) => {
      if (r.dossierCode) busy.add(r.dossierCode);
      unsettled.add(r.id);
    });

    const dossierCutoff = new Date(now - policy.dossierDays * DAY).toISOString();
    const oldDossiers = await db.dossiers.where('updatedAt').below(dossierCutoff)
      .filter((d) => d.pendingOps === 0 && isFinalStatus(d.status) && !busy.has(d.code)).primaryKeys();
    await db.dossiers.bulkDelete(oldDossiers);
    // A kiosk-kind device's citizen views follow the same rule (they carry no pending work).
    const oldViews = await db.citizenDossiers.where('updatedAt').below(dossierCutoff)
      .filter((d) => isFinalStatus(d.status) && !busy.has(d.code)).primaryKeys();
    await db.citizenDossiers.bulkDelete(oldViews);

    const oldAudit = await db.audit.where('at').below(now - policy.auditDays * DAY)
      .filter((a) => !a.mutationId || !unsettled.has(a.mutationId)).primaryKeys();
    await db.audit.bulkDelete(oldAudit);
    return { outbox: oldDone.length, dossiers: oldDossiers.length + oldViews.length, audit: oldAudit.length };
  });
}
