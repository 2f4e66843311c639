/**
 * The renderer's side of the host journal (docs/ARCHITECTURE.md, "Host-side journal and storage
 * recovery"): after an action's IndexedDB transaction commits, its mutation is handed to the host
 * (`journal.append`, on disk when it answers) before the UI confirms; at start the journal is
 * reconciled with the outbox and the gateway.
 */
import type { CallInput, CallName, CallOutput, JournalMutation } from '../../shared/bridge/contract';
import { MutationStatusResponse } from '../../shared/protocol/mutations';
import { PATHS } from '../../shared/protocol/version';
import { rebase } from './apply';
import type { KioskDb, OutboxRow } from './database';
import { delivered } from './outbox';
import { withDeadline } from './storage';

/** How long an action waits for the host journal before it confirms without it. */
export const JOURNAL_DEADLINE_MS = 5_000;

/** What this module needs of the bridge (`window.kiosk`). */
export interface JournalBridge {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
}

const attached = new WeakMap<KioskDb, JournalBridge>();

/** Journals this database's confirmed actions through the host (counter windows). */
export function attachJournal(db: KioskDb, kiosk: JournalBridge): void {
  attached.set(db, kiosk);
}

/** What the journal keeps of an outbox row: the copy without the raw ID number and its signature. */
export function journalEntry(row: OutboxRow): JournalMutation {
  const d = delivered(row);
  return {
    id: row.id, type: row.type, at: row.at, staffId: row.staffId, dossierCode: row.dossierCode, payload: d.payload,
    ...(d.sig ? { sig: d.sig } : {}),
  };
}

/**
 * Hands committed rows to the host journal; resolves once they are on disk. A host that cannot
 * journal (an older host, a full disk) does not undo or block the action: it is committed in
 * IndexedDB and syncs from there as before; the failure is counted. A host that does not answer
 * within JOURNAL_DEADLINE_MS counts as failed (the counter must not hang on it).
 */
export async function journalRows(db: KioskDb, rows: OutboxRow[]): Promise<void> {
  const kiosk = attached.get(db);
  if (!kiosk || rows.length === 0) return;
  try {
    await withDeadline(kiosk.call('journal.append', { mutations: rows.map(journalEntry) }), JOURNAL_DEADLINE_MS);
  } catch (err) {
    journalFailures++;
    console.warn('journal append failed', (err as { code?: string }).code ?? (err instanceof Error ? err.name : 'error'));
  }
}

let journalFailures = 0;
export function journalFailureCount(): number {
  return journalFailures;
}

export interface ReconcileResult {
  /** Journaled mutations re-queued into the outbox (neither it nor the gateway had them). */
  requeued: number;
  /** Acknowledged to the journal (the gateway knows them). */
  acknowledged: number;
  /** Still pending in the outbox: the sync sends them. */
  inOutbox: number;
}

type Ask = (ids: string[]) => Promise<MutationStatusResponse>;

/** Asks the gateway, through the host, what it knows of this device's mutation ids. */
export function askGateway(kiosk: JournalBridge): Ask {
  return async (ids) => {
    const r = await kiosk.call('gateway.request', { method: 'POST', path: PATHS.mutationStatus, body: { ids } });
    if (r.status !== 200) throw new Error(`mutation status: HTTP ${r.status}`);
    return MutationStatusResponse.parse(r.body);
  };
}

/**
 * Reconciles the journal (at start, and after a storage recovery): mutations the outbox holds are
 * left to the sync (acknowledged if the outbox already has an answer); the others are asked of the
 * gateway; those it knows are acknowledged, the rest re-queued into the outbox in journal order,
 * each in a transaction that first checks the outbox again, so a mutation is queued once however
 * often this runs. Throws when the gateway cannot be asked (the caller tries again later).
 */
export async function reconcileJournal(db: KioskDb, kiosk: JournalBridge, ask: Ask = askGateway(kiosk)): Promise<ReconcileResult> {
  const { mutations } = await kiosk.call('journal.pending', {});
  const result: ReconcileResult = { requeued: 0, acknowledged: 0, inOutbox: 0 };
  if (mutations.length === 0) return result;
  const rows = await db.outbox.where('id').anyOf(mutations.map((m) => m.id)).toArray();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const answered: string[] = [];
  const unknownHere: JournalMutation[] = [];
  for (const m of mutations) {
    const row = byId.get(m.id);
    if (!row) unknownHere.push(m);
    else if (row.state === 'pending') result.inOutbox++;
    else answered.push(m.id);
  }
  const known = new Set<string>();
  for (let i = 0; i < unknownHere.length; i += 1000) {
    const { items } = await ask(unknownHere.slice(i, i + 1000).map((m) => m.id));
    for (const it of items) if (it.known) known.add(it.id);
  }
  for (const m of unknownHere) {
    if (known.has(m.id)) { answered.push(m.id); continue; }
    const queued = await db.transaction('rw', [db.dossiers, db.outbox, db.procedures, db.meta, db.audit, db.leases], async () => {
      if (await db.outbox.where('id').equals(m.id).count()) return false;
      await db.outbox.add({
        id: m.id, type: m.type as OutboxRow['type'], at: m.at, staffId: m.staffId, payload: m.payload, dossierCode: m.dossierCode,
        ...(m.sig ? { sig: m.sig } : {}),
        state: 'pending', createdAt: Date.now(), attempts: 0, lastAttemptAt: null, outcome: null, doneAt: null, schema: 3,
      });
      if (m.dossierCode) await rebase(db, m.dossierCode, null);
      await db.audit.add({ at: Date.now(), kind: 'action', action: 'journal.requeue', code: m.dossierCode, mutationId: m.id, staffId: m.staffId });
      return true;
    });
    if (queued) result.requeued++;
  }
  if (result.requeued > 0) db.notifyQueued();
  for (let i = 0; i < answered.length; i += 1000) {
    result.acknowledged += (await kiosk.call('journal.ack', { ids: answered.slice(i, i + 1000) })).acked;
  }
  return result;
}

/**
 * Reconciles now, and again until it once succeeds (the gateway may be out of reach at start),
 * then once an hour so the journal's acknowledgements (and so its pruning) follow the gateway.
 */
export function startJournal(db: KioskDb, kiosk: JournalBridge, opts: {
  retryMs?: number; everyMs?: number; onResult?(r: ReconcileResult): void;
  /** Waited for before the first reconciliation (the first pull, so re-queued dossiers rebase on the catalog). */
  before?: () => Promise<unknown>;
} = {}): () => void {
  attachJournal(db, kiosk);
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let first = true;
  const run = async (): Promise<void> => {
    let next = opts.everyMs ?? 3600_000;
    try {
      if (first && opts.before) await opts.before().catch(() => undefined);
      first = false;
      opts.onResult?.(await reconcileJournal(db, kiosk));
    } catch {
      next = opts.retryMs ?? 15_000;
    }
    if (!stopped) timer = setTimeout(() => void run(), next);
  };
  void run();
  return () => { stopped = true; if (timer) clearTimeout(timer); };
}
