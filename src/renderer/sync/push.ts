/**
 * Pushing the outbox: batches of ≤ 100 in queue order; each result settles its own
 * mutation — applied / duplicate → done; conflict → local state rebased on the server's, the
 * conflict kept for staff; rejected → "needs attention", never dropped, never blocking the rest.
 * A batch whose answer was lost is simply sent again: the gateway answers `duplicate` with the
 * stored result (docs/RELIABILITY.md item 1). Each staff mutation goes with its officer's signature; what a key
 * the gateway has not registered yet signed waits (staff-keys.ts).
 */
import { MutationBatchResponse, PATHS, type Dossier, type MutationResult } from '../../shared/protocol';
import { rebaseMany } from '../db/apply';
import type { OutboxRow, OutboxState, Outcome } from '../db/database';
import { delivered } from '../db/outbox';
import type { RunContext } from './context';
import { httpStatusCode } from '../../shared/messages';
import { SyncFailure, exchange, failureOf, gatewayErrorCode } from './http';
import { unregisteredKeyIds } from './staff-keys';
import { jsonBytes } from './link';

/** Sends every pending mutation; returns how many were settled (any outcome). */
export async function pushAll(ctx: RunContext): Promise<number> {
  const unregistered = await unregisteredKeyIds(ctx);
  let settled = 0;
  const held = unregistered.size > 0 ? new Holds(unregistered) : null;
  for (;;) {
    const batch = held ? await held.next(ctx) : await ctx.db.outbox.where('state').equals('pending').limit(ctx.batchSize).toArray();
    if (batch.length === 0) return settled;
    const n = await sendBatch(ctx, batch);
    settled += n;
    // Counting the queue again after every batch costs O(queue) each time: keep a running figure
    // (the engine recounts at the end of the run).
    const s = ctx.status.getSnapshot();
    ctx.status.update({ pending: Math.max(0, s.pending - n) });
  }
}

/**
 * While some officer's key is not registered, what it signed waits in the outbox, and so does
 * every later mutation of the same dossiers (sending those first would break their order). The
 * rest of the queue goes as usual, in queue order.
 */
class Holds {
  private after = 0;
  private readonly codes = new Set<string>();

  constructor(private readonly keys: Set<string>) {}

  private holds(r: OutboxRow): boolean {
    const held = (r.sig !== undefined && this.keys.has(r.sig.keyId)) || (r.dossierCode !== null && this.codes.has(r.dossierCode));
    if (held && r.dossierCode !== null) this.codes.add(r.dossierCode);
    return held;
  }

  async next(ctx: RunContext): Promise<OutboxRow[]> {
    const batch: OutboxRow[] = [];
    while (batch.length < ctx.batchSize) {
      const after = this.after;
      const page = await ctx.db.outbox.where('state').equals('pending').and((r) => (r.seq ?? 0) > after).limit(ctx.batchSize).toArray();
      if (page.length === 0) break;
      for (const r of page) {
        this.after = r.seq ?? this.after;
        if (!this.holds(r)) batch.push(r);
        if (batch.length === ctx.batchSize) break;
      }
    }
    return batch;
  }
}

function envelope(r: OutboxRow) {
  return { id: r.id, type: r.type, at: r.at, staffId: r.staffId, payload: r.payload, ...(r.sig ? { sig: r.sig } : {}) };
}

async function sendBatch(ctx: RunContext, rows: OutboxRow[]): Promise<number> {
  let res;
  try {
    const body = { mutations: rows.map(envelope) };
    // Room for the batch both ways: its own bytes up, about as many back (results with dossiers).
    res = await exchange(ctx.transport, { method: 'POST', path: PATHS.mutations, body }, ctx.link.timeoutFor(2 * jsonBytes(body)), ctx.link);
  } catch (err) {
    // Counted only when no answer came (an answer settles the rows and counts there), so a
    // healthy drain writes each row once.
    const at = Date.now();
    await ctx.db.outbox.bulkPut(rows.map((r) => ({ ...r, attempts: r.attempts + 1, lastAttemptAt: at })));
    throw err;
  }
  if (res.status === 200) {
    const parsed = MutationBatchResponse.safeParse(res.body);
    if (!parsed.success) throw new SyncFailure('bad-response', 'server', 'The mutation batch answer does not match the protocol');
    ctx.observeServerTime(parsed.data.serverTime);
    await applyResults(ctx, rows, parsed.data.results);
    return rows.length;
  }
  // The gateway refuses a whole batch only when an envelope is malformed (or the body too big):
  // halve it until the culprit stands alone, so one bad row never blocks the queue.
  if (res.status === 400 || res.status === 413) {
    if (rows.length > 1) {
      const mid = Math.ceil(rows.length / 2);
      return (await sendBatch(ctx, rows.slice(0, mid))) + (await sendBatch(ctx, rows.slice(mid)));
    }
    const code = gatewayErrorCode(res.body) ?? httpStatusCode(res.status);
    await settle(ctx, [{ row: rows[0]!, state: 'rejected', outcome: { status: 'rejected', reason: code, details: (res.body as { error?: unknown })?.error, at: Date.now() } }], new Map());
    return 1;
  }
  throw failureOf(res);
}

interface Settlement {
  row: OutboxRow;
  state: OutboxState;
  outcome: Outcome;
}

function settlementOf(row: OutboxRow, r: MutationResult): Settlement {
  const at = Date.now();
  switch (r.status) {
    case 'applied':
      return { row, state: 'done', outcome: { status: 'applied', at } };
    case 'conflict':
      return { row, state: 'conflict', outcome: { status: 'conflict', reason: r.reason, message: r.message, at } };
    case 'rejected':
      return { row, state: 'rejected', outcome: { status: 'rejected', reason: r.reason, message: r.message, details: r.details, at } };
    case 'duplicate': {
      const o = r.original;
      if (o.status === 'applied') return { row, state: 'done', outcome: { status: 'duplicate', at } };
      if (o.status === 'conflict') return { row, state: 'conflict', outcome: { status: 'conflict', reason: o.reason, message: o.message, at } };
      return { row, state: 'rejected', outcome: { status: 'rejected', reason: o.reason, message: o.message, details: o.details, at } };
    }
  }
}

async function applyResults(ctx: RunContext, rows: OutboxRow[], results: MutationResult[]): Promise<void> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const settlements: Settlement[] = [];
  const server = new Map<string, Dossier | null>();
  for (const r of results) {
    const row = byId.get(r.id);
    if (!row) continue; // an id we did not send: ignore rather than trust it
    settlements.push(settlementOf(row, r));
    const code = row.dossierCode;
    if (code && 'dossier' in r && r.dossier) {
      const prev = server.get(code);
      if (!prev || r.dossier.version >= prev.version) server.set(code, r.dossier);
    } else if (code && !server.has(code)) {
      server.set(code, null);
    }
  }
  // Ids the gateway did not answer stay pending and go again next time.
  await settle(ctx, settlements, server);
}

async function settle(ctx: RunContext, settlements: Settlement[], server: Map<string, Dossier | null>): Promise<void> {
  const { db } = ctx;
  const touched = new Map(server);
  for (const s of settlements) if (s.row.dossierCode && !touched.has(s.row.dossierCode)) touched.set(s.row.dossierCode, null);
  await db.transaction('rw', [db.outbox, db.dossiers, db.procedures, db.meta, db.audit], async () => {
    const doneAt = Date.now();
    await db.outbox.bulkPut(settlements.map((s) => {
      const row: OutboxRow = {
        ...s.row,
        attempts: s.row.attempts + 1,
        lastAttemptAt: doneAt,
        state: s.state,
        outcome: s.outcome,
        doneAt: s.state === 'done' ? doneAt : null,
        replay: false,
        // The raw ID number was only for the gateway's adapter: do not keep it once delivered.
        ...(s.state === 'done' ? delivered(s.row) : {}),
      };
      if (row.replaySig === undefined) delete row.replaySig;
      if (row.sig === undefined) delete row.sig;
      return row;
    }));
    await rebaseMany(db, touched);
    const notable = settlements.filter((s) => s.state !== 'done');
    if (notable.length > 0) {
      await db.audit.bulkAdd(notable.map((s) => ({
        at: doneAt, kind: 'sync' as const, action: `sync.${s.state}`, code: s.row.dossierCode, mutationId: s.row.id, detail: s.outcome.reason ?? null,
      })));
    }
  });
}
