/** The dossier engine's rules, one by one (the equivalence property covers their combinations). */
import { describe, expect, it } from 'vitest';
import { applyMutation, daysLate, isDossierOverdue, refusalMessage, toCitizenView, type EngineContext, type EngineInput } from '../../src/shared/dossier';
import { DossierStatus } from '../../src/shared/domain';
import type { Dossier, DossierCreate, Procedure } from '../../src/shared/protocol';

const PROC: Procedure = {
  code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', field: 'Hộ tịch', processingDays: 3,
  fees: [{ id: 'LP1', name: 'Lệ phí xác nhận', amount: 15_000 }], documents: ['Tờ khai'], active: true, updatedAt: '2026-01-01T00:00:00.000Z',
};
const RECEIVED = '2026-03-02T02:00:00.000Z';
const ctx = (now = '2026-03-02T03:00:00.000Z'): EngineContext => ({ deviceId: 'dev-1', agencyCode: '000.00.01.H08', now, procedure: (c) => (c === PROC.code ? PROC : undefined) });

const create = (over: Partial<DossierCreate> = {}): EngineInput => ({
  type: 'dossier.create', at: RECEIVED, staffId: 'staff-1',
  payload: {
    code: '000.00.01.H08-260302-0001', procedureCode: PROC.code,
    applicant: { name: 'Lê Thị Thử', idHash: 'a'.repeat(64), idMasked: null, birthDate: '1990', sex: 'female', address: 'Thôn Hai', phone: '0912000111', email: null, citizenId: '001190000123' },
    channel: 1, status: 2, documents: ['Tờ khai'], receivedAt: RECEIVED, appointmentAt: '2026-03-05T10:00:00.000Z',
    fees: [{ id: 'LP1', name: 'Lệ phí xác nhận', amount: 15_000, paid: false, paidAt: null, method: null, reference: null }], note: 'ghi chú', ...over,
  },
});
const move = (from: number, to: number, at = '2026-03-02T03:00:00.000Z'): EngineInput =>
  ({ type: 'dossier.transition', at, staffId: 'staff-2', payload: { code: '000.00.01.H08-260302-0001', from, to, note: null, supplements: to === 5 ? [{ name: 'Giấy chứng sinh', note: 'bản chính' }] : [] } });

function received(): Dossier {
  const r = applyMutation(null, create(), ctx());
  if (!r.ok) throw new Error('create refused');
  return r.dossier;
}

describe('intake', () => {
  it('builds version 1 with one timeline entry, the device, the masked ID and no raw ID', () => {
    const d = received();
    expect(d).toMatchObject({ version: 1, status: 2, agencyCode: '000.00.01.H08', procedureName: PROC.name, finishedAt: null });
    expect(d.applicant.idMasked).toBe('••••••••0123');
    expect(JSON.stringify(d)).not.toContain('001190000123');
    expect(d.timeline).toEqual([{ at: RECEIVED, action: 'create', status: 2, deviceId: 'dev-1', staffId: 'staff-1', note: 'ghi chú' }]);
  });

  it('refuses an unknown procedure, an appointment before the receipt and a taken code', () => {
    expect(applyMutation(null, create({ procedureCode: '9.999999' }), ctx())).toMatchObject({ ok: false, refusal: { status: 'rejected', reason: 'unknown-procedure' } });
    expect(applyMutation(null, create({ appointmentAt: '2026-03-01T00:00:00.000Z' }), ctx())).toMatchObject({ ok: false, refusal: { reason: 'bad-appointment' } });
    expect(applyMutation(received(), create(), ctx())).toMatchObject({ ok: false, refusal: { status: 'conflict', reason: 'code-taken' } });
  });
});

describe('extension (form 04)', () => {
  const ext = (appointmentAt: string, at = '2026-03-04T03:00:00.000Z'): EngineInput =>
    ({ type: 'dossier.extend', at, staffId: 'staff-2', payload: { code: '000.00.01.H08-260302-0001', appointmentAt, reason: 'Cần xác minh tại thôn' } });

  it('moves the appointment later once, with the reason in the timeline and the status unchanged', () => {
    const r = applyMutation(received(), ext('2026-03-10T10:00:00.000Z'), ctx('2026-03-04T03:00:00.000Z'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dossier).toMatchObject({ appointmentAt: '2026-03-10T10:00:00.000Z', status: 2, version: 2 });
    expect(r.dossier.extension).toEqual({ previousAppointmentAt: '2026-03-05T10:00:00.000Z', reason: 'Cần xác minh tại thôn', at: '2026-03-04T03:00:00.000Z' });
    expect(r.dossier.timeline.at(-1)).toEqual({ at: '2026-03-04T03:00:00.000Z', action: 'extend', status: null, deviceId: 'dev-1', staffId: 'staff-2', note: 'Cần xác minh tại thôn' });
    expect(r.events).toEqual([{ code: r.dossier.code, action: 'dossier.extend', at: '2026-03-04T03:00:00.000Z', staffId: 'staff-2', status: 2 }]);
    const again = applyMutation(r.dossier, ext('2026-03-12T10:00:00.000Z'), ctx('2026-03-04T04:00:00.000Z'));
    expect(again).toMatchObject({ ok: false, refusal: { status: 'conflict', reason: 'already-extended' } });
  });

  it('refuses an appointment that is not later, and a dossier that is settled or closed', () => {
    expect(applyMutation(received(), ext('2026-03-05T10:00:00.000Z'), ctx())).toMatchObject({ ok: false, refusal: { status: 'rejected', reason: 'appointment-not-later' } });
    // Overdue (appointment 5 March, extended on the 9th): a new date later than the old one but
    // already past is refused; one still to come is taken.
    expect(applyMutation(received(), ext('2026-03-06T10:00:00.000Z', '2026-03-09T03:00:00.000Z'), ctx('2026-03-09T03:00:00.000Z'))).toMatchObject({ ok: false, refusal: { reason: 'appointment-not-later' } });
    expect(applyMutation(received(), ext('2026-03-12T10:00:00.000Z', '2026-03-09T03:00:00.000Z'), ctx('2026-03-09T03:00:00.000Z')).ok).toBe(true);
    for (const [from, to] of [[2, 9], [2, 8], [2, 7]] as const) {
      const moved = applyMutation(received(), move(from, to), ctx());
      if (!moved.ok) throw new Error('move refused');
      const r = applyMutation(moved.dossier, ext('2026-03-10T10:00:00.000Z'), ctx());
      expect(r, `status ${to}`).toMatchObject({ ok: false, refusal: { status: 'rejected', reason: 'not-extendable', params: { status: to } } });
      if (!r.ok) expect(refusalMessage(r.refusal).vi).toContain(String(to));
    }
  });
});

describe('transitions', () => {
  it('follows the status table and names the statuses in its refusal', () => {
    const r = applyMutation(received(), move(2, 10), ctx());
    expect(r).toMatchObject({ ok: false, refusal: { status: 'rejected', reason: 'transition-not-allowed' } });
    if (!r.ok) expect(refusalMessage(r.refusal)).toEqual({ vi: 'Không được chuyển trạng thái 2 → 10.', en: 'Transition 2 → 10 is not allowed.' });
  });

  it('answers a conflict when the dossier is no longer where the device believed', () => {
    const r = applyMutation(received(), move(4, 9), ctx());
    expect(r).toMatchObject({ ok: false, refusal: { status: 'conflict', reason: 'status-changed', params: { status: 2, from: 4 } } });
  });

  it('records supplements on 5, the finish on 9, the return on 10, and a finish on a direct 2 → 9 → 10', () => {
    let d = received();
    for (const [from, to] of [[2, 5], [5, 4], [4, 9], [9, 10]] as const) {
      const r = applyMutation(d, move(from, to, `2026-03-0${to === 10 ? 4 : 3}T02:00:00.000Z`), ctx('2026-03-05T00:00:00.000Z'));
      if (!r.ok) throw new Error(`refused ${from} → ${to}`);
      d = r.dossier;
    }
    expect(d.supplements).toEqual([{ name: 'Giấy chứng sinh', note: 'bản chính', requestedAt: '2026-03-03T02:00:00.000Z' }]);
    expect(d).toMatchObject({ status: 10, finishedAt: '2026-03-03T02:00:00.000Z', returnedAt: '2026-03-04T02:00:00.000Z', version: 5 });
    expect(d.timeline.map((e) => e.status)).toEqual([2, 5, 4, 9, 10]);
  });

  it('clamps an action time into [receipt, now]: a clock behind or ahead moves neither', () => {
    const behind = applyMutation(received(), move(2, 4, '2020-01-01T00:00:00.000Z'), ctx());
    expect(behind.ok && behind.dossier.timeline.at(-1)?.at).toBe(RECEIVED);
    const ahead = applyMutation(received(), move(2, 4, '2030-01-01T00:00:00.000Z'), ctx('2026-03-02T03:00:00.000Z'));
    expect(ahead.ok && ahead.dossier.timeline.at(-1)?.at).toBe('2026-03-02T03:00:00.000Z');
  });

  it('never moves updatedAt back when a later change is applied with an earlier clock', () => {
    const d = received();
    const r = applyMutation({ ...d, updatedAt: '2026-03-09T00:00:00.000Z' }, move(2, 4), ctx('2026-03-02T03:00:00.000Z'));
    expect(r.ok && r.dossier.updatedAt).toBe('2026-03-09T00:00:00.000Z');
  });
});

describe('fees and rating', () => {
  const pay = (amount = 15_000, feeId = 'LP1'): EngineInput => ({ type: 'dossier.payFee', at: '2026-03-02T03:00:00.000Z', staffId: 'staff-3', payload: { code: '000.00.01.H08-260302-0001', feeId, amount, method: 'cash', reference: null } });

  it('marks a fee paid once, with its name in the timeline', () => {
    const r = applyMutation(received(), pay(), ctx());
    if (!r.ok) throw new Error('refused');
    expect(r.dossier.fees[0]).toMatchObject({ paid: true, method: 'cash', paidAt: '2026-03-02T03:00:00.000Z' });
    expect(r.dossier.timeline.at(-1)).toMatchObject({ action: 'payFee', status: null, note: 'Lệ phí xác nhận', staffId: 'staff-3' });
    expect(applyMutation(r.dossier, pay(), ctx())).toMatchObject({ ok: false, refusal: { status: 'conflict', reason: 'already-paid' } });
  });

  it('refuses an unknown fee, a wrong amount and a fee on a closed dossier', () => {
    expect(applyMutation(received(), pay(15_000, 'X'), ctx())).toMatchObject({ ok: false, refusal: { reason: 'unknown-fee' } });
    expect(applyMutation(received(), pay(1), ctx())).toMatchObject({ ok: false, refusal: { reason: 'fee-mismatch' } });
    const withdrawn = applyMutation(received(), move(2, DossierStatus.Withdrawn), ctx());
    if (!withdrawn.ok) throw new Error('refused');
    expect(applyMutation(withdrawn.dossier, pay(), ctx())).toMatchObject({ ok: false, refusal: { reason: 'dossier-closed' } });
  });

  it('rates a received dossier with a timeline entry, and never one only submitted online', () => {
    const rate: EngineInput = { type: 'dossier.rate', at: '2026-03-02T03:00:00.000Z', staffId: null, payload: { code: '000.00.01.H08-260302-0001', score: 4 } };
    const r = applyMutation(received(), rate, ctx());
    expect(r.ok && r.dossier.rating).toEqual({ score: 4, at: '2026-03-02T03:00:00.000Z' });
    expect(r.ok && r.dossier.timeline.at(-1)).toMatchObject({ action: 'rate', status: null, staffId: null });
    expect(applyMutation({ ...received(), status: 1 }, rate, ctx())).toMatchObject({ ok: false, refusal: { reason: 'not-ratable' } });
    expect(applyMutation(null, rate, ctx())).toMatchObject({ ok: false, refusal: { reason: 'unknown-dossier' } });
  });
});

describe('derived facts and the citizen view', () => {
  it('derives overdue and days late in Vietnamese days, never as a status', () => {
    const d = received(); // appointment 5 March 17:00 in Vietnam
    expect(isDossierOverdue(d, Date.parse('2026-03-05T09:00:00.000Z'))).toBe(false);
    expect(isDossierOverdue(d, Date.parse('2026-03-05T10:30:00.000Z'))).toBe(true);
    expect(daysLate(d, Date.parse('2026-03-08T03:00:00.000Z'))).toBe(3);
    expect(daysLate({ ...d, finishedAt: '2026-03-05T01:00:00.000Z' }, Date.parse('2026-03-20T03:00:00.000Z'))).toBe(0);
  });

  it('projects initials, dates, fees and the supplement list only, nothing personal or internal', () => {
    const r = applyMutation(received(), move(2, 5), ctx());
    if (!r.ok) throw new Error('refused');
    const v = toCitizenView(r.dossier, 'UBND xã Thử');
    expect(v).toMatchObject({ applicantMasked: 'L. T. T.', agency: { name: 'UBND xã Thử' }, supplements: [{ name: 'Giấy chứng sinh', note: 'bản chính' }] });
    const json = JSON.stringify(v);
    for (const secret of ['Lê Thị Thử', 'Thôn Hai', '0912000111', 'a'.repeat(64), '0123', 'staff-', 'dev-1', 'ghi chú']) expect(json).not.toContain(secret);
    expect(toCitizenView(received(), 'x').supplements).toEqual([]);
  });

  it('says whether a rating is recorded, not which', () => {
    expect(toCitizenView(received(), 'x').rated).toBe(false);
    const r = applyMutation(received(), { type: 'dossier.rate', at: '2026-03-02T04:00:00.000Z', staffId: null, payload: { code: '000.00.01.H08-260302-0001', score: 1 } }, ctx());
    if (!r.ok) throw new Error('refused');
    const v = toCitizenView(r.dossier, 'x');
    expect(v.rated).toBe(true);
    expect(JSON.stringify(v)).not.toMatch(/score/);
  });
});
