import type { Transaction } from 'dexie';

/** One numbered schema step (Signal-style: a list, never edited after release). */
export interface Migration {
  version: number;
  /** Dexie store specs of the tables this version adds or changes (`null` deletes a table). */
  stores: Record<string, string | null>;
  /** Rewrites rows of the previous shape; runs inside the versionchange transaction. */
  upgrade?: (tx: Transaction) => Promise<void>;
}
