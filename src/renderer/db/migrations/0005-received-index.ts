/**
 * Schema 5: dossiers indexed by `receivedAt` (an ISO instant in UTC, the protocol's `IsoTime`, so
 * its text sorts as time does). The register book (mẫu 07, counter/Register.tsx) reads one period
 * through it instead of every dossier the counter holds (a commune's cache is 100,000). Dexie
 * builds the index from the rows already there; nothing to rewrite.
 */
import type { Migration } from './types';

export const migration0005: Migration = {
  version: 5,
  stores: {
    dossiers: 'code, applicant.idHash, status, appointmentAt, updatedAt, receivedAt',
  },
};
