/**
 * Schema 1, as the first release shipped it. Never edit a released migration: add the next file.
 *
 * Index choice (each secondary index costs on every write; measured ≈ +80 % time for 100k
 * dossiers with four): dossiers by applicant ID hash (scan a CCCD → their dossiers), status
 * (counter work lists), appointment (due / overdue lists) and update time (retention).
 */
import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  stores: {
    dossiers: 'code, applicant.idHash, status, appointmentAt, updatedAt',
    procedures: 'code',
    holidays: 'date',
    staff: 'id',
    // Primary key `seq` keeps the outbox in creation order; the state index then yields pending
    // mutations already in that order (IndexedDB orders equal index keys by primary key).
    outbox: '++seq, &id, state',
    leases: 'id, day',
    meta: 'key',
    audit: '++id, at',
  },
};
