/**
 * What a device keeps depends on the kind it is enrolled as (docs/SECURITY.md §3): a kiosk-kind
 * device (the citizen screen in a public room) holds dossiers only as their citizen-safe
 * projection and no staff records. A counter enrolled again as a kiosk would otherwise keep what
 * it held as a counter — applicants' full records, officers' PIN verifiers and sealed signing
 * keys — on the public screen. (Schema 3's upgrade did the same for kiosks of that day; migrations
 * are never edited, so this is its own function.)
 */
import { toCitizenView } from '../../shared/dossier/citizen-view';
import type { DeviceIdentity } from '../../shared/protocol';
import type { KioskDb } from './database';

/** Officers' work this device has not delivered yet: what a kiosk could never send (the gateway
 * refuses staff actions from one), so enrolling as a kiosk waits until it is gone. */
export async function undeliveredStaffWork(db: KioskDb): Promise<number> {
  return db.outbox.where('state').equals('pending').filter((row) => row.staffId !== null).count();
}

/**
 * For a device now enrolled as a kiosk: every full dossier without local work becomes its
 * citizen-safe projection, and the staff records and officers' sealed keys go, in one
 * transaction. Dossiers with local work stay as they are (nothing undelivered is dropped).
 */
export async function keepOnlyWhatAKioskMayHold(db: KioskDb, identity: DeviceIdentity): Promise<{ projected: number; staff: number }> {
  if (identity.kind !== 'kiosk') return { projected: 0, staff: 0 };
  return db.transaction('rw', [db.dossiers, db.citizenDossiers, db.staff, db.staffKeys, db.audit], async () => {
    const rows = await db.dossiers.filter((row) => row.pendingOps === 0).toArray();
    await db.citizenDossiers.bulkPut(rows.map((row) => ({
      ...toCitizenView(row, identity.agency.name),
      ...(row.pulledEpoch !== undefined ? { pulledEpoch: row.pulledEpoch } : {}),
    })));
    await db.dossiers.bulkDelete(rows.map((row) => row.code));
    const staff = await db.staff.count();
    await db.staff.clear();
    await db.staffKeys.clear();
    await db.audit.add({ at: Date.now(), kind: 'sync', action: 'device.kiosk', detail: `projected ${rows.length}; staff ${staff}` });
    return { projected: rows.length, staff };
  });
}
