/**
 * Schema 2: outbox rows name the dossier they touch (`dossierCode`, indexed) and count their
 * attempts, so a rebase finds a dossier's pending mutations without scanning the queue.
 * Schema-1 rows still queued at upgrade time (docs/RELIABILITY.md item 11) are rewritten here: the dossier code
 * comes from the payload, and schema 1's `body` field is renamed `payload` (the wire name).
 */
import type { Migration } from './types';

interface OutboxV1 {
  body?: { code?: unknown } & Record<string, unknown>;
  payload?: { code?: unknown } & Record<string, unknown>;
  dossierCode?: string | null;
  attempts?: number;
  schema?: number;
}

export const migration0002: Migration = {
  version: 2,
  stores: {
    outbox: '++seq, &id, state, dossierCode',
  },
  async upgrade(tx) {
    await tx.table('outbox').toCollection().modify((row: OutboxV1) => {
      if (row.payload === undefined && row.body !== undefined) {
        row.payload = row.body;
        delete row.body;
      }
      const code = row.payload?.code;
      row.dossierCode = typeof code === 'string' ? code : null;
      row.attempts ??= 0;
      row.schema = 2;
    });
  },
};
