/**
 * The national-portal adapter against a fake portal that checks every request against schemas
 * written from the public shapes (tests/helpers/fake-portal.ts; docs/DOMAIN.md §11): the call
 * sequence of each status transition, the portal's error forms (session expired, rate limit,
 * refusal), retries of 500s and timeouts with the dossier's order kept, refusals kept visible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { startFakePortal, portalConfig, HoSoSchema, TienDoSchema, type FakePortal, type PortalCall } from '../helpers/fake-portal';
import { nationalPortalAdapter, portalConfigFromEnv, portalRequests, portalTime, toPortalDossier } from '../../src/gateway/adapters/national-portal';
import { DeliveryError } from '../../src/gateway/adapters/types';
import { toEpochMs } from '../../src/shared/domain';
import type { Dossier } from '../../src/shared/protocol';
import { ensureAgency } from '../../src/gateway/store/devices';
import { DEMO_AGENCIES } from '../../src/gateway/demo/catalog';
import { STORAGES } from './storages';
import { staffedCounter } from './kiosk';
import { seedStaff } from '../../src/gateway/demo/seed';

const CITIZEN_ID = '008090001234';
const OFFICER = { id: 's1', name: 'Nguyễn Thị Lan', title: 'Công chức Tư pháp - Hộ tịch' };

const sample: Dossier = {
  code: '000.00.01.H08-250304-0007', agencyCode: '000.00.01.H08', procedureCode: '1.004227',
  procedureName: 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu',
  applicant: { name: 'Ma Thị Hoa', idHash: 'a'.repeat(64), idMasked: '••••••••0042', birthDate: '1985', sex: 'female', address: 'Thôn Nà Mạ, Xã Hùng Lợi', phone: '0912000111', email: null },
  channel: 1, status: 5, documents: ['Đơn đăng ký đất đai', 'Sơ đồ thửa đất'],
  receivedAt: '2025-03-04T02:15:09.000Z', appointmentAt: '2025-03-31T17:30:00.000Z', finishedAt: null, returnedAt: null,
  fees: [{ id: 'LP1', name: 'Lệ phí cấp giấy chứng nhận', amount: 100_000, paid: true, paidAt: '2025-03-04T02:20:00.000Z', method: 'cash', reference: null }],
  supplements: [{ name: 'Sơ đồ thửa đất', requestedAt: '2025-03-10T03:00:00.000Z', note: 'Thiếu chữ ký' }],
  rating: null,
  timeline: [
    { at: '2025-03-04T02:15:09.000Z', action: 'create', status: 2, deviceId: 'd1', staffId: 's1', note: null },
    { at: '2025-03-10T03:00:00.000Z', action: 'transition', status: 5, deviceId: 'd1', staffId: 's1', note: null },
  ],
  updatedAt: '2025-03-10T03:00:00.000Z', version: 3,
};

describe('national-portal mapping', () => {
  it('writes times as yyyyMMddHHmmss in Asia/Ho_Chi_Minh, across midnight too', () => {
    expect(portalTime('2025-03-04T02:15:09.000Z')).toBe('20250304091509');
    expect(portalTime('2025-12-31T17:30:00.000Z')).toBe('20260101003000');
    expect(portalTime(null)).toBe('');
    expect(toEpochMs(portalTime('2025-07-01T23:59:59.000Z'))).toBe(Date.parse('2025-07-01T23:59:59.000Z'));
  });

  it('maps the domain model to the public DongBoHoSoMC fields: agency by name, no citizen ID anywhere', () => {
    const p = toPortalDossier(sample, 'UBND Xã Hùng Lợi', { code: 'G09', name: 'Đất đai' });
    expect(HoSoSchema.safeParse(p).success).toBe(true);
    expect(p).toMatchObject({
      MaHoSo: sample.code, MaTTHC: '1.004227', TenTTHC: sample.procedureName, MaLinhVuc: 'G09', TenLinhVuc: 'Đất đai',
      ChuHoSo: 'Ma Thị Hoa', LoaiDoiTuong: '1', MaDoiTuong: '', SoDienThoai: '0912000111', Email: '',
      NgayTiepNhan: '20250304091509', NgayHenTra: '20250401003000', TrangThaiHoSo: '5', NgayTra: '', HinhThuc: '0',
      NgayKetThucXuLy: '', DonViXuLy: 'UBND Xã Hùng Lợi',
    });
    expect(p.DanhSachLePhi).toEqual([{ TenPhiLePhi: 'Lệ phí cấp giấy chứng nhận', MaPhiLePhi: 'LP1', HinhThucThu: 'Tiền mặt', Gia: 100_000, LoaiPhiLePhi: '1' }]);
    expect(p.DanhSachHoSoBoSung).toHaveLength(1);
    expect(p.DanhSachHoSoBoSung[0]).toMatchObject({ NoiDungBoSung: 'Sơ đồ thửa đất: Thiếu chữ ký', NgayBoSung: '20250310100000', DanhSachGiayToBoSung: 'Sơ đồ thửa đất' });
    expect(p.DanhSachTepDinhKemKhac.map((t) => t.TenGiayTo)).toEqual(sample.documents);
    const all = portalRequests({ dossier: sample, citizenId: CITIZEN_ID, officer: OFFICER, isNew: true, agencyName: 'UBND Xã Hùng Lợi' });
    expect(JSON.stringify(all)).not.toContain(CITIZEN_ID);
  });

  it('sends the dossier, then the processing step with the officer as processing officer; a rating alone sends the dossier only', () => {
    const [sync, progress, ...rest] = portalRequests({ dossier: sample, citizenId: null, officer: OFFICER, isNew: true, agencyName: 'UBND Xã Hùng Lợi', staffActed: true });
    expect(rest).toEqual([]);
    expect(sync).toMatchObject({ service: 'DongBoHoSoMC', isUpdating: 'False' });
    expect(progress?.service).toBe('CapNhatTienDoHoSoMC');
    const step = (progress as Extract<PortalCall, { service: 'CapNhatTienDoHoSoMC' }>).data[0]!;
    expect(TienDoSchema.safeParse(step).success).toBe(true);
    expect(step).toEqual({
      MaHoSo: sample.code, NguoiXuLy: 'Nguyễn Thị Lan', ChucDanh: 'Công chức Tư pháp - Hộ tịch', ThoiDiemXuLy: '20250310100000',
      PhongBanXuLy: '', NoiDungXuLy: 'Chuyển trạng thái: Yêu cầu bổ sung giấy tờ', TrangThai: '5', NgayBatDau: '20250304091509', NgayKetThucTheoQuyDinh: '20250401003000',
    });
    const rated = { ...sample, timeline: [...sample.timeline, { at: '2025-03-11T03:00:00.000Z', action: 'rate' as const, status: null, deviceId: 'k1', staffId: null, note: null }] };
    expect(portalRequests({ dossier: rated, citizenId: null, officer: OFFICER, isNew: false, agencyName: 'X', staffActed: false }).map((r) => r.service)).toEqual(['DongBoHoSoMC']);
  });

  it('reads the portal connection for serve from the environment, all or nothing, https off loopback', () => {
    const env = {
      KIOSK_PORTAL_URL: 'https://portal.example.test/api', KIOSK_PORTAL_AUTH_ENDPOINT: '/auth', KIOSK_PORTAL_INTEGRATION_ENDPOINT: '/integration',
      KIOSK_PORTAL_USERNAME: 'tinh', KIOSK_PORTAL_PASSWORD: 'bi-mat', KIOSK_PORTAL_MADONVI: '000.00.00.H08',
    };
    expect(portalConfigFromEnv({})).toBeNull();
    expect(portalConfigFromEnv(env)).toEqual({
      adapterUrl: 'https://portal.example.test/api', authEndpoint: '/auth', integrationEndpoint: '/integration', username: 'tinh', password: 'bi-mat', madonvi: '000.00.00.H08',
    });
    expect(() => portalConfigFromEnv({ ...env, KIOSK_PORTAL_PASSWORD: undefined })).toThrow(/missing KIOSK_PORTAL_PASSWORD$/);
    expect(() => portalConfigFromEnv({ ...env, KIOSK_PORTAL_URL: 'http://portal.example.test/api' })).toThrow(/must be https/);
    expect(portalConfigFromEnv({ ...env, KIOSK_PORTAL_URL: 'http://127.0.0.1:9/' })?.adapterUrl).toBe('http://127.0.0.1:9/');
  });

  it('classifies a request the portal finds malformed (400) as refused for good', async () => {
    const portal = await startFakePortal();
    try {
      const adapter = nationalPortalAdapter(portalConfig(portal));
      const err = await adapter.deliver({ service: 'DongBoHoSoMC', data: [{ MaHoSo: 'x' }] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeliveryError);
      expect(err).toMatchObject({ code: 'portal-refused', permanent: true });
      expect(portal.invalid).toHaveLength(1);
      // A wrong password is a failed login, retried later (the province fixes its account).
      const wrong = nationalPortalAdapter({ ...portalConfig(portal), password: 'sai' });
      expect(await wrong.deliver({ service: 'CapNhatTienDoHoSoMC', data: [] }).catch((e: unknown) => e)).toMatchObject({ code: 'portal-login-failed', permanent: false });
    } finally {
      await portal.close();
    }
  });
});

type Step = {
  push: 'create' | 'refuseAtIntake' | 'payFee' | 'rate' | 'extend' | [from: number, to: number, extra?: Record<string, unknown>];
  expect: [service: string, status: string, isUpdating?: string][];
};

describe.each(STORAGES)('national-portal contract on %s', (_name, storage) => {
  const AGENCY = DEMO_AGENCIES[4]!;
  let gw: TestGateway;
  let portal: FakePortal;
  let k: Awaited<ReturnType<typeof staffedCounter>>;
  beforeAll(async () => {
    portal = await startFakePortal();
    gw = await startGateway({ storage, seed: 'catalog', adapters: [nationalPortalAdapter(portalConfig(portal, 300))], outboxIntervalMs: 20, outboxBackoffMs: 20 });
    await ensureAgency(gw.db, AGENCY.code, AGENCY.name);
    await seedStaff(gw.db, AGENCY.code);
    k = await staffedCounter(gw, AGENCY.code);
    await k.lease(20);
  });
  afterAll(async () => {
    await gw?.close();
    await portal?.close();
  });

  const admin = async (path: string, method = 'GET') => {
    const r = await fetch(`${gw.url}${path}`, { method, headers: { authorization: `Bearer ${gw.adminToken}`, 'x-kiosk-protocol': '1' } });
    return { status: r.status, body: await r.json() };
  };
  /** Until the dossier's rows are all delivered or refused. */
  const settled = async (code: string, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const open = await gw.db.query<{ n: number }>('select count(*) as n from outbox where ref = $1 and delivered_at is null and refused_at is null', [code]);
      if (Number(open[0]?.n) === 0) return;
      if (Date.now() > deadline) throw new Error(`outbox rows of ${code} still pending`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const callsOf = (code: string): [string, string, string?][] => portal.calls
    .filter((c) => c.data[0]?.MaHoSo === code)
    .map((c) => c.service === 'DongBoHoSoMC' ? [c.service, c.data[0]!.TrangThaiHoSo, c.isUpdating] : [c.service, c.data[0]!.TrangThai]);
  const push = async (code: string, step: Step['push']): Promise<void> => {
    const refusedAt = new Date().toISOString();
    const m = step === 'create' ? k.create(code)
      // Refused at intake (form 03): a code in status 3, no fees, the appointment the receipt time.
      : step === 'refuseAtIntake' ? k.create(code, { status: 3, fees: [], receivedAt: refusedAt, appointmentAt: refusedAt, note: 'Hồ sơ không thuộc thẩm quyền' })
        : step === 'payFee' ? k.payFee(code) : step === 'rate' ? k.rate(code, 4) : step === 'extend' ? k.extend(code)
          : k.transition(code, step[0], step[1], step[2] ?? {});
    const r = await k.push([m]);
    expect(r.status).toBe(200);
    expect((r.body as { results: { status: string }[] }).results[0]?.status).toBe('applied');
  };

  const S = 'DongBoHoSoMC';
  const P = 'CapNhatTienDoHoSoMC';
  const PATHS: Record<string, Step[]> = {
    'received, processed with a supplement and a fee, done, handed back, rated': [
      { push: 'create', expect: [[S, '2', 'False'], [P, '2']] },
      { push: [2, 4], expect: [[S, '4', 'True'], [P, '4']] },
      { push: [4, 5, { supplements: [{ name: 'Bản sao giấy khai sinh', note: 'Chưa chứng thực' }] }], expect: [[S, '5', 'True'], [P, '5']] },
      { push: [5, 4], expect: [[S, '4', 'True'], [P, '4']] },
      { push: [4, 6], expect: [[S, '6', 'True'], [P, '6']] },
      { push: 'payFee', expect: [[S, '6', 'True'], [P, '6']] },
      { push: [6, 9], expect: [[S, '9', 'True'], [P, '9']] },
      { push: [9, 10], expect: [[S, '10', 'True'], [P, '10']] },
      { push: 'rate', expect: [[S, '10', 'True']] },
    ],
    'received and stopped': [
      { push: 'create', expect: [[S, '2', 'False'], [P, '2']] },
      { push: [2, 8], expect: [[S, '8', 'True'], [P, '8']] },
    ],
    'received and withdrawn': [
      { push: 'create', expect: [[S, '2', 'False'], [P, '2']] },
      { push: [2, 7], expect: [[S, '7', 'True'], [P, '7']] },
    ],
    'refused at intake': [
      { push: 'refuseAtIntake', expect: [[S, '3', 'False'], [P, '3']] },
    ],
    'a supplement asked at once, then stopped': [
      { push: 'create', expect: [[S, '2', 'False'], [P, '2']] },
      { push: [2, 5, { supplements: [{ name: 'Tờ khai', note: null }] }], expect: [[S, '5', 'True'], [P, '5']] },
      { push: [5, 8], expect: [[S, '8', 'True'], [P, '8']] },
    ],
    'result ready at once, handed back': [
      { push: 'create', expect: [[S, '2', 'False'], [P, '2']] },
      { push: [2, 9], expect: [[S, '9', 'True'], [P, '9']] },
      { push: [9, 10], expect: [[S, '10', 'True'], [P, '10']] },
    ],
    'sent for approval, extended with an apology, then stopped': [
      { push: 'create', expect: [[S, '2', 'False'], [P, '2']] },
      { push: [2, 6], expect: [[S, '6', 'True'], [P, '6']] },
      { push: 'extend', expect: [[S, '6', 'True'], [P, '6']] },
      { push: [6, 8], expect: [[S, '8', 'True'], [P, '8']] },
    ],
  };

  it.each(Object.entries(PATHS))('makes the right call sequence for each transition: %s', async (_path, steps) => {
    const code = k.nextCode();
    const want: [string, string, string?][] = [];
    for (const step of steps) {
      await push(code, step.push);
      await settled(code);
      want.push(...step.expect);
      expect(callsOf(code)).toEqual(want);
    }
    const progress = portal.calls.filter((c): c is Extract<PortalCall, { service: 'CapNhatTienDoHoSoMC' }> => c.service === P && c.data[0]?.MaHoSo === code);
    for (const c of progress) expect(c.data[0]).toMatchObject({ NguoiXuLy: 'Nguyễn Thị Lan', ChucDanh: 'Công chức Tư pháp - Hộ tịch' });
    expect(progress[0]?.data[0]?.NoiDungXuLy).toBe('Tiếp nhận hồ sơ');
    // The extension is its own step, and the dossier goes out with the new appointment.
    if (steps.some((x) => x.push === 'extend')) {
      expect(progress.map((c) => c.data[0]?.NoiDungXuLy)).toContain('Gia hạn ngày hẹn trả');
      const syncs = portal.calls.filter((c): c is Extract<PortalCall, { service: 'DongBoHoSoMC' }> => c.service === S && c.data[0]?.MaHoSo === code);
      const before = syncs[1]!.data[0]!.NgayHenTra;
      const after = syncs[2]!.data[0]!.NgayHenTra;
      expect(after).not.toBe(before);
    }
    const syncs = portal.calls.filter((c) => c.service === S && c.data[0]?.MaHoSo === code);
    for (const c of syncs) expect(c.data[0]).toMatchObject({ DonViXuLy: AGENCY.name, MaDoiTuong: '' });
    // Every request passed the public-shape schemas; no citizen ID number went out or was queued.
    expect(portal.invalid).toEqual([]);
    expect(JSON.stringify(portal.calls)).not.toContain(CITIZEN_ID);
    const queued = await gw.db.query<{ payload: unknown }>('select payload from outbox where ref = $1', [code]);
    expect(JSON.stringify(queued)).not.toContain(CITIZEN_ID);
  });

  it('retries 500s and timeouts with backoff and keeps the dossier\'s order', async () => {
    const code = k.nextCode();
    portal.faults.push(500, 'timeout', 503);
    await push(code, 'create');
    await push(code, [2, 4]);
    await settled(code);
    expect(callsOf(code)).toEqual([[S, '2', 'False'], [P, '2'], [S, '4', 'True'], [P, '4']]);
    const tries = portal.log.filter((l) => l.ref === code).map((l) => `${l.service}:${l.answer}`);
    expect(tries).toEqual([`${S}:500`, `${S}:timeout`, `${S}:503`, `${S}:200`, `${P}:200`, `${S}:200`, `${P}:200`]);
    const rows = await gw.db.query<{ attempts: number; delivered: boolean }>('select attempts, delivered_at is not null as delivered from outbox where ref = $1 order by id', [code]);
    expect(rows).toEqual([{ attempts: 4, delivered: true }, { attempts: 1, delivered: true }, { attempts: 1, delivered: true }, { attempts: 1, delivered: true }]);
  });

  it('logs in again when the session expired and sends the same request once more', async () => {
    const code = k.nextCode();
    await push(code, 'create');
    await settled(code);
    const logins = portal.logins;
    portal.faults.push('expire-session');
    await push(code, [2, 4]);
    await settled(code);
    expect(portal.logins).toBe(logins + 1);
    const tries = portal.log.filter((l) => l.ref === code).slice(2).map((l) => `${l.service}:${l.answer}`);
    expect(tries).toEqual([`${S}:401`, `${S}:200`, `${P}:200`]);
    const rows = await gw.db.query<{ attempts: number }>('select attempts from outbox where ref = $1 order by id', [code]);
    expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1, 1]);
  });

  it('waits out the portal\'s Retry-After when rate limited', async () => {
    const code = k.nextCode();
    portal.faults.push({ rateLimit: 1 });
    await push(code, 'create');
    await settled(code);
    const mine = portal.log.filter((l) => l.ref === code);
    expect(mine.map((l) => l.answer)).toEqual([429, 200, 200]);
    expect(mine[1]!.at - mine[0]!.at).toBeGreaterThanOrEqual(950);
    expect(callsOf(code)).toEqual([[S, '2', 'False'], [P, '2']]);
  });

  it('keeps a refused request visible in the admin API, does not retry it, and sends it again when requeued', async () => {
    const code = k.nextCode();
    portal.knownProcedures.add('9.999999');
    await push(code, 'create');
    await settled(code);
    portal.knownProcedures.clear();
    // Both of the dossier's requests were refused (the progress step for a dossier the portal lacks too).
    await new Promise((r) => setTimeout(r, 200));
    const rows = await gw.db.query<{ attempts: number; refused: boolean; code: string }>(
      'select attempts, refused_at is not null as refused, last_error_code as code from outbox where ref = $1 order by id', [code]);
    expect(rows).toEqual([{ attempts: 1, refused: true, code: 'portal-refused' }, { attempts: 1, refused: true, code: 'portal-refused' }]);
    const summary = await admin('/v1/admin/outbox');
    expect(summary.status).toBe(200);
    expect(summary.body.refused).toBeGreaterThanOrEqual(2);
    // The gateway says which provincial systems it is set up for (the console's portal tab reads it).
    expect(summary.body.adapters).toEqual(['national-portal']);
    const items = await admin('/v1/admin/outbox/items?state=refused');
    const mine = (items.body.items as { id: number; ref: string; service: string; state: string; error: { code: string; message: { vi: string; en: string }; detail: string } }[]).filter((i) => i.ref === code);
    expect(mine.map((i) => [i.service, i.state, i.error.code])).toEqual([[S, 'refused', 'portal-refused'], [P, 'refused', 'portal-refused']]);
    expect(mine[0]!.error.detail).toContain('Không tìm thấy thủ tục 2.000815');
    expect(mine[0]!.error.message.vi).toContain('từ chối');
    expect(callsOf(code)).toEqual([]);
    for (const item of mine) {
      const r = await admin(`/v1/admin/outbox/items/${item.id}/requeue`, 'POST');
      expect(r.status).toBe(200);
      await settled(code);
    }
    expect(callsOf(code)).toEqual([[S, '2', 'False'], [P, '2']]);
    expect((await admin(`/v1/admin/outbox/items/${mine[0]!.id}/requeue`, 'POST')).status).toBe(404);
    const audit = await admin('/v1/admin/audit?action=outbox.requeue');
    expect(audit.body.entries.map((e: { target: string }) => e.target).sort()).toEqual(mine.map((i) => String(i.id)).sort());
  });
});
