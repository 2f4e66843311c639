/**
 * How a pending mutation shows in the local cache before the gateway confirms it, and the rebase
 * that recomputes a dossier as "server state + this device's pending mutations, in order" whenever
 * the server's state arrives (pull, push result, conflict). Once nothing is pending the row is
 * exactly the server's state, so the kiosk never keeps a divergent copy.
 */
import type { DeviceIdentity, Dossier, Procedure } from '../../shared/protocol';
import { applyMutation, isDossierMutation, type EngineContext, type EngineInput } from '../../shared/dossier';
import { META, type DossierRow, type KioskDb, type OutboxRow } from './database';

/**
 * Applies one pending mutation as the gateway will (the shared engine), at the time it was made.
 * A mutation the engine refuses on this state (the server moved on) leaves the dossier as it is:
 * the gateway will answer it with the same conflict or rejection, shown to staff then.
 */
export function applyPending(d: Dossier | null, m: Pick<OutboxRow, 'type' | 'payload' | 'at' | 'staffId'>, ctx: Omit<EngineContext, 'now'>): Dossier | null {
  if (!isDossierMutation(m)) return d;
  const r = applyMutation(d, m as EngineInput, { ...ctx, now: m.at });
  return r.ok ? r.dossier : d;
}

/** Outbox rows still pending for a dossier, in queue order. Call inside a transaction on outbox. */
export async function pendingFor(db: KioskDb, code: string): Promise<OutboxRow[]> {
  const rows = await db.outbox.where('dossierCode').equals(code).toArray();
  return rows.filter((r) => r.state === 'pending').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/**
 * Recomputes one dossier row. `server` = the gateway's state (null: keep the current base).
 * Must run inside a rw transaction over dossiers, outbox, procedures and meta (the device identity).
 * A row that exists only because of a create the gateway never accepted, with nothing pending,
 * is removed: the rejected mutation itself stays visible in the outbox (with its payload).
 */
export async function rebase(db: KioskDb, code: string, server: Dossier | null, epoch?: number): Promise<void> {
  await rebaseMany(db, new Map([[code, server]]), epoch);
}

/** `rebase` for many dossiers at once: three bulk operations instead of three per dossier. */
export async function rebaseMany(db: KioskDb, servers: Map<string, Dossier | null>, epoch?: number): Promise<void> {
  const codes = [...servers.keys()];
  if (codes.length === 0) return;
  const identity = await db.getMeta<DeviceIdentity>(META.identity);
  // A kiosk-kind device keeps no full dossier, even if an answer carried one (a gateway of an
  // older version did, with a rating's result): what such a row held is removed.
  if (identity?.kind === 'kiosk') {
    await db.dossiers.bulkDelete(codes);
    return;
  }
  const currents = await db.dossiers.bulkGet(codes);
  // One equality query per code: `anyOf` walks a cursor, which costs far more in IndexedDB
  // implementations without a native skip (fake-indexeddb: 7 s for 100 codes in a 10k queue).
  const pendingByCode = new Map<string, OutboxRow[]>();
  const lists = await Promise.all(codes.map((c) => db.outbox.where('dossierCode').equals(c).toArray()));
  for (const [i, list] of lists.entries()) {
    const pending = list.filter((r) => r.state === 'pending').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    if (pending.length) pendingByCode.set(codes[i]!, pending);
  }
  const puts: DossierRow[] = [];
  const deletes: string[] = [];
  const procedures = new Map<string, Procedure | undefined>();
  const creates = [...pendingByCode.values()].flat().flatMap((m) => (m.type === 'dossier.create' ? [(m.payload as { procedureCode: string }).procedureCode] : []));
  for (const [i, p] of (await db.procedures.bulkGet(creates)).entries()) procedures.set(creates[i]!, p);
  const engine = {
    deviceId: identity?.deviceId ?? null,
    agencyCode: identity?.agency.code ?? '',
    procedure: (c: string) => procedures.get(c),
  };
  for (const [i, code] of codes.entries()) {
    const current = currents[i];
    const pending = pendingByCode.get(code) ?? [];
    const server = servers.get(code) ?? null;
    const known = current ? serverStateOf(current) : null;
    // A page pulled from an older cursor may carry an older version than a push result just gave.
    const base = server && (!known || server.version >= known.version) ? server : known;
    let local: Dossier | null = base;
    for (const m of pending) local = applyPending(local, m, engine);
    if (!local) {
      if (current) deletes.push(code);
      continue;
    }
    const row: DossierRow = { ...local, pendingOps: pending.length };
    if (pending.length > 0) row.base = base;
    const e = epoch ?? current?.pulledEpoch;
    if (e !== undefined) row.pulledEpoch = e;
    puts.push(row);
  }
  if (puts.length) await db.dossiers.bulkPut(puts);
  if (deletes.length) await db.dossiers.bulkDelete(deletes);
}

/** The gateway's last known state of a row (null: only a local, unconfirmed intake). */
export function serverStateOf(row: DossierRow): Dossier | null {
  if (row.pendingOps > 0) return row.base ?? null;
  const { pendingOps: _p, pulledEpoch: _e, base: _b, ...d } = row;
  return d;
}
