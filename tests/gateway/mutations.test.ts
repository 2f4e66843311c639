import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { MutationBatchResponse, ValidationDetails } from '../../src/shared/protocol';
import { STORAGES } from './storages';
import { staffedCounter } from './kiosk';
import { seedStaff } from '../../src/gateway/demo/seed';

const A1 = '000.00.01.H08';
const A2 = '000.00.02.H08';

describe.each(STORAGES)('mutation batches on %s', (_name, storage) => {
  let gw: TestGateway;
  let dropNext = false;
  beforeAll(async () => {
    gw = await startGateway({
      storage, seed: 'catalog',
      hooks: {
        afterBatchCommit(_info, req) {
          // The crash between commit and response: the change is durable, the answer never leaves.
          if (dropNext) {
            dropNext = false;
            req.raw.socket.destroy();
          }
        },
      },
    });
    await seedStaff(gw.db, A1);
    await seedStaff(gw.db, A2);
  });
  afterAll(async () => gw?.close());
  const kiosk = async (agency = A1) => {
    const k = await staffedCounter(gw, agency);
    await k.lease(50);
    return k;
  };

  it('applies intake, transitions, payment and rating, in order, and validates the answer schema', async () => {
    const k = await kiosk();
    const code = k.nextCode();
    const r = await k.push([k.create(code), k.transition(code, 2, 4), k.transition(code, 4, 6), k.payFee(code), k.transition(code, 6, 9), k.rate(code, 4)]);
    expect(r.status).toBe(200);
    const body = MutationBatchResponse.parse(r.body);
    expect(body.results.map((x) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied', 'applied']);
    const last = body.results[5];
    expect(last?.status === 'applied' && last.dossier).toMatchObject({ status: 9, version: 6, rating: { score: 4 } });
    // The state after the batch rides on the last applied result of the dossier only.
    expect(body.results.slice(0, 5).every((x) => x.status === 'applied' && x.dossier === undefined)).toBe(true);
    expect(body.results.map((x) => (x.status === 'applied' ? x.version : null))).toEqual([1, 2, 3, 4, 5, 6]);
    const d = last?.status === 'applied' ? last.dossier : undefined;
    expect(d?.fees[0]?.paid).toBe(true);
    expect(d?.finishedAt).not.toBeNull();
    expect(d?.applicant.idMasked).toBe('••••••••1234');
    const raw = await gw.db.query<{ data: unknown }>('select data from dossiers where code = $1', [code]);
    expect(JSON.stringify(raw[0]?.data)).not.toContain('008090001234');
  });

  it('applies a mutation id once: a resend and a repeat inside one batch are duplicates with the stored result', async () => {
    const k = await kiosk();
    const code = k.nextCode();
    const c = k.create(code);
    const t = k.transition(code, 2, 4);
    const first = await k.push([c, t, c]);
    expect(first.body.results.map((x: { status: string }) => x.status)).toEqual(['applied', 'applied', 'duplicate']);
    const again = await k.push([c, t]);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', original: { status: 'applied', code, version: 1 } });
    expect(again.body.results[1]).toMatchObject({ status: 'duplicate', original: { status: 'applied', version: 2 }, dossier: { status: 4 } });
    const upper = await k.push([{ ...c, id: c.id.toUpperCase() }]);
    expect(upper.body.results[0]).toMatchObject({ status: 'duplicate', original: { status: 'applied' } });
    const st = await k.api('POST', '/v1/mutations/status', { ids: [c.id, t.id] });
    expect(st.body.items).toEqual([
      { id: c.id, known: true, status: 'applied', effects: 1 },
      { id: t.id, known: true, status: 'applied', effects: 1 },
    ]);
  });

  it('survives a crash between commit and response: the resend gets duplicate, nothing is applied twice', async () => {
    const k = await kiosk();
    const code = k.nextCode();
    const batch = [k.create(code), k.transition(code, 2, 4)];
    dropNext = true;
    await expect(k.push(batch)).rejects.toThrow();
    const resend = await k.push(batch);
    expect(resend.status).toBe(200);
    expect(resend.body.results.map((x: { status: string }) => x.status)).toEqual(['duplicate', 'duplicate']);
    expect(resend.body.results[1].original.status).toBe('applied');
    const events = await gw.db.query<{ n: number }>('select count(*) as n from dossier_events where code = $1', [code]);
    expect(events[0]?.n).toBe(2);
  });

  it('lets exactly one of many concurrent batches move a dossier; the others get a conflict with the server state', async () => {
    const owner = await kiosk();
    const code = owner.nextCode();
    await owner.push([owner.create(code)]);
    const devices = await Promise.all(Array.from({ length: 8 }, () => kiosk()));
    const answers = await Promise.all(devices.map((k, i) => k.push([i % 2 ? k.transition(code, 2, 4) : k.transition(code, 2, 5), k.rate(code, 3)])));
    const first = answers.map((a) => a.body.results[0]);
    expect(first.filter((r: { status: string }) => r.status === 'applied')).toHaveLength(1);
    const conflicts = first.filter((r: { status: string }) => r.status === 'conflict');
    expect(conflicts).toHaveLength(7);
    // Rating has no precondition: all eight apply, serialised, and the version counts every change.
    const rows = await gw.db.query<{ data: { version: number; status: number } }>('select data from dossiers where code = $1', [code]);
    expect(rows[0]?.data.version).toBe(1 + 1 + 8);
    for (const c of conflicts) {
      expect(c.reason).toBe('status-changed');
      expect(c.dossier.status).toBe(rows[0]?.data.status);
    }
  });

  it('keeps going past a poison mutation and explains rejections and conflicts', async () => {
    const k = await kiosk();
    const code = k.nextCode();
    const poison = { ...k.rate(code, 9) };
    const r = await k.push([
      k.create(code), poison, k.transition(code, 2, 10), k.payFee(code, 'P1', 1), k.transition(code, 2, 4),
      k.transition(code, 2, 4), k.payFee(code), k.payFee(code), { ...k.rate(code, 3), type: 'dossier.teleport' },
    ]);
    const s = r.body.results;
    expect(s.map((x: { status: string }) => x.status)).toEqual(['applied', 'rejected', 'rejected', 'rejected', 'applied', 'conflict', 'applied', 'conflict', 'rejected']);
    expect(s[1].reason).toBe('validation');
    expect(ValidationDetails.parse(s[1].details)).toMatchObject({ fieldErrors: { payload: [expect.any(String)] } });
    expect(s[1].details.message).toMatch(/→ at payload\.score/);
    expect(s[2].reason).toBe('transition-not-allowed');
    expect(s[3].reason).toBe('fee-mismatch');
    expect(s[5]).toMatchObject({ reason: 'status-changed', dossier: { status: 4 } });
    expect(s[5].message.vi).toContain('trạng thái');
    expect(s[7].reason).toBe('already-paid');
    expect(s[8].reason).toBe('unknown-type');
    // Rejected ids are remembered too: the resend does not re-evaluate them.
    const again = await k.push([poison]);
    expect(again.body.results[0]).toMatchObject({ status: 'duplicate', original: { status: 'rejected', reason: 'validation' } });
  });

  it('never lets a device read or write another agency\'s dossiers', async () => {
    const k1 = await kiosk(A1);
    const code = k1.nextCode();
    await k1.push([k1.create(code)]);
    const k2 = await kiosk(A2);
    const w = await k2.push([k2.transition(code, 2, 4), k2.create(code), k2.rate(code, 1)]);
    expect(w.body.results.map((x: { reason: string }) => x.reason)).toEqual(['wrong-agency', 'wrong-agency', 'wrong-agency']);
    expect(JSON.stringify(w.body)).not.toContain('Nguyễn Văn An');
    const pulled = await k2.pullAll();
    expect(pulled.items.filter((i) => i.type === 'dossier' && i.data.agencyCode !== A2)).toEqual([]);
    expect(pulled.items.some((i) => i.type === 'dossier' && i.data.code === code)).toBe(false);
    // Lookup may read any agency, citizen-safe fields only.
    const l = await k2.api('GET', `/v1/lookup/${code}`);
    expect(l.status).toBe(200);
    expect(l.body.dossier.applicantMasked).toBe('N. V. A.');
    expect(JSON.stringify(l.body)).not.toMatch(/0912345678|Nà Mạ|idHash|1990-01-02/);
    expect((await k2.api('GET', '/v1/lookup/000.00.01.H08-200101-0001')).status).toBe(404);
  });

  it('rejects a mutation id already used by another device', async () => {
    const k1 = await kiosk();
    const k2 = await kiosk();
    const code = k1.nextCode();
    const m = k1.create(code);
    await k1.push([m]);
    const r = await k2.push([{ ...m, payload: { ...(m.payload as object), code: k2.nextCode() } }]);
    expect(r.body.results[0]).toMatchObject({ status: 'rejected', reason: 'id-collision' });
  });
});
