/**
 * The local store without a gateway: one strict transaction per staff action, storage faults as
 * alerts, schema upgrades with queued work, retention, and the engine's scheduling primitives.
 */
import { describe, expect, it } from 'vitest';
import { dismiss, intake, payFee, transition } from '../../src/renderer/db/actions';
import { rebase } from '../../src/renderer/db/apply';
import { KioskDb, openKioskDb } from '../../src/renderer/db/database';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/renderer/db/migrations';
import { outboxCounts } from '../../src/renderer/db/outbox';
import { applyRetention } from '../../src/renderer/db/retention';
import { StorageError } from '../../src/renderer/db/storage';
import { Backoff } from '../../src/renderer/sync/backoff';
import { SKIPPED, runExclusive } from '../../src/renderer/sync/lock';
import { StatusStore } from '../../src/renderer/sync/status';
import { applicant, installStorageFaults, officerCtx, seededDb, uniqueName, PROCEDURE } from './fixtures';

const intakeInput = (i: number) => ({ procedureCode: PROCEDURE.code, applicant: applicant(i), appointmentAt: new Date(Date.now() + 3 * 86_400_000).toISOString() });

describe('staff actions', () => {
  it('writes the dossier, its outbox mutation and the used code number together', async () => {
    const db = await seededDb();
    const ctx = await officerCtx(db);
    const r = await intake(ctx, intakeInput(1));
    expect(r.code).toMatch(/^000\.17\.22\.H56-\d{6}-0001$/);
    const row = await db.outbox.where('id').equals(r.mutationId).first();
    expect(row).toMatchObject({ state: 'pending', type: 'dossier.create', dossierCode: r.code });
    // As the gateway will store it (version 1 after the intake); `base: null` = never confirmed.
    expect(await db.dossiers.get(r.code)).toMatchObject({ status: 2, version: 1, pendingOps: 1, base: null });
    expect((await db.leases.get('lease-1'))!.next).toBe(2);
    const t = await transition(ctx, { code: r.code, to: 4 });
    expect((await db.dossiers.get(r.code))!).toMatchObject({ status: 4, pendingOps: 2 });
    expect((await db.outbox.where('id').equals(t.mutationId).first())!.payload).toMatchObject({ from: 2, to: 4 });
  });

  it('refuses a status change the domain does not allow, before anything is queued', async () => {
    const db = await seededDb();
    const ctx = await officerCtx(db);
    const r = await intake(ctx, intakeInput(1));
    await expect(transition(ctx, { code: r.code, to: 10 })).rejects.toMatchObject({ code: 'transition-not-allowed' });
    expect(await db.outbox.count()).toBe(1);
  });

  it('says so when the day has no code numbers left instead of inventing one', async () => {
    const db = await seededDb({ count: 1 });
    const ctx = await officerCtx(db);
    await intake(ctx, intakeInput(1));
    await expect(intake(ctx, intakeInput(2))).rejects.toMatchObject({ code: 'no-code-lease' });
  });

  it('reports quota exceeded as an alert and saves nothing, never a hung promise', async () => {
    let faults!: ReturnType<typeof installStorageFaults>;
    const db = await seededDb({ beforeOpen: (d) => { faults = installStorageFaults(d); } });
    const ctx = await officerCtx(db);
    faults.failWrites(['dossiers']);
    const started = Date.now();
    const err = await intake(ctx, intakeInput(1)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('storage-quota');
    expect(Date.now() - started).toBeLessThan(2_000);
    // The transaction aborted as a whole: no queued mutation, no used number.
    expect(await db.outbox.count()).toBe(0);
    expect((await db.leases.get('lease-1'))!.next).toBe(1);
    faults.heal();
    const ok = await intake(ctx, intakeInput(1));
    expect(ok.code).toMatch(/-0001$/);
  });

  it('turns a blocked open into a storage error within its deadline', async () => {
    const name = uniqueName();
    const old = new KioskDb(name, { migrations: MIGRATIONS.slice(0, 1) });
    await old.open();
    // The old connection ignores versionchange, as a hung second window would.
    old.on('versionchange', () => false);
    const err = await openKioskDb(name, { deadlineMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('storage-blocked');
    old.close();
  });
});

describe('schema upgrades', () => {
  it('migrates mutations queued under schema 1 so they can still be sent', async () => {
    const name = uniqueName();
    const v1 = new KioskDb(name, { migrations: MIGRATIONS.slice(0, 1) });
    await v1.open();
    await v1.table('outbox').add({
      id: '01900000-0000-7000-8000-000000000001', type: 'dossier.transition', at: '2025-01-02T03:00:00.000Z', staffId: null,
      body: { code: '000.17.22.H56-250102-0001', from: 2, to: 4 }, state: 'pending', createdAt: 1, lastAttemptAt: null, outcome: null, doneAt: null,
    });
    v1.close();
    const v2 = new KioskDb(name);
    await v2.open();
    expect(v2.verno).toBe(SCHEMA_VERSION);
    const rows = await v2.outbox.where('dossierCode').equals('000.17.22.H56-250102-0001').toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ state: 'pending', payload: { from: 2, to: 4 }, attempts: 0, schema: 2 });
    expect(rows[0]).not.toHaveProperty('body');
  });
});

describe('retention', () => {
  it('purges only what the gateway confirmed, never pending work', async () => {
    const db = await seededDb();
    const ctx = await officerCtx(db);
    const a = await intake(ctx, intakeInput(1));
    const b = await intake(ctx, intakeInput(2));
    const long = Date.now() - 400 * 86_400_000;
    // a: confirmed long ago and closed; b: still pending though just as old.
    await db.outbox.where('id').equals(a.mutationId).modify({ state: 'done', doneAt: long });
    await db.outbox.where('id').equals(b.mutationId).modify({ createdAt: long });
    await rebase(db, a.code, { ...(await db.dossiers.get(a.code))!, status: 10, version: 3, updatedAt: new Date(long).toISOString() });
    await db.dossiers.update(b.code, { updatedAt: new Date(long).toISOString() });
    await db.audit.toCollection().modify({ at: long });
    const report = await applyRetention(db, { outboxDays: 30, dossierDays: 180, auditDays: 90 });
    // Audit: the confirmed action's entry, and the officer's sign-in and key creation.
    expect(report).toEqual({ outbox: 1, dossiers: 1, audit: 3 });
    expect(await db.outbox.where('id').equals(b.mutationId).count()).toBe(1);
    expect(await db.dossiers.get(b.code)).toBeDefined();
    // The audit entry of the pending action stays; the confirmed one went.
    expect(await db.audit.filter((x) => x.mutationId === b.mutationId).count()).toBe(1);
    expect(await db.audit.filter((x) => x.mutationId === a.mutationId).count()).toBe(0);
    expect(await outboxCounts(db)).toMatchObject({ pending: 1, oldestPendingAt: long });
  });

  it('keeps a rejected mutation in the attention list until staff dismiss it', async () => {
    const db = await seededDb();
    const ctx = await officerCtx(db);
    const a = await intake(ctx, intakeInput(1));
    await db.outbox.where('id').equals(a.mutationId).modify({ state: 'rejected', outcome: { status: 'rejected', reason: 'validation', at: 0 } });
    await applyRetention(db, { outboxDays: 0, dossierDays: 0, auditDays: 0 }, Date.now() + 86_400_000);
    expect(await outboxCounts(db)).toMatchObject({ attention: 1 });
    await dismiss(ctx, a.mutationId);
    expect(await outboxCounts(db)).toMatchObject({ attention: 0 });
    await expect(payFee(ctx, { code: 'nope', feeId: 'x', method: 'cash' })).rejects.toMatchObject({ code: 'unknown-dossier' });
  });
});

describe('engine primitives', () => {
  it('backs off exponentially with jitter, capped, and resets on success', () => {
    const b = new Backoff({ baseMs: 100, capMs: 1_000, random: () => 1 });
    expect([b.next(), b.next(), b.next(), b.next(), b.next(), b.next()]).toEqual([100, 200, 400, 800, 1000, 1000]);
    b.reset();
    expect(b.next()).toBe(100);
    const low = new Backoff({ baseMs: 100, capMs: 1_000, random: () => 0 });
    expect(low.next()).toBe(50);
  });

  it('lets one run through when triggers fire together', async () => {
    let inside = 0;
    let max = 0;
    const work = () => runExclusive('t-lock', async () => {
      inside++;
      max = Math.max(max, inside);
      await new Promise((r) => setTimeout(r, 20));
      inside--;
      return 'ran';
    });
    const results = await Promise.all([work(), work(), work(), work()]);
    expect(max).toBe(1);
    expect(results.filter((r) => r === 'ran')).toHaveLength(1);
    expect(results.filter((r) => r === SKIPPED)).toHaveLength(3);
  });

  it('publishes immutable snapshots for useSyncExternalStore', () => {
    const s = new StatusStore();
    const seen: number[] = [];
    const before = s.getSnapshot();
    const off = s.subscribe(() => seen.push(s.getSnapshot().pending));
    s.update({ pending: 3 });
    s.update({ pending: 3 });
    off();
    s.update({ pending: 4 });
    expect(seen).toEqual([3]);
    expect(before.pending).toBe(0);
  });
});
