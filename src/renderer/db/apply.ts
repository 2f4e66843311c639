/**
 * How a pending mutation shows in the local cache before the gateway confirms it, and the rebase
 * that recomputes a dossier as "server state + this device's pending mutations, in order" whenever
 * the server's state arrives (pull, push result, conflict). Once nothing is pending the row is
 * exactly the server's state, so the kiosk never keeps a divergent copy.
 */
import type { Dossier, DossierCreate, DossierPayFee, DossierRate, DossierTransition } from '../../shared/protocol';
import type { DossierRow, KioskDb, OutboxRow } from './database';

/** The row an intake creates before the gateway has it (version 0 = never confirmed). */
export function dossierFromCreate(p: DossierCreate, m: Pick<OutboxRow, 'at' | 'staffId'>, extra: { agencyCode: string; procedureName: string }): Dossier {
  const { citizenId: _never, ...applicant } = p.applicant;
  return {
    code: p.code,
    agencyCode: extra.agencyCode,
    procedureCode: p.procedureCode,
    procedureName: extra.procedureName,
    applicant,
    channel: p.channel,
    status: p.status,
    documents: p.documents,
    receivedAt: p.receivedAt,
    appointmentAt: p.appointmentAt,
    finishedAt: null,
    returnedAt: null,
    fees: p.fees,
    supplements: [],
    rating: null,
    timeline: [{ at: m.at, action: 'create', status: p.status, deviceId: null, staffId: m.staffId, note: p.note }],
    updatedAt: m.at,
    version: 0,
  };
}

/** Applies one pending mutation to a dossier (a pure function; `version` stays the server's). */
export function applyLocal(d: Dossier, m: Pick<OutboxRow, 'type' | 'payload' | 'at' | 'staffId'>): Dossier {
  switch (m.type) {
    case 'dossier.transition': {
      const p = m.payload as DossierTransition;
      return {
        ...d,
        status: p.to,
        finishedAt: p.to === 9 ? m.at : d.finishedAt,
        returnedAt: p.to === 10 ? m.at : d.returnedAt,
        supplements: p.to === 5
          ? [...d.supplements, ...(p.supplements ?? []).map((s) => ({ name: s.name, note: s.note ?? null, requestedAt: m.at }))]
          : d.supplements,
        timeline: [...d.timeline, { at: m.at, action: 'transition', status: p.to, deviceId: null, staffId: m.staffId, note: p.note ?? null }],
        updatedAt: m.at,
      };
    }
    case 'dossier.payFee': {
      const p = m.payload as DossierPayFee;
      return {
        ...d,
        fees: d.fees.map((f) => (f.id === p.feeId ? { ...f, paid: true, paidAt: m.at, method: p.method, reference: p.reference ?? null } : f)),
        timeline: [...d.timeline, { at: m.at, action: 'payFee', status: null, deviceId: null, staffId: m.staffId, note: null }],
        updatedAt: m.at,
      };
    }
    case 'dossier.rate': {
      const p = m.payload as DossierRate;
      return { ...d, rating: { score: p.score, at: m.at }, updatedAt: m.at };
    }
    default:
      return d;
  }
}

/** Outbox rows still pending for a dossier, in queue order. Call inside a transaction on outbox. */
export async function pendingFor(db: KioskDb, code: string): Promise<OutboxRow[]> {
  const rows = await db.outbox.where('dossierCode').equals(code).toArray();
  return rows.filter((r) => r.state === 'pending').sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
}

/**
 * Recomputes one dossier row. `server` = the gateway's state (null: keep the current base).
 * Must run inside a rw transaction over dossiers + outbox (+ procedures for a local create).
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
  for (const [i, code] of codes.entries()) {
    const current = currents[i];
    const pending = pendingByCode.get(code) ?? [];
    const server = servers.get(code) ?? null;
    const known = current ? serverStateOf(current) : null;
    // A page pulled from an older cursor may carry an older version than a push result just gave.
    const base = server && (!known || server.version >= known.version) ? server : known;
    let local: Dossier | null = base;
    for (const m of pending) {
      if (m.type === 'dossier.create') {
        if (!local) {
          const p = m.payload as DossierCreate;
          const procedure = await db.procedures.get(p.procedureCode);
          local = dossierFromCreate(p, m, { agencyCode: p.code.split('-')[0] ?? '', procedureName: procedure?.name ?? '' });
        }
      } else if (local) {
        local = applyLocal(local, m);
      }
    }
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
