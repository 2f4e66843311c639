/**
 * What a real page's IndexedDB holds, read from Node through Playwright with the raw IndexedDB
 * API — not the app's code, so a check after a crash or a sync does not depend on the code under
 * test. Looking never creates the database, never upgrades it and closes its connection at once
 * (an open connection would block the app's next schema upgrade).
 *
 *   await countRows(page, 'dossiers');                               // 0 until it exists
 *   await readIdb(page, { outbox: { rows: 'all' }, dossiers: { rows: [code], pick: ['status'] } });
 *   await readLocal(page, [code]);                                   // outbox, leases, dossiers
 *
 * The page-side code is a plain string evaluated over DevTools: a page's CSP does not apply to it,
 * and no transpiler (tsx names inner functions with a helper the page lacks) touches it.
 */
import type { Page } from 'playwright-core';

/** The app's database name (src/renderer/db/database.ts). */
export const KIOSK_DB = 'kiosk';

/** How to read one object store: its row count, all its rows, or the rows of some primary keys
 * (null where a key has none); `pick` keeps only those fields of each row. */
export type StoreRead = 'count' | { rows: 'all' | readonly IDBValidKey[]; pick?: readonly string[] };

export type IdbRow = Record<string, unknown>;
export type StoreResult<R extends StoreRead> = R extends 'count' ? number
  : R extends { rows: 'all' } ? IdbRow[] : (IdbRow | null)[];
export type IdbSnapshot<Q extends Record<string, StoreRead>> = { [K in keyof Q]: StoreResult<Q[K]> };

const READ_IN_PAGE = `async (name, query) => {
  if (!(await indexedDB.databases()).some((d) => d.name === name)) return null;
  const db = await new Promise((resolve, reject) => {
    const r = indexedDB.open(name);
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
  try {
    const stores = Object.keys(query);
    if (!stores.every((s) => db.objectStoreNames.contains(s))) return null;
    const tx = db.transaction(stores, 'readonly');
    const ask = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
    const shape = (row, pick) => {
      if (row === undefined) return null;
      if (!pick) return row;
      const out = {};
      for (const k of pick) out[k] = row[k];
      return out;
    };
    const result = {};
    for (const s of stores) {
      const q = query[s];
      const store = tx.objectStore(s);
      if (q === 'count') result[s] = await ask(store.count());
      else if (q.rows === 'all') result[s] = (await ask(store.getAll())).map((row) => shape(row, q.pick));
      else {
        const rows = [];
        for (const key of q.rows) rows.push(shape(await ask(store.get(key)), q.pick));
        result[s] = rows;
      }
    }
    return result;
  } finally {
    db.close();
  }
}`;

/**
 * Reads several stores of the page's database in one readonly transaction (one consistent
 * moment). Null when the database, or one of the stores, does not exist yet.
 */
export async function readIdb<Q extends Record<string, StoreRead>>(page: Page, query: Q, db = KIOSK_DB): Promise<IdbSnapshot<Q> | null> {
  return page.evaluate(`(${READ_IN_PAGE})(${JSON.stringify(db)}, ${JSON.stringify(query)})`) as Promise<IdbSnapshot<Q> | null>;
}

/** Rows in one store of the page's database; 0 while the database or the store does not exist. */
export async function countRows(page: Page, store: string, db = KIOSK_DB): Promise<number> {
  return (await readIdb(page, { [store]: 'count' as const }, db))?.[store] ?? 0;
}

export interface LocalRow { id: string; type: string; state: string; dossierCode: string | null }
export interface LocalState {
  outbox: LocalRow[];
  dossiers: Record<string, { status: number; pendingOps: number }>;
  leases: { day: string; first: number; last: number; next: number }[];
}

/**
 * The kiosk's own record of its work: every outbox mutation, every code lease, and the dossiers
 * of `codes` that it holds. Null when the database is missing.
 */
export async function readLocal(page: Page, codes: string[] = []): Promise<LocalState | null> {
  const r = await readIdb(page, {
    outbox: { rows: 'all', pick: ['id', 'type', 'state', 'dossierCode'] },
    leases: { rows: 'all', pick: ['day', 'first', 'last', 'next'] },
    dossiers: { rows: codes, pick: ['status', 'pendingOps'] },
  });
  if (!r) return null;
  const dossiers: LocalState['dossiers'] = {};
  codes.forEach((code, i) => {
    const d = r.dossiers[i];
    if (d) dossiers[code] = d as LocalState['dossiers'][string];
  });
  return { outbox: r.outbox as unknown as LocalRow[], dossiers, leases: r.leases as unknown as LocalState['leases'] };
}
