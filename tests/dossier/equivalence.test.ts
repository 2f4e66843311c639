/**
 * One engine, two ends: what a counter shows offline (its optimistic state) is what the gateway
 * stores once the queue arrives, field by field, timeline included.
 *
 * - 2,000 random sequences through the two pure wrappers that run in production: the kiosk's
 *   `applyPending` fold (what `rebase` writes to IndexedDB) after the kiosk's own pre-check, and
 *   the gateway's batch apply (`applyMutation` of src/gateway/store/apply.ts, with its leases,
 *   voided codes, agency boundary and ID-hash check).
 * - A smaller number through the real storage on both sides: the staff actions on a Dexie
 *   database (fake-indexeddb), then `applyBatch` on an embedded gateway (PGlite), comparing the
 *   kiosk's row with the row the gateway wrote.
 *
 * Both sides see the same clock: the gateway applies the batch at the time of the last action
 * (a kiosk's clock is server-corrected, so its action times never run ahead of the gateway).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dossier, DossierCreate, FeeItem, Mutation, Procedure } from '../../src/shared/protocol';
import { idHashInput } from '../../src/shared/protocol';
import { applyMutation as engineApply, type EngineInput } from '../../src/shared/dossier';
import { ALLOWED_TRANSITIONS, DOSSIER_STATUS_CODES, generateDossierCode, isDossierStatus } from '../../src/shared/domain';
import { maskCitizenId } from '../../src/shared/privacy/mask';
import { applyMutation as gatewayApply, type BatchState } from '../../src/gateway/store/apply';
import { applyBatch } from '../../src/gateway/store/mutations';
import { takeLease } from '../../src/gateway/store/leases';
import { DEMO_PROCEDURES } from '../../src/gateway/demo/catalog';
import { applyPending } from '../../src/renderer/db/apply';
import { KioskDb, type DossierRow } from '../../src/renderer/db/database';
import { intake, payFee, rate, transition, vietnamDay, type ActionContext } from '../../src/renderer/db/actions';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { registerDemoOfficer, type OfficerKey } from '../helpers/staff-keys';
import { signerOf, type OfficerSigner } from '../../src/renderer/trust/officer-key';
import { seedStaff } from '../../src/gateway/demo/seed';

const AGENCY = '000.00.01.H08';
const DEVICE = 'dev-equivalence';
const SALT = 'province-salt';
const PROCEDURES: Procedure[] = DEMO_PROCEDURES.map((p) => ({ ...p, active: true, updatedAt: '2026-01-01T00:00:00.000Z' }));
const T0 = Date.parse('2026-03-02T01:30:00.000Z');

type Step =
  /** `any`: a status picked at random (mostly refused); otherwise one the status machine allows. */
  | { kind: 'transition'; pick: number; any: boolean }
  | { kind: 'pay'; fee: number; method: FeeItem['method'] & string }
  | { kind: 'rate'; score: number }
  | { kind: 'extend'; days: number };

interface Script {
  procedure: number;
  citizenId: string | null;
  status: 2 | 3;
  appointmentDays: number;
  note: string | null;
  /** Milliseconds between actions; a negative gap is a device clock that went back. */
  gaps: number[];
  steps: Step[];
  /** Transitions (picks among the allowed ones) a server-side history applies before this kiosk acts (pure path only). */
  history: number[];
}

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('transition' as const), pick: fc.nat(), any: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 4, arbitrary: fc.constant(false) }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pay' as const), fee: fc.nat(3), method: fc.constantFrom('cash' as const, 'vietqr' as const, 'transfer' as const, 'waived' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rate' as const), score: fc.integer({ min: 1, max: 4 }) }) },
  // An extension by -1..5 days: 0 and -1 are not later than the appointment and must be refused alike.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), days: fc.integer({ min: -1, max: 5 }) }) },
);

const script = (maxSteps: number): fc.Arbitrary<Script> => fc.record({
  procedure: fc.nat(PROCEDURES.length - 1),
  citizenId: fc.option(fc.stringMatching(/^0\d{11}$/), { nil: null }),
  status: fc.constantFrom(2 as const, 2 as const, 2 as const, 3 as const),
  appointmentDays: fc.integer({ min: 0, max: 20 }),
  note: fc.option(fc.string({ maxLength: 20 }), { nil: null }),
  gaps: fc.array(fc.integer({ min: -3_600_000, max: 3 * 86_400_000 }), { minLength: maxSteps, maxLength: maxSteps }),
  steps: fc.array(step, { minLength: 1, maxLength: maxSteps, size: 'max' }),
  history: fc.array(fc.nat(), { maxLength: 4 }),
});

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function createPayload(s: Script, code: string, receivedAt: number): DossierCreate {
  const proc = PROCEDURES[s.procedure]!;
  const citizenId = s.citizenId ?? '001099012345';
  return {
    code, procedureCode: proc.code,
    applicant: {
      name: 'Nguyễn Thị Thử', idHash: sha256(idHashInput(SALT, citizenId)), idMasked: maskCitizenId(citizenId),
      birthDate: '1990-05-01', sex: 'female', address: 'Thôn Thử, xã Thử', phone: null, email: null,
      ...(s.citizenId ? { citizenId: s.citizenId } : {}),
    },
    channel: 1, status: s.status, documents: proc.documents,
    receivedAt: new Date(receivedAt).toISOString(),
    appointmentAt: new Date(receivedAt + s.appointmentDays * 86_400_000).toISOString(),
    fees: proc.fees.map((f) => ({ ...f, paid: false, paidAt: null, method: null, reference: null })),
    note: s.note,
  };
}

/** The status a transition step asks for, seen from `status`. */
function target(st: Extract<Step, { kind: 'transition' }>, status: number): number {
  const allowed = isDossierStatus(status) ? ALLOWED_TRANSITIONS[status] : [];
  return st.any || allowed.length === 0 ? DOSSIER_STATUS_CODES[st.pick % DOSSIER_STATUS_CODES.length]! : allowed[st.pick % allowed.length]!;
}

/** The payload a staff action builds from the dossier it sees (as src/renderer/db/actions.ts does). */
function payloadOf(st: Step, d: Dossier): { type: Mutation['type']; payload: unknown } | null {
  switch (st.kind) {
    case 'transition': {
      const to = target(st, d.status);
      return { type: 'dossier.transition', payload: { code: d.code, from: d.status, to, note: null, supplements: to === 5 ? [{ name: 'Tờ khai', note: 'Bản sao chưa rõ' }] : [] } };
    }
    case 'pay': {
      const fee = d.fees[st.fee];
      return fee ? { type: 'dossier.payFee', payload: { code: d.code, feeId: fee.id, amount: fee.amount, method: st.method, reference: null } } : null;
    }
    case 'rate': return { type: 'dossier.rate', payload: { code: d.code, score: st.score } };
    case 'extend': return { type: 'dossier.extend', payload: { code: d.code, appointmentAt: new Date(Date.parse(d.appointmentAt) + st.days * 86_400_000).toISOString(), reason: 'Cần xác minh thêm' } };
  }
}

function batchState(now: number, dossiers: Map<string, { dossier: Dossier; citizenId: string | null; dirty: boolean }>, day: string): BatchState {
  return {
    deviceId: DEVICE, agencyCode: AGENCY, idSalt: SALT, now: new Date(now), dossiers, voided: new Set(),
    knownAgencies: new Set(), procedures: new Map(PROCEDURES.map((p) => [p.code, p])),
    leases: [{ id: 'lease-1', agencyCode: AGENCY, day, first: 1, last: 9999 }],
    events: [], newVoids: [],
  };
}

let seq = 0;
const mutationId = (): string => `01900000-0000-7000-8000-${(++seq).toString(16).padStart(12, '0')}`;

describe('the kiosk shows what the gateway will store', () => {
  it('for 2,000 random action sequences (pure wrappers of both ends)', () => {
    let accepted = 0;
    let mutations = 0;
    fc.assert(fc.property(script(12), (s) => {
      const engineCtx = { deviceId: DEVICE, agencyCode: AGENCY, procedure: (c: string) => PROCEDURES.find((p) => p.code === c) };
      const day = vietnamDay(T0);
      const code = (generateDossierCode({ agency: AGENCY, date: day, sequence: 1 }) as { code: string }).code;
      const create = createPayload(s, code, T0);

      // A server-side history (another device) before this kiosk acts: both ends start from it.
      let server: Dossier | null = null;
      const serverState = batchState(T0, new Map(), day);
      gatewayApply(serverState, { id: mutationId(), type: 'dossier.create', at: create.receivedAt, staffId: 'other', payload: create });
      for (const pick of s.history) {
        const cur = serverState.dossiers.get(code)!.dossier;
        const to = target({ kind: 'transition', pick, any: false }, cur.status);
        gatewayApply(serverState, { id: mutationId(), type: 'dossier.transition', at: create.receivedAt, staffId: 'other', payload: { code, from: cur.status, to, note: null, supplements: [] } });
      }
      const useHistory = s.history.length > 0;
      if (useHistory) server = structuredClone(serverState.dossiers.get(code)!.dossier);

      // The kiosk: pre-check each action on its local state, queue it, fold the queue on the base.
      let t = T0;
      const queued: Mutation[] = useHistory ? [] : [{ id: mutationId(), type: 'dossier.create', at: create.receivedAt, staffId: 'staff-1', payload: create } as Mutation];
      let local: Dossier | null = server;
      if (!useHistory) local = applyPending(null, queued[0]!, engineCtx);
      for (const [i, st] of s.steps.entries()) {
        t += s.gaps[i] ?? 0;
        if (!local) break;
        const built = payloadOf(st, local);
        if (!built) continue;
        const m = { id: mutationId(), type: built.type, at: new Date(t).toISOString(), staffId: 'staff-1', payload: built.payload } as Mutation;
        if (!engineApply(local, m as EngineInput, { ...engineCtx, now: m.at }).ok) continue; // refused at the counter
        queued.push(m);
        local = applyPending(local, m, engineCtx);
      }

      // The gateway: the same queue, in one batch, at the time of the last action.
      const lastAt = Math.max(...queued.map((m) => Date.parse(m.at)), T0);
      const gwState = batchState(lastAt, new Map(useHistory ? [[code, { dossier: structuredClone(server!), citizenId: null, dirty: false }]] : []), day);
      const outcomes = queued.map((m) => gatewayApply(gwState, m));
      expect(outcomes.map((o) => o.status)).toEqual(queued.map(() => 'applied'));
      const stored = gwState.dossiers.get(code)?.dossier ?? null;
      const changes = queued.filter((m) => m.type !== 'dossier.create').length;
      if (changes >= 1) accepted += 1;
      mutations += changes;
      expect(local).toEqual(stored);
    }), { numRuns: 2000, seed: 20261204 });
    // Most sequences queue changes on top of the base (not only refusals at the counter).
    console.info(`[equivalence] ${accepted} of 2000 sequences queued changes; ${mutations} changes in all`);
    expect(accepted).toBeGreaterThan(1200);
    expect(mutations).toBeGreaterThan(2400);
  });
});

describe('through the real storage of both ends', () => {
  let gw: TestGateway;
  let identity: Awaited<ReturnType<TestGateway['enroll']>>;
  let officer: OfficerKey;
  /** The counter's session signer over that registered key (the counter's own signing code). */
  let signer: OfficerSigner;
  beforeAll(async () => {
    gw = await startGateway({ storage: 'pglite', seed: 'catalog' });
    await seedStaff(gw.db, AGENCY);
    identity = await gw.enroll(AGENCY);
    // The counter's signed-in officer, whose key signs what the counter queued (as its sync does).
    officer = await registerDemoOfficer(gw.url, identity);
    const key = await crypto.subtle.importKey('pkcs8', officer.privateKey.export({ type: 'pkcs8', format: 'der' }), { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
    signer = signerOf(key, { staffId: officer.staffId, deviceId: identity.deviceId, keyId: officer.keyId });
  }, 120_000);
  afterAll(async () => gw?.close());

  it('a Dexie counter offline and the gateway database agree after the queue is applied', async () => {
    const device = { id: identity.deviceId, name: 'equivalence', kind: 'counter' as const, agencyCode: AGENCY, counter: null };
    const procedures = (await gw.db.query<{ data: Procedure }>('select data from procedures')).map((r) => r.data);
    let run = 0;
    await fc.assert(fc.asyncProperty(script(8), async (s) => {
      run += 1;
      const start = Date.now() - 30 * 86_400_000 + run * 3_600_000;
      const db = new KioskDb(`equivalence-${process.pid}-${run}`);
      await db.open();
      await db.meta.put({ key: 'identity', value: { ...identity, deviceName: identity.deviceName ?? 'equivalence', kind: 'counter' } });
      await db.procedures.bulkPut(procedures);
      const lease = await takeLease(gw.db, device, 1, vietnamDay(start), start);
      await db.leases.put({ ...lease, next: lease.first });
      let t = start;
      const ctx: ActionContext = { db, staffId: officer.staffId, signer, now: () => t };
      const proc = procedures[s.procedure % procedures.length]!;
      const citizenId = s.citizenId ?? '001099012345';
      const { hashCitizenId } = await import('../../src/renderer/db/actions');
      const { code } = await intake(ctx, {
        procedureCode: proc.code, status: s.status, note: s.note,
        appointmentAt: new Date(start + s.appointmentDays * 86_400_000).toISOString(),
        applicant: {
          name: 'Trần Văn Thử', idHash: await hashCitizenId(identity.idSalt, citizenId), idMasked: maskCitizenId(citizenId),
          birthDate: '1985', sex: 'male', address: 'Thôn Một', phone: '0912345678', email: null,
          ...(s.citizenId ? { citizenId: s.citizenId } : {}),
        },
      });
      for (const [i, st] of s.steps.entries()) {
        t += Math.max(0, s.gaps[i] ?? 0) % 86_400_000;
        const row = (await db.dossiers.get(code))!;
        try {
          if (st.kind === 'transition') {
            const to = target(st, row.status);
            await transition(ctx, { code, to, supplements: to === 5 ? [{ name: 'Tờ khai', note: 'Bản sao chưa rõ' }] : [] });
          }
          else if (st.kind === 'pay' && row.fees[st.fee]) await payFee(ctx, { code, feeId: row.fees[st.fee]!.id, method: st.method });
          else if (st.kind === 'rate') await rate(ctx, { code, score: st.score });
        } catch (err) {
          expect((err as { name?: string }).name).toBe('ActionError'); // refused at the counter, nothing queued
        }
      }
      const optimistic = (await db.dossiers.get(code)) as DossierRow;
      const pending = await db.outbox.where('state').equals('pending').sortBy('seq');
      const lastAt = Math.max(...pending.map((r) => Date.parse(r.at)));
      // Exactly what the counter's push sends: its envelopes with the signatures made at the counter.
      const results = await applyBatch(gw.db, device, pending.map((r) => ({ id: r.id, type: r.type, at: r.at, staffId: r.staffId, payload: r.payload, ...(r.sig ? { sig: r.sig } : {}) })),
        { idSalt: gw.meta.idSalt, clock: () => new Date(lastAt) });
      expect(results.map((r) => r.status)).toEqual(pending.map(() => 'applied'));
      const stored = (await gw.db.query<{ data: Dossier }>('select data from dossiers where code = $1', [code]))[0]!.data;
      const { pendingOps, base, pulledEpoch: _e, ...shown } = optimistic;
      expect(pendingOps).toBe(pending.length);
      expect(base).toBeNull();
      expect(shown).toEqual(stored);
      db.close();
      await db.delete();
    }), { numRuns: 40, seed: 4122026 });
  }, 120_000);
});
