/**
 * Schema 4: digitised documents (docs/SYNC-PROTOCOL.md §13). `files` keeps each file once, by its
 * SHA-256, as a Blob with its chunk hashes and the chunks the gateway acknowledged; `attachments`
 * is the file lane's outbox: each row announces one file attached to one dossier component, and
 * is written in the same transaction as the file it names (db/files.ts). Nothing to rewrite.
 */
import type { Migration } from './types';

export const migration0004: Migration = {
  version: 4,
  stores: {
    files: 'sha256, state',
    attachments: 'id, dossierCode, state, sha256, createdAt',
  },
};
