/**
 * A kiosk-kind device (the citizen screen in a public room) holds dossiers only as their
 * citizen-safe projection and no staff records: its schema-3 upgrade replaces the full rows it
 * kept before, its pulls store what the feed sends it (and project anything more), and ratings
 * are queued from the projection alone.
 */
import { describe, expect, it } from 'vitest';
import { rate } from '../../src/renderer/db/actions';
import { KioskDb, type DossierRow } from '../../src/renderer/db/database';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/renderer/db/migrations';
import { applyRetention } from '../../src/renderer/db/retention';
import { findLocal } from '../../src/renderer/citizen/lookup';
import { applyPage } from '../../src/renderer/sync/pull';
import { toCitizenView } from '../../src/shared/dossier';
import type { DeviceIdentity } from '../../src/shared/protocol';
import { dossierRow, PERSON } from '../citizen/harness';
import { IDENTITY, OFFICER, uniqueName } from './fixtures';

const KIOSK: DeviceIdentity = { ...IDENTITY, deviceId: 'dev-kiosk', kind: 'kiosk', deviceName: 'Ki-ốt', counter: null };
const code = (i: number): string => `${IDENTITY.agency.code}-260305-${String(i).padStart(4, '0')}`;
/** Full rows as a schema-2 device kept them: names, ID hashes, addresses, phones, timeline, notes. */
const fullRows = (): DossierRow[] => [
  dossierRow(code(1), 10, { timeline: [{ at: '2026-03-05T02:00:00.000Z', action: 'create', status: 2, deviceId: 'dev-counter', staffId: OFFICER.id, note: 'ghi chú nội bộ' }] }),
  dossierRow(code(2), 5),
  dossierRow(code(3), 1, { pendingOps: 0, pulledEpoch: 4 }),
];
/** What must not survive on a public kiosk. */
const SECRETS = [PERSON.name, PERSON.address, PERSON.phone, 'ab'.repeat(32), 'thu@example.invalid', 'ghi chú nội bộ', OFFICER.pin.hash, OFFICER.proofSalt];

async function v2Device(identity: DeviceIdentity): Promise<string> {
  const name = uniqueName('v2');
  const v2 = new KioskDb(name, { migrations: MIGRATIONS.slice(0, 2) });
  await v2.open();
  await v2.table('meta').put({ key: 'identity', value: identity });
  await v2.table('dossiers').bulkPut(fullRows());
  await v2.table('staff').put(OFFICER);
  await v2.table('outbox').add({
    id: '01900000-0000-7000-8000-000000000002', type: 'dossier.rate', at: '2026-03-10T03:00:00.000Z', staffId: null,
    payload: { code: code(1), score: 4 }, dossierCode: code(1), state: 'pending', createdAt: 1, attempts: 0, lastAttemptAt: null,
    outcome: null, doneAt: null, schema: 2,
  });
  v2.close();
  return name;
}

async function everything(db: KioskDb): Promise<string> {
  return JSON.stringify(await Promise.all(db.tables.map((t) => t.toArray())));
}

describe('schema 3 on a kiosk-kind device', () => {
  it('replaces every full dossier by its citizen view and deletes the staff records; the outbox stays', async () => {
    const name = await v2Device(KIOSK);
    const before = await (async () => {
      const v2 = new KioskDb(name, { migrations: MIGRATIONS.slice(0, 2) });
      await v2.open();
      const rows = await v2.table('outbox').toArray();
      v2.close();
      return rows;
    })();
    const db = new KioskDb(name);
    await db.open();
    expect(db.verno).toBe(SCHEMA_VERSION);
    expect(await db.dossiers.count()).toBe(0);
    expect(await db.staff.count()).toBe(0);
    const views = await db.citizenDossiers.orderBy('code').toArray();
    expect(views.map(({ pulledEpoch: _e, ...v }) => v)).toEqual(fullRows().map((r) => toCitizenView(r, KIOSK.agency.name)));
    expect(views[2]!.pulledEpoch).toBe(4);
    expect(views[1]!.supplements).toEqual([{ name: 'Bản sao giấy chứng sinh', note: 'Bản sao chưa rõ' }]);
    expect(views[0]!.applicantMasked).toBe('N. V. T.');
    expect(await db.outbox.toArray()).toEqual(before);
    const all = await everything(db);
    for (const secret of SECRETS) expect(all).not.toContain(secret);
    // What the citizen screen shows still comes from the device's own cache (offline).
    expect(await findLocal(db, code(1))).toMatchObject({ code: code(1), status: 10, applicantMasked: 'N. V. T.', source: 'local' });
    db.close();
  });

  it('leaves a counter-kind device\'s dossiers and staff as they were', async () => {
    const name = await v2Device(IDENTITY);
    const db = new KioskDb(name);
    await db.open();
    expect(await db.dossiers.count()).toBe(3);
    expect(await db.staff.get(OFFICER.id)).toEqual(OFFICER);
    expect(await db.citizenDossiers.count()).toBe(0);
    expect(await findLocal(db, code(2))).toMatchObject({ code: code(2), status: 5, source: 'local' });
    db.close();
  });
});

describe('a kiosk-kind device\'s feed and ratings', () => {
  async function kioskDb(): Promise<KioskDb> {
    const db = new KioskDb(uniqueName('kiosk-kind'));
    await db.open();
    await db.meta.put({ key: 'identity', value: KIOSK });
    return db;
  }

  it('stores citizen items as they come, and projects a full dossier or drops a staff record a gateway should not have sent', async () => {
    const db = await kioskDb();
    const [a, b] = fullRows();
    await applyPage(db, [{ type: 'citizen', data: toCitizenView(a!, KIOSK.agency.name) }], 'c1', 1);
    await applyPage(db, [{ type: 'dossier', data: b! }, { type: 'staff', data: OFFICER }], 'c2', 1);
    expect(await db.citizenDossiers.get(code(1))).toEqual({ ...toCitizenView(a!, KIOSK.agency.name), pulledEpoch: 1 });
    expect(await db.citizenDossiers.get(code(2))).toEqual({ ...toCitizenView(b!, KIOSK.agency.name), pulledEpoch: 1 });
    expect(await db.dossiers.count()).toBe(0);
    expect(await db.staff.count()).toBe(0);
    expect(await db.getMeta('cursor')).toBe('c2');
    const all = await everything(db);
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });

  it('queues a rating from the citizen view alone (no officer, no signature) once the dossier was received', async () => {
    const db = await kioskDb();
    const [a, , submitted] = fullRows();
    await applyPage(db, [a!, submitted!].map((d) => ({ type: 'citizen' as const, data: toCitizenView(d, KIOSK.agency.name) })), 'c1', 1);
    const ctx = { db, staffId: null, now: () => Date.parse('2026-03-10T03:00:00.000Z') };
    const r = await rate(ctx, { code: code(1), score: 3 });
    const row = await db.outbox.where('id').equals(r.mutationId).first();
    expect(row).toMatchObject({ type: 'dossier.rate', staffId: null, payload: { code: code(1), score: 3 }, dossierCode: code(1), state: 'pending' });
    expect(row!.sig).toBeUndefined();
    await expect(rate(ctx, { code: code(3), score: 4 })).rejects.toMatchObject({ code: 'refused' });
    await expect(rate(ctx, { code: code(9), score: 4 })).rejects.toMatchObject({ code: 'unknown-dossier' });
    expect(await db.outbox.count()).toBe(1);
  });

  it('keeps "a rating is recorded" on its own view when a page read before the gateway took the rating says otherwise; a refused rating lets the gateway\'s word stand', async () => {
    const db = await kioskDb();
    const [a] = fullRows();
    const unrated = { type: 'citizen' as const, data: { ...toCitizenView(a!, KIOSK.agency.name), rated: false } };
    await applyPage(db, [unrated], 'c1', 1);
    const r = await rate({ db, staffId: null, now: () => Date.parse('2026-03-10T03:00:00.000Z') }, { code: code(1), score: 4 });
    expect((await db.citizenDossiers.get(code(1)))!.rated).toBe(true);
    // A stale page (built before the rating reached the gateway), applied while the rating is on its way…
    await applyPage(db, [unrated], 'c2', 1);
    expect((await db.citizenDossiers.get(code(1)))!.rated).toBe(true);
    // … and after the gateway took it.
    const row = (await db.outbox.where('id').equals(r.mutationId).first())!;
    await db.outbox.update(row.seq!, { state: 'done', doneAt: Date.now() });
    await applyPage(db, [unrated], 'c3', 1);
    expect((await db.citizenDossiers.get(code(1)))!.rated).toBe(true);
    // Refused by the gateway: its word stands.
    await db.outbox.update(row.seq!, { state: 'rejected' });
    await applyPage(db, [unrated], 'c4', 1);
    expect((await db.citizenDossiers.get(code(1)))!.rated).toBe(false);
  });

  it('applies retention to citizen views as to dossiers: final and old only', async () => {
    const db = await kioskDb();
    const old = '2025-01-01T00:00:00.000Z';
    const [a, b] = fullRows();
    await applyPage(db, [{ ...a!, updatedAt: old }, { ...b!, updatedAt: old }].map((d) => ({ type: 'citizen' as const, data: toCitizenView(d, KIOSK.agency.name) })), 'c1', 1);
    const report = await applyRetention(db, { outboxDays: 30, dossierDays: 180, auditDays: 90 }, Date.parse('2026-03-10T03:00:00.000Z'));
    expect(report.dossiers).toBe(1);
    expect((await db.citizenDossiers.toArray()).map((v) => v.code)).toEqual([code(2)]);
  });
});
