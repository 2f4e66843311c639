/**
 * The trust model from outside, over HTTP, as an outsider would try it (docs/SECURITY.md,
 * src/shared/protocol/trust.ts): least privilege per device kind, the citizen-safe feed of a
 * public kiosk, accountable and signed staff actions, PINs that resist offline guessing, admin
 * tokens and the audit log. Every case runs on PGlite and on the real PostgreSQL server.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { apiClient, freshDatabase, startGateway, TEST_PG_URL, type TestGateway } from '../helpers/gateway';
import { keyRequest, newOfficerKey, registerDemoOfficer, registerOfficerKey, signatureOf, signMutation, type OfficerKey } from '../helpers/staff-keys';
import { ChangesPage, DEVICE_SCOPES, PATHS, STAFF_PIN_ITERATIONS, type MutationInput } from '../../src/shared/protocol';
import { DEMO_PINS, DEMO_PROOF_SALT, demoStaffIds } from '../../src/gateway/demo/seed';
import { ROUTES } from '../../src/gateway/http/routes';
import { createAdminToken } from '../../src/gateway/store/devices';
import { STORAGES } from './storages';
import { fakeKiosk } from './kiosk';

const A1 = '000.00.01.H08';
const A2 = '000.00.02.H08';
const A3 = '000.00.03.H08';
const A4 = '000.00.04.H08';

type Kiosk = ReturnType<typeof fakeKiosk>;
const statuses = (r: { body: { results: { status: string }[] } }): string[] => r.body.results.map((x) => x.status);
const minutesAgo = (m: number): string => new Date(Date.now() - m * 60_000).toISOString();

describe.each(STORAGES)('trust model on %s', (_name, storage) => {
  let gw: TestGateway;
  let admin: ReturnType<typeof apiClient>;
  beforeAll(async () => {
    // Many devices enroll from one address here: lift the enrollment limit (20/min per address).
    gw = await startGateway({ storage, seed: 'demo', dossiersPerAgency: 10, strictRateLimitPerMinute: 1000 });
    admin = apiClient(gw.url, gw.adminToken);
  });
  afterAll(async () => gw?.close());

  /** A counter of `agency` signed in as its first (or second) demo counter officer. */
  const counter = async (agency = A1, which: 0 | 1 = 0): Promise<Kiosk & { officer: OfficerKey }> => {
    const dev = await gw.enroll(agency);
    return fakeKiosk(gw.url, dev, await registerDemoOfficer(gw.url, dev, which)) as Kiosk & { officer: OfficerKey };
  };
  const publicKiosk = async (agency = A1): Promise<Kiosk> => fakeKiosk(gw.url, await gw.enroll(agency, { kind: 'kiosk', name: 'Ki-ốt sảnh' }));
  /** A dossier of `agency` received by a counter just now (status 2), and that counter. */
  const intake = async (agency = A1, over: Record<string, unknown> = {}): Promise<{ code: string; k: Kiosk }> => {
    const k = await counter(agency);
    await k.lease(20);
    const code = k.nextCode();
    const r = await k.push([k.create(code, over)]);
    expect(statuses(r)).toEqual(['applied']);
    return { code, k };
  };

  describe('scopes per device kind', () => {
    it('refuses every staff mutation type from a kiosk-kind device, signed or not, and lets it rate', async () => {
      const { code, k: c } = await intake();
      const spare = c.nextCode();
      const kiosk = await publicKiosk();
      // Unsigned, then with a real officer's id and a real signature copied from the counter.
      const attempts = [
        kiosk.create(spare), kiosk.transition(code, 2, 4), kiosk.payFee(code), kiosk.voidCode(spare), kiosk.extend(code),
        { ...c.transition(code, 2, 4) }, { ...c.payFee(code) }, { ...c.voidCode(spare) }, { ...c.create(spare) }, { ...c.extend(code) },
      ];
      const r = await kiosk.push(attempts);
      expect(r.status).toBe(200);
      for (const x of r.body.results) {
        expect(x).toMatchObject({ status: 'rejected', reason: 'not-permitted', details: { deviceKind: 'kiosk' } });
        expect(x.message.vi.length).toBeGreaterThan(0);
        expect(x.message.en).toContain('may not');
      }
      expect(new Set(r.body.results.map((x: { details: { type: string } }) => x.details.type)))
        .toEqual(new Set(['dossier.create', 'dossier.transition', 'dossier.payFee', 'code.void', 'dossier.extend']));
      // Nothing changed: the dossier is still as received, the spare number unused and not voided.
      const state = await gw.db.query<{ status: number; version: number }>(`select status, (data->>'version')::int as version from dossiers where code = $1`, [code]);
      expect(state[0]).toEqual({ status: 2, version: 1 });
      expect(await gw.db.query('select 1 from code_voids where code = $1', [spare])).toEqual([]);
      // The citizen's rating is what a kiosk may send.
      const rating = kiosk.rate(code, 4);
      const rate = await kiosk.push([rating]);
      expect(statuses(rate)).toEqual(['applied']);
      // A public screen is never sent the dossier (applicant, address, phone, ID hash, timeline),
      // neither with the rating's answer nor when it sends the same rating again.
      expect(rate.body.results[0]).not.toHaveProperty('dossier');
      const again = await kiosk.push([rating]);
      expect(again.body.results[0]).toMatchObject({ status: 'duplicate', dossier: null });
      for (const body of [rate.body, again.body]) {
        const text = JSON.stringify(body);
        for (const personal of ['Nguyễn Văn An', 'Thôn Nà Mạ', '0912345678', 'idHash', 'timeline']) expect(text).not.toContain(personal);
      }
      // A counter still gets the server's state with its answers.
      const counterAnswer = await c.push([c.transition(code, 2, 4)]);
      expect(counterAnswer.body.results[0]).toMatchObject({ status: 'applied', dossier: { code, status: 4 } });
    });

    it('answers 403 forbidden with a vi/en message to each route outside the kind\'s scopes, from the one route table', async () => {
      const kiosk = await publicKiosk();
      const c = await counter();
      const probe = (path: string) => path.replace(':id', '00000000-0000-0000-0000-000000000000').replace(':code', `${A1}-250101-0001`)
        .replace(':sha256', '0'.repeat(64)).replace(':index', '0');
      let refused = 0;
      for (const r of ROUTES.filter((x) => x.auth === 'device')) {
        expect(r.scope, `${r.method} ${r.path}`).toBeDefined();
        const body = r.method === 'POST' ? {} : undefined;
        const k = await kiosk.api(r.method, probe(r.path), body);
        if (DEVICE_SCOPES.kiosk.includes(r.scope!)) {
          expect(k.status, `${r.method} ${r.path}`).not.toBe(403);
        } else {
          refused++;
          expect(k.status, `${r.method} ${r.path}`).toBe(403);
          expect(k.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'scope', scope: r.scope, deviceKind: 'kiosk' } });
          expect(k.body.error.message.vi).toContain('ki-ốt');
          expect(k.body.error.message.en).toContain('may not');
        }
        // A counter holds every scope.
        expect((await c.api(r.method, probe(r.path), body)).status, `counter ${r.method} ${r.path}`).not.toBe(403);
      }
      // Leases (list, take, release), signing-key registration, and files: declare, resume,
      // chunk, attach, withdraw (file-write), a dossier's attachments and a file's bytes (file-read).
      expect(refused).toBe(11);
      for (const [method, path] of [['GET', '/v1/changes?limit=1'], ['POST', '/v1/device/rotate'], ['GET', '/v1/device']] as const) {
        expect((await kiosk.api(method, path)).status, path).toBe(200);
      }
      expect((await kiosk.api('POST', '/v1/heartbeat', { pending: 0, oldestPendingMs: null, appVersion: '1', clientTime: new Date().toISOString() })).status).toBe(200);
    });

    it('issues enrollment codes per kind: a kiosk code cannot enroll a counter and stays usable for a kiosk', async () => {
      const issued = await admin('POST', PATHS.adminEnrollCodes, { agency: A1, kind: 'kiosk', counter: 'Sảnh' });
      expect(issued.status).toBe(200);
      expect(issued.body.kind).toBe('kiosk');
      const enroll = (kind: string) => apiClient(gw.url)('POST', PATHS.enroll, { code: issued.body.code, deviceName: 'x', kind, appVersion: '1' });
      const asCounter = await enroll('counter');
      expect(asCounter.status).toBe(400);
      expect(asCounter.body.error).toMatchObject({ code: 'enroll-code-kind', details: { codeKind: 'kiosk', requested: 'counter' } });
      expect(asCounter.body.error.message.vi.length).toBeGreaterThan(0);
      const asKiosk = await enroll('kiosk');
      expect(asKiosk.status).toBe(200);
      expect(asKiosk.body.kind).toBe('kiosk');
      expect((await enroll('kiosk')).body.error.code).toBe('enroll-code-used');
      // The default kind is counter, and a counter code cannot enroll a kiosk either.
      const plain = await admin('POST', PATHS.adminEnrollCodes, { agency: A1 });
      expect(plain.body.kind).toBe('counter');
      expect((await apiClient(gw.url)('POST', PATHS.enroll, { code: plain.body.code, deviceName: 'x', kind: 'kiosk', appVersion: '1' })).body.error.code).toBe('enroll-code-kind');
    });
  });

  describe('the feed of a kiosk-kind device', () => {
    it('carries citizen-safe views only: no staff, PIN verifiers, id hashes, addresses, phones, timelines', async () => {
      const kiosk = await publicKiosk(A2);
      const pulled = await kiosk.pullAll(undefined, 7);
      expect(pulled.status).toBe(200);
      // The province's settings (code patterns, its directory of agencies, old agency codes) are public.
      expect(new Set(pulled.items.map((i) => i.type))).toEqual(new Set(['procedure', 'holiday', 'province', 'citizen']));
      const text = JSON.stringify(pulled.items);
      expect(text).not.toMatch(/pbkdf2|"pin"|proofSalt|"staff|"address"|"phone"|"email"|idHash|idMasked|birthDate|"timeline"|citizenId|"applicant"/i);
      const rows = await gw.db.query<{ data: { code: string; applicant: { name: string; address: string; phone: string | null } } }>(
        'select data from dossiers where agency_code = $1', [A2]);
      const citizens = pulled.items.filter((i) => i.type === 'citizen');
      expect(citizens.map((i) => i.data.code).sort()).toEqual(rows.map((r) => r.data.code).sort());
      for (const r of rows) {
        expect(text).not.toContain(r.data.applicant.name);
        expect(text).not.toContain(r.data.applicant.address);
        if (r.data.applicant.phone) expect(text).not.toContain(r.data.applicant.phone);
      }
      // Each item is the shared projection: masked name, fees (amount, paid), next steps.
      expect(ChangesPage.safeParse((await kiosk.api('GET', '/v1/changes?limit=500')).body).success).toBe(true);
      expect(citizens[0]?.data.applicantMasked).toMatch(/^(\p{Lu}\. ?)+$/u);
      expect(Object.keys(citizens[0]?.data ?? {}).sort()).toEqual(
        ['agency', 'applicantMasked', 'appointmentAt', 'code', 'fees', 'finishedAt', 'procedure', 'rated', 'receivedAt', 'returnedAt', 'status', 'supplements', 'updatedAt']);
    });

    it('follows changes made at a counter, and refuses a cursor issued for the full feed', async () => {
      const kiosk = await publicKiosk(A1);
      const first = await kiosk.pullAll();
      const { code, k } = await intake(A1);
      expect(statuses(await k.push([k.transition(code, 2, 4)]))).toEqual(['applied']);
      const next = await kiosk.pullAll(first.cursor);
      const item = next.items.find((i) => i.type === 'citizen' && i.data.code === code);
      expect(item?.data).toMatchObject({ status: 4, applicantMasked: 'N. V. A.', fees: [{ amount: 10_000, paid: false }] });
      expect(JSON.stringify(next.items)).not.toContain('Nguyễn Văn An');
      // A counter's cursor (or a kiosk's from before it was fed citizen views) starts the feed over.
      const counterCursor = (await k.pullAll()).cursor;
      const r = await kiosk.api('GET', `/v1/changes?cursor=${counterCursor}`);
      expect(r.status).toBe(410);
      expect(r.body.error.code).toBe('cursor-reset');
      expect((await k.api('GET', `/v1/changes?cursor=${first.cursor}`)).body.error.code).toBe('cursor-reset');
    });

    it('gives staff verifiers only to counters of the staff\'s own agency, at 600,000 iterations, never the proof key', async () => {
      const c1 = await counter(A1);
      const c2 = await counter(A2);
      const s1 = (await c1.pullAll()).items.filter((i) => i.type === 'staff');
      const s2 = (await c2.pullAll()).items.filter((i) => i.type === 'staff');
      expect(s1.length).toBeGreaterThanOrEqual(3);
      expect(s1.every((s) => s.data.agencyCode === A1)).toBe(true);
      expect(s2.every((s) => s.data.agencyCode === A2)).toBe(true);
      for (const s of [...s1, ...s2]) {
        expect(s.data.pin.iterations).toBeGreaterThanOrEqual(STAFF_PIN_ITERATIONS);
        expect(s.data.proofSalt).not.toBe(s.data.pin.salt);
        expect(Object.keys(s.data)).not.toContain('proofKey');
      }
      const keys = await gw.db.query<{ proof_key: string }>('select proof_key from staff where agency_code = $1 and proof_key is not null', [A1]);
      const text = JSON.stringify(s1);
      for (const k of keys) expect(text).not.toContain(k.proof_key);
    });
  });

  describe('accountable staff actions', () => {
    it('refuses a staff action without an officer, with an unknown one, or with another agency\'s', async () => {
      const { code, k } = await intake(A1);
      const other = demoStaffIds(A2).counter[0];
      const bare = { id: uuidv7(), type: 'dossier.transition', at: new Date().toISOString(), payload: { code, from: 2, to: 4 } };
      const r = await k.push([
        bare, // no staffId at all (defaults to null)
        { ...bare, id: uuidv7(), staffId: null },
        { ...bare, id: uuidv7(), staffId: 'nobody-here' },
        { ...bare, id: uuidv7(), staffId: other },
      ]);
      expect(r.body.results.map((x: { reason: string }) => x.reason)).toEqual(['staff-unknown', 'staff-unknown', 'staff-unknown', 'staff-unknown']);
      expect(r.body.results[3].message.en).toContain('officer');
      // Even signed with a key of that officer registered on a counter of its own agency.
      const foreign = await counter(A2);
      const signed = signMutation(foreign.officer, { ...bare, id: uuidv7() });
      expect((await k.push([signed])).body.results[0].reason).toBe('staff-unknown');
    });

    it('refuses an officer deactivated before the action, keeps an action recorded offline before the deactivation', async () => {
      const { code, k } = await intake(A3, { receivedAt: minutesAgo(180) });
      const second = await counter(A3, 1);
      const id = second.officer.staffId;
      // Recorded offline while the officer was active; uploaded after the deactivation.
      const offline = signMutation(second.officer, { id: uuidv7(), type: 'dossier.transition', at: minutesAgo(60), payload: { code, from: 2, to: 4 } });
      const deact = await admin('POST', `/v1/admin/staff/${id}/deactivate`);
      expect(deact.status).toBe(200);
      expect(deact.body).toMatchObject({ id, active: false });
      const late = signMutation(second.officer, { id: uuidv7(), type: 'dossier.transition', at: new Date().toISOString(), payload: { code, from: 4, to: 6 } });
      const r = await second.push([offline, late]);
      expect(statuses(r)).toEqual(['applied', 'rejected']);
      expect(r.body.results[1]).toMatchObject({ reason: 'staff-inactive', details: { staffId: id } });
      // A device clock in the future does not help: the time is clamped to the gateway's now.
      const future = signMutation(second.officer, { id: uuidv7(), type: 'dossier.transition', at: new Date(Date.now() + 86_400_000).toISOString(), payload: { code, from: 4, to: 6 } });
      expect((await second.push([future])).body.results[0].reason).toBe('staff-inactive');
      // No key can be registered for a deactivated officer; the feed says inactive.
      const reg = await second.api('POST', PATHS.staffKeys, keyRequest(newOfficerKey(second.dev.deviceId, id), DEMO_PINS.counter, DEMO_PROOF_SALT));
      expect(reg.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'staff-inactive' } });
      const staffItem = (await k.pullAll()).items.find((i) => i.type === 'staff' && i.data.id === id);
      expect(staffItem?.data.active).toBe(false);
      expect((await admin('POST', `/v1/admin/staff/${id}/activate`)).body.active).toBe(true);
      expect(statuses(await second.push([signMutation(second.officer, { id: uuidv7(), type: 'dossier.transition', at: new Date().toISOString(), payload: { code, from: 4, to: 6 } })]))).toEqual(['applied']);
    });

    it('refuses a role that may not act (technician); a leader may', async () => {
      const { code, k } = await intake(A1);
      const tech = demoStaffIds(A1).technician;
      const r = await k.push([{ id: uuidv7(), type: 'dossier.transition', at: new Date().toISOString(), staffId: tech, payload: { code, from: 2, to: 4 } }]);
      expect(r.body.results[0]).toMatchObject({ status: 'rejected', reason: 'staff-role', details: { role: 'technician' } });
      const reg = await k.api('POST', PATHS.staffKeys, keyRequest(newOfficerKey(k.dev.deviceId, tech), DEMO_PINS.technician, DEMO_PROOF_SALT));
      expect(reg.body.error.details.reason).toBe('staff-role');
      const made = await admin('POST', PATHS.adminStaff, { agency: A1, name: 'Lý Thị Mai', title: 'Phó Chủ tịch UBND xã', role: 'leader', pin: '730518' });
      expect(made.status).toBe(200);
      const staff = (await admin('GET', `${PATHS.adminStaff}?agency=${A1}`)).body.staff;
      const leader = staff.find((s: { id: string }) => s.id === made.body.id);
      expect(leader).toMatchObject({ role: 'leader', active: true, pinIterations: STAFF_PIN_ITERATIONS });
      const proofSalt = (await k.pullAll()).items.find((i) => i.type === 'staff' && i.data.id === made.body.id)?.data.proofSalt as string;
      k.officer = await registerOfficerKey(gw.url, k.dev, { id: made.body.id, proofSalt }, '730518');
      expect(statuses(await k.push([k.transition(code, 2, 4)]))).toEqual(['applied']);
    });

    it('records the officer in dossier_events and the timeline, and rates without one', async () => {
      const { code, k } = await intake(A1);
      // A rating naming the officer (as a counter may) is still the citizen's: no officer recorded for it.
      await k.push([k.transition(code, 2, 4), k.payFee(code), { ...k.rate(code, 3), staffId: k.officer!.staffId }]);
      const events = await gw.db.query<{ action: string; staff_id: string | null }>('select action, staff_id from dossier_events where code = $1 order by id', [code]);
      const me = k.officer!.staffId;
      expect(events).toEqual([
        { action: 'dossier.create', staff_id: me }, { action: 'dossier.transition', staff_id: me },
        { action: 'dossier.payFee', staff_id: me }, { action: 'dossier.rate', staff_id: null },
      ]);
      const spare = k.nextCode();
      expect(statuses(await k.push([k.voidCode(spare)]))).toEqual(['applied']);
      expect((await gw.db.query<{ staff_id: string }>('select staff_id from code_voids where code = $1', [spare]))[0]?.staff_id).toBe(me);
    });
  });

  describe('signatures', () => {
    let k: Kiosk & { officer: OfficerKey };
    let code: string;
    const transition = (from: number, to: number): MutationInput =>
      ({ id: uuidv7(), type: 'dossier.transition', at: new Date().toISOString(), payload: { code, from, to } }) as MutationInput;
    beforeAll(async () => {
      k = await counter(A4);
      await k.lease(20);
      code = k.nextCode();
      expect(statuses(await k.push([k.create(code)]))).toEqual(['applied']);
    });

    it('refuses a missing signature, a forged one and one by a key of another officer or device', async () => {
      const staffId = k.officer.staffId;
      const unsigned = { ...transition(2, 4), staffId };
      // An attacker's own key, never registered (a stolen device token cannot register it: no PIN).
      const forger = newOfficerKey(k.dev.deviceId, staffId);
      const forged = signMutation(forger, transition(2, 4));
      // A key registered for another officer on this device, presented as this officer's.
      const colleague = await registerDemoOfficer(gw.url, k.dev, 1);
      const borrowed = { ...signMutation(colleague, transition(2, 4)), staffId };
      borrowed.sig = signatureOf(colleague, borrowed);
      // This officer's key registered on another counter: it does not sign for this one.
      const elsewhere = await counter(A4);
      const otherDevice = signMutation({ ...elsewhere.officer, deviceId: k.dev.deviceId }, transition(2, 4));
      // A signature of the right key over other bytes (the value of a random 64-byte string).
      const garbage = { ...signMutation(k.officer, transition(2, 4)) };
      garbage.sig = { keyId: k.officer.keyId, value: Buffer.alloc(64, 7).toString('base64url') };
      const r = await k.push([unsigned, forged, borrowed, otherDevice, garbage]);
      expect(r.body.results.map((x: { reason: string; details: { why: string } }) => `${x.reason}:${x.details.why}`)).toEqual([
        'signature-invalid:missing', 'signature-invalid:unknown-key', 'signature-invalid:unknown-key', 'signature-invalid:unknown-key', 'signature-invalid:mismatch',
      ]);
      expect(r.body.results[0].message.vi).toContain('Chữ ký');
      const d = await gw.db.query<{ status: number }>('select status from dossiers where code = $1', [code]);
      expect(d[0]?.status).toBe(2);
    });

    it('refuses a signature replayed on another mutation, another payload or another device; a resend is a duplicate', async () => {
      const good = k.sign(transition(2, 4));
      // A tampered copy sent first under the same id is refused and not recorded: the officer's
      // own mutation, arriving next, still applies.
      const tampered = { ...good, payload: { code, from: 2, to: 5 } };
      const movedToNewId = { ...good, id: uuidv7() };
      const movedInTime = { ...good, at: minutesAgo(1) };
      const r = await k.push([tampered, movedToNewId, movedInTime, good]);
      expect(r.body.results.map((x: { status: string; reason?: string; details?: { why: string } }) => x.status === 'rejected' ? `${x.reason}:${x.details?.why}` : x.status))
        .toEqual(['signature-invalid:mismatch', 'signature-invalid:mismatch', 'signature-invalid:mismatch', 'applied']);
      const st = await k.api('POST', PATHS.mutationStatus, { ids: [movedToNewId.id, good.id] });
      expect(st.body.items.map((x: { known: boolean; effects: number }) => [x.known, x.effects])).toEqual([[false, 0], [true, 1]]);
      // The same signed mutation again: at most once, answered with the stored result.
      const again = await k.push([good]);
      expect(again.body.results[0]).toMatchObject({ status: 'duplicate', original: { status: 'applied' } });
      // Another counter of the same agency, whose officer is the same person, replays it.
      const thief = await counter(A4);
      const stolen = await thief.push([{ ...good, id: uuidv7() }, { ...good }]);
      expect(stolen.body.results.map((x: { reason: string; details?: { why: string } }) => `${x.reason}:${x.details?.why}`))
        .toEqual(['signature-invalid:unknown-key', 'id-collision:undefined']);
      const events = await gw.db.query<{ n: number }>('select count(*) as n from dossier_events where mutation_id = $1', [good.id]);
      expect(Number(events[0]?.n)).toBe(1);
    });

    it('applies a mutation signed before its key was registered once the key is (the refusal was not recorded)', async () => {
      const c = await counter(A4);
      await c.lease(2);
      const code2 = c.nextCode();
      expect(statuses(await c.push([c.create(code2)]))).toEqual(['applied']);
      // Signed offline with a key the gateway does not know yet.
      const late = newOfficerKey(c.dev.deviceId, c.officer.staffId);
      const m = signMutation(late, transition(2, 4));
      const signedBefore = { ...m, payload: { ...(m.payload as object), code: code2 } };
      signedBefore.sig = signatureOf(late, signedBefore);
      expect((await c.push([signedBefore])).body.results[0].details.why).toBe('unknown-key');
      expect((await c.api('POST', PATHS.staffKeys, keyRequest(late, DEMO_PINS.counter, DEMO_PROOF_SALT))).status).toBe(200);
      expect(statuses(await c.push([signedBefore]))).toEqual(['applied']);
      expect(statuses(await c.push([signedBefore]))).toEqual(['duplicate']);
    });

    it('registers keys only with a proof from the PIN: a stolen token alone cannot, and each refusal is audited', async () => {
      const staffId = k.officer.staffId;
      const attacker = newOfficerKey(k.dev.deviceId, staffId);
      const guess = await k.api('POST', PATHS.staffKeys, keyRequest(attacker, '135792', DEMO_PROOF_SALT));
      expect(guess.status).toBe(403);
      expect(guess.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'bad-proof' } });
      expect(guess.body.error.message.en).toContain('PIN');
      // A proof made for another device does not register the key here.
      const other = await gw.enroll(A4);
      const elsewhere = keyRequest({ ...attacker, deviceId: other.deviceId }, DEMO_PINS.counter, DEMO_PROOF_SALT);
      expect((await k.api('POST', PATHS.staffKeys, elsewhere)).body.error.details.reason).toBe('bad-proof');
      const audit = await admin('GET', `${PATHS.adminAudit}?action=staff-key.bad-proof`);
      expect(audit.body.entries.length).toBeGreaterThanOrEqual(2);
      expect(audit.body.entries[0]).toMatchObject({ actor: `device:${k.dev.deviceId}`, target: staffId });
      // A key id that is not the key's thumbprint, and a point off the curve, are invalid.
      const good = keyRequest(newOfficerKey(k.dev.deviceId, staffId), DEMO_PINS.counter, DEMO_PROOF_SALT);
      expect((await k.api('POST', PATHS.staffKeys, { ...good, keyId: attacker.keyId })).body.error.code).toBe('validation');
      // Registering the same key twice answers the same; a key cannot move to another officer.
      const first = await k.api('POST', PATHS.staffKeys, good);
      const second = await k.api('POST', PATHS.staffKeys, good);
      expect(first.status).toBe(200);
      expect(second.body).toEqual(first.body);
      const registered = (await admin('GET', `${PATHS.adminAudit}?action=staff-key.register&limit=1000`)).body.entries;
      expect(registered.filter((e: { details: { keyId: string } }) => e.details.keyId === good.keyId)).toHaveLength(1);
    });

    it('refuses keys revoked with a PIN reset; the new PIN registers new keys, the old one no longer does', async () => {
      const c = await counter(A4);
      await c.lease(5);
      const code2 = c.nextCode();
      expect(statuses(await c.push([c.create(code2)]))).toEqual(['applied']);
      const staffId = c.officer.staffId;
      const weak = await admin('POST', `/v1/admin/staff/${staffId}/pin`, { pin: '123456' });
      expect(weak.status).toBe(400);
      expect(weak.body.error).toMatchObject({ code: 'pin-policy', details: { problem: 'guessable' } });
      expect((await admin('POST', `/v1/admin/staff/${staffId}/pin`, { pin: '2468' })).body.error.details.problem).toBe('format');
      const reset = await admin('POST', `/v1/admin/staff/${staffId}/pin`, { pin: '815263', revokeKeys: true });
      expect(reset.status).toBe(200);
      expect(reset.body).toMatchObject({ id: staffId, activeKeys: 0, pinIterations: STAFF_PIN_ITERATIONS });
      const r = await c.push([c.transition(code2, 2, 4)]);
      expect(r.body.results[0]).toMatchObject({ reason: 'signature-invalid', details: { why: 'revoked-key' } });
      const fresh = (await c.pullAll()).items.find((i) => i.type === 'staff' && i.data.id === staffId)?.data;
      expect(fresh.proofSalt).not.toBe(DEMO_PROOF_SALT);
      const old = await c.api('POST', PATHS.staffKeys, keyRequest(newOfficerKey(c.dev.deviceId, staffId), DEMO_PINS.counter, fresh.proofSalt));
      expect(old.body.error.details.reason).toBe('bad-proof');
      const revoked = await c.api('POST', PATHS.staffKeys, keyRequest(c.officer, '815263', fresh.proofSalt));
      expect(revoked.body.error.details.reason).toBe('revoked-key');
      c.officer = await registerOfficerKey(gw.url, c.dev, { id: staffId, proofSalt: fresh.proofSalt }, '815263');
      expect(statuses(await c.push([c.transition(code2, 2, 4)]))).toEqual(['applied']);
      // The other counters of this officer lost their keys too (revokeKeys), and say so.
      expect((await k.push([k.transition(code, 4, 6)])).body.results[0].details.why).toBe('revoked-key');
    });

    it('stops a revoked device at once and revokes its officers\' keys', async () => {
      const c = await counter(A4, 1);
      await c.lease(2);
      const before = (await admin('GET', `${PATHS.adminStaff}?agency=${A4}`)).body.staff.find((s: { id: string }) => s.id === c.officer.staffId).activeKeys;
      const rev = await admin('POST', `/v1/admin/devices/${c.dev.deviceId}/revoke`);
      expect(rev.body.revoked).toBe(true);
      const r = await c.push([c.create(c.nextCode())]);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('device-revoked');
      expect((await c.api('POST', PATHS.staffKeys, keyRequest(newOfficerKey(c.dev.deviceId, c.officer.staffId), DEMO_PINS.counter, DEMO_PROOF_SALT))).status).toBe(401);
      const after = (await admin('GET', `${PATHS.adminStaff}?agency=${A4}`)).body.staff.find((s: { id: string }) => s.id === c.officer.staffId).activeKeys;
      expect(after).toBe(before - 1);
      const keys = await gw.db.query<{ revoked: boolean }>('select revoked_at is not null as revoked from staff_keys where device_id = $1', [c.dev.deviceId]);
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.every((x) => x.revoked)).toBe(true);
    });
  });

  describe('PINs, staff administration, admin tokens and the audit log', () => {
    it('creates staff only with a PIN that resists guessing, stores no PIN, and audits every change with the acting token', async () => {
      for (const [pin, problem] of [['1234', 'format'], ['111111', 'guessable'], ['987654', 'guessable'], ['12345a', 'format']] as const) {
        const r = await admin('POST', PATHS.adminStaff, { agency: A2, name: 'Hà Văn Nam', role: 'counter', pin });
        expect(r.status, pin).toBe(400);
        expect(r.body.error).toMatchObject({ code: 'pin-policy', details: { problem } });
        expect(r.body.error.message.vi).toContain('6 đến 12');
      }
      const made = await admin('POST', PATHS.adminStaff, { id: 'a2-hanam', agency: A2, name: 'Hà Văn Nam', title: 'Công chức Địa chính', role: 'counter', pin: '604172' });
      expect(made.status).toBe(200);
      expect((await admin('POST', PATHS.adminStaff, { id: 'a2-hanam', agency: A2, name: 'X', role: 'counter', pin: '604172' })).body.error).toMatchObject({ code: 'validation', details: { field: 'id' } });
      const row = await gw.db.query<{ data: string; proof_key: string }>('select data::text as data, proof_key from staff where id = $1', [made.body.id]);
      expect(row[0]?.data).not.toContain('604172');
      expect(row[0]?.data).not.toContain(row[0]?.proof_key);
      expect(JSON.parse(row[0]!.data).pin.iterations).toBe(STAFF_PIN_ITERATIONS);
      expect((await admin('POST', '/v1/admin/staff/nobody/pin', { pin: '604172' })).status).toBe(404);
      await admin('POST', `/v1/admin/staff/${made.body.id}/pin`, { pin: '529371' });
      await admin('POST', `/v1/admin/staff/${made.body.id}/deactivate`);
      const audit = (await admin('GET', PATHS.adminAudit)).body.entries as { actor: string; action: string; target: string; details: unknown }[];
      const mine = audit.filter((e) => e.target === made.body.id).map((e) => e.action);
      expect(mine).toEqual(['staff.deactivate', 'staff.set-pin', 'staff.create']);
      expect(audit.filter((e) => e.target === made.body.id).every((e) => e.actor === gw.adminTokenId)).toBe(true);
      expect(JSON.stringify(audit)).not.toMatch(/604172|529371/);
      const byAction = async (action: string) => (await admin('GET', `${PATHS.adminAudit}?action=${action}&limit=1000`)).body.entries as { actor: string }[];
      expect((await byAction('enroll-code.create')).some((e) => e.actor === gw.adminTokenId)).toBe(true);
      expect((await byAction('device.revoke')).some((e) => e.actor === gw.adminTokenId)).toBe(true);
    });

    it('labels admin tokens with their creation and last use, revokes them at once, and audits the revocation', async () => {
      const console_ = await createAdminToken(gw.db, 'Sở Nội vụ - bảng điều khiển');
      const api = apiClient(gw.url, console_.token);
      expect((await api('GET', PATHS.adminKiosks)).status).toBe(200);
      const list = (await admin('GET', PATHS.adminTokens)).body.tokens as { id: string; label: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null }[];
      const row = list.find((t) => t.id === console_.id);
      expect(row).toMatchObject({ label: 'Sở Nội vụ - bảng điều khiển', revokedAt: null });
      expect(Date.parse(row!.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(row!.createdAt) - 1000);
      expect(JSON.stringify(list)).not.toContain(console_.token);
      const rev = await admin('POST', `/v1/admin/tokens/${console_.id}/revoke`);
      expect(rev.body.revoked).toBe(true);
      const after = await api('GET', PATHS.adminKiosks);
      expect(after.status).toBe(401);
      expect(after.body.error.code).toBe('unauthorized');
      const audit = (await admin('GET', `${PATHS.adminAudit}?action=admin-token.revoke`)).body.entries;
      expect(audit[0]).toMatchObject({ actor: gw.adminTokenId, target: console_.id });
      // Device tokens never open admin routes, admin tokens never device routes.
      expect((await apiClient(gw.url, gw.adminToken)('GET', '/v1/changes')).status).toBe(401);
    });
  });
});

describe('gateway CLI: staff and tokens', () => {
  const run = promisify(execFile);
  const TSX = 'node_modules/.bin/tsx';
  const cli = async (args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> => {
    if (stdin === undefined) {
      try {
        const r = await run(TSX, ['src/cli/gateway.ts', ...args], { timeout: 90_000 });
        return { code: 0, stdout: r.stdout, stderr: r.stderr };
      } catch (err) {
        const e = err as { code: number; stdout: string; stderr: string };
        return { code: e.code, stdout: e.stdout, stderr: e.stderr };
      }
    }
    const child = spawn(TSX, ['src/cli/gateway.ts', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += String(c)));
    child.stderr.on('data', (c) => (stderr += String(c)));
    child.stdin.end(stdin);
    const code = await new Promise<number>((r) => child.on('exit', (c) => r(c ?? -1)));
    return { code, stdout, stderr };
  };

  it('adds an officer, sets a PIN from stdin, refuses a weak one, deactivates; prints one JSON line, never a PIN', { timeout: 240_000 }, async () => {
    const db = await freshDatabase(TEST_PG_URL);
    try {
      const url = ['--database-url', db.url];
      // An officer only in an agency the province has: not yet (404, nothing made), then after an enrollment code brought it in.
      const early = await cli(['staff', 'add', '--agency', A1, '--name', 'Triệu Thị Hạnh', '--role', 'counter', ...url], '418207\n');
      expect(early.code).toBe(1);
      expect(early.stderr).toMatch(/not-found/);
      // A typo is not an agency: refused, as the console's route does (a well-formed new code brings one in).
      const typo = await cli(['enroll-code', '--agency', 'GARBAGE', ...url]);
      expect(typo.code).toBe(1);
      expect(typo.stderr).toMatch(/not-found/);
      expect((await cli(['enroll-code', '--agency', A1, ...url])).code).toBe(0);
      const add = await cli(['staff', 'add', '--agency', A1, '--name', 'Triệu Thị Hạnh', '--title', 'Công chức Văn hóa - Xã hội', '--role', 'counter', '--id', 'cli-hanh', ...url], '418207\n');
      expect(add.code, add.stderr).toBe(0);
      expect(add.stdout.trim().split('\n')).toHaveLength(1);
      expect(JSON.parse(add.stdout)).toMatchObject({ id: 'cli-hanh', agencyCode: A1, role: 'counter', active: true, pinIterations: STAFF_PIN_ITERATIONS });
      const weak = await cli(['staff', 'set-pin', '--staff', 'cli-hanh', '--pin', '000000', ...url]);
      expect(weak.code).toBe(1);
      expect(weak.stdout).toBe('');
      expect(weak.stderr).toContain('pin-policy');
      const set = await cli(['staff', 'set-pin', '--staff', 'cli-hanh', ...url], '390614\n');
      expect(set.code, set.stderr).toBe(0);
      expect(set.stdout).not.toContain('390614');
      const off = await cli(['staff', 'deactivate', '--staff', 'cli-hanh', ...url]);
      expect(JSON.parse(off.stdout)).toMatchObject({ id: 'cli-hanh', active: false });
      const token = JSON.parse((await cli(['admin-token', '--label', 'bảng điều khiển tỉnh', ...url])).stdout) as { token: string; id: string };
      expect(token.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      const code = JSON.parse((await cli(['enroll-code', '--agency', A1, '--kind', 'kiosk', ...url])).stdout) as { kind: string };
      expect(code.kind).toBe('kiosk');
      // What the CLI did is in the audit log, as `cli`.
      const gw = await startGateway({ storage: { databaseUrl: db.url, fresh: false } });
      try {
        const audit = (await apiClient(gw.url, token.token)('GET', PATHS.adminAudit)).body.entries as { actor: string; action: string }[];
        // The newest first: the test's own admin token, then what the commands did.
        expect(audit.map((e) => `${e.actor} ${e.action}`)).toEqual([
          'cli admin-token.create', 'cli enroll-code.create', 'cli admin-token.create', 'cli staff.deactivate', 'cli staff.set-pin', 'cli staff.create', 'cli enroll-code.create',
        ]);
        const tokens = (await apiClient(gw.url, token.token)('GET', PATHS.adminTokens)).body.tokens as { id: string; label: string }[];
        expect(tokens.find((t) => t.id === token.id)?.label).toBe('bảng điều khiển tỉnh');
      } finally {
        await gw.close();
      }
    } finally {
      await db.drop();
    }
  });
});
