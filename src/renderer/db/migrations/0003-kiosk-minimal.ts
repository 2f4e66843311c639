/**
 * Schema 3: least privilege per device. Adds `citizenDossiers` (the citizen-safe projection of
 * dossiers, `toCitizenView`, all a kiosk-kind device may hold) and `staffKeys` (officers' signing
 * keys, sealed by the host, on a counter-kind device).
 *
 * On a kiosk-kind device (the citizen screen in a public room) the upgrade replaces every full
 * dossier by its projection and deletes the staff records (PIN verifiers included): data the
 * screen never showed is no longer kept. The outbox is not touched (ratings waiting to be sent).
 * A counter-kind device keeps its tables as they are.
 */
import type { DeviceIdentity, Dossier } from '../../../shared/protocol';
import { toCitizenView } from '../../../shared/dossier/citizen-view';
import type { Migration } from './types';

interface DossierV2 extends Dossier {
  pendingOps?: number;
  pulledEpoch?: number;
  base?: Dossier | null;
}

export const migration0003: Migration = {
  version: 3,
  stores: {
    citizenDossiers: 'code, updatedAt',
    staffKeys: 'staffId',
  },
  async upgrade(tx) {
    const identity = (await tx.table('meta').get('identity') as { value?: DeviceIdentity } | undefined)?.value;
    if (identity?.kind !== 'kiosk') return;
    const rows = await tx.table('dossiers').toArray() as DossierV2[];
    await tx.table('citizenDossiers').bulkPut(rows.map((row) => ({
      ...toCitizenView(row, identity.agency.name),
      ...(row.pulledEpoch !== undefined ? { pulledEpoch: row.pulledEpoch } : {}),
    })));
    await tx.table('dossiers').clear();
    await tx.table('staff').clear();
  },
};
