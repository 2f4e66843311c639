import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { nationalPortalAdapter, portalTime, toPortalDossier } from '../../src/gateway/adapters/national-portal';
import { toEpochMs } from '../../src/shared/domain';
import type { Dossier } from '../../src/shared/protocol';
import { STORAGES } from './storages';
import { staffedCounter } from './kiosk';
import { demoStaffIds, seedStaff } from '../../src/gateway/demo/seed';

const sample: Dossier = {
  code: '000.00.01.H08-250304-0007', agencyCode: '000.00.01.H08', procedureCode: '1.004227',
  procedureName: 'Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất lần đầu',
  applicant: { name: 'Ma Thị Hoa', idHash: 'a'.repeat(64), idMasked: '••••••••0042', birthDate: '1985', sex: 'female', address: 'Thôn Nà Mạ, Xã Hùng Lợi', phone: '0912000111', email: null },
  channel: 1, status: 5, documents: ['Đơn đăng ký đất đai', 'Sơ đồ thửa đất'],
  receivedAt: '2025-03-04T02:15:09.000Z', appointmentAt: '2025-03-31T17:30:00.000Z', finishedAt: null, returnedAt: null,
  fees: [{ id: 'LP1', name: 'Lệ phí cấp giấy chứng nhận', amount: 100_000, paid: true, paidAt: '2025-03-04T02:20:00.000Z', method: 'cash', reference: null }],
  supplements: [{ name: 'Sơ đồ thửa đất', requestedAt: '2025-03-10T03:00:00.000Z', note: 'Thiếu chữ ký' }],
  rating: null, timeline: [], updatedAt: '2025-03-10T03:00:00.000Z', version: 3,
};

describe('national-portal mapping', () => {
  it('writes times as yyyyMMddHHmmss in Asia/Ho_Chi_Minh, across midnight too', () => {
    expect(portalTime('2025-03-04T02:15:09.000Z')).toBe('20250304091509');
    expect(portalTime('2025-12-31T17:30:00.000Z')).toBe('20260101003000');
    expect(portalTime(null)).toBe('');
    expect(toEpochMs(portalTime('2025-07-01T23:59:59.000Z'))).toBe(Date.parse('2025-07-01T23:59:59.000Z'));
  });

  it('maps the domain model to DongBoHoSoMC fields', () => {
    const p = toPortalDossier(sample, '008185000042', 'Đất đai');
    expect(p).toMatchObject({
      MaHoSo: sample.code, SoBienNhan: sample.code, MaTTHC: '1.004227', TenTTHC: sample.procedureName, MaLinhVuc: 'Đất đai',
      ChuHoSo: 'Ma Thị Hoa', LoaiDoiTuong: '1', MaDoiTuong: '008185000042', SoDienThoai: '0912000111', Email: '',
      NgayTiepNhan: '20250304091509', NgayHenTra: '20250401003000', TrangThaiHoSo: '5', NgayTra: '', HinhThuc: '1',
      NgayKetThucXuLy: '', DonViXuLy: '000.00.01.H08', NguoiXuLy: '', ChucDanh: '',
    });
    expect(toPortalDossier(sample, null, '', { id: 's1', name: 'Nguyễn Thị Lan', title: 'Công chức Tư pháp - Hộ tịch' }))
      .toMatchObject({ NguoiXuLy: 'Nguyễn Thị Lan', ChucDanh: 'Công chức Tư pháp - Hộ tịch' });
    expect(p.DanhSachLePhi).toEqual([{ TenPhiLePhi: 'Lệ phí cấp giấy chứng nhận', MaPhiLePhi: 'LP1', Gia: 100_000, DaThu: true, NgayThu: '20250304092000', HinhThucThu: 'cash' }]);
    expect(p.DanhSachHoSoBoSung).toEqual([{ TenGiayTo: 'Sơ đồ thửa đất', NgayYeuCau: '20250310100000', GhiChu: 'Thiếu chữ ký' }]);
    expect(p.TaiLieuNop.map((t) => t.TenTaiLieu)).toEqual(sample.documents);
  });
});

describe.each(STORAGES)('adapter outbox on %s', (_name, storage) => {
  let gw: TestGateway;
  let portal: http.Server;
  const received: { MaHoSo: string; TrangThaiHoSo: string }[] = [];
  let failuresLeft = 2;
  beforeAll(async () => {
    portal = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(503).end();
          return;
        }
        const j = JSON.parse(body) as { service: string; data: { MaHoSo: string; TrangThaiHoSo: string }[] };
        expect(j.service).toBe('DongBoHoSoMC');
        received.push(...j.data);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => portal.listen(0, '127.0.0.1', r));
    const endpoint = `http://127.0.0.1:${(portal.address() as AddressInfo).port}/DongBoHoSoMC`;
    gw = await startGateway({ storage, seed: 'catalog', adapters: [nationalPortalAdapter(endpoint)], outboxIntervalMs: 20, outboxBackoffMs: 20 });
  });
  afterAll(async () => {
    await gw?.close();
    await new Promise((r) => portal.close(r));
  });

  it('queues accepted changes durably and delivers them after the portal recovers', async () => {
    await seedStaff(gw.db, '000.00.01.H08');
    const k = await staffedCounter(gw, '000.00.01.H08');
    await k.lease(5);
    const code = k.nextCode();
    await k.push([k.create(code), k.transition(code, 2, 4), { ...k.rate(code, 4), staffId: demoStaffIds('000.00.01.H08').counter[1] }]);
    const rows = await gw.db.query<{ payload: { data: { MaHoSo: string; TrangThaiHoSo: string; MaDoiTuong: string }[] } }>('select payload from outbox where ref = $1', [code]);
    expect(rows).toHaveLength(1);
    // The processing officer is the one of the latest staff action, even when a rating (naming
    // another officer, unchecked since a rating is the citizen's) came after it.
    expect(rows[0]?.payload.data[0]).toMatchObject({
      MaHoSo: code, TrangThaiHoSo: '4', MaDoiTuong: '008090001234', NguoiXuLy: 'Nguyễn Thị Lan', ChucDanh: 'Công chức Tư pháp - Hộ tịch',
    });
    const state = () => gw.db.query<{ attempts: number; delivered: boolean }>('select attempts, delivered_at is not null as delivered from outbox where ref = $1', [code]);
    const deadline = Date.now() + 10_000;
    while (!(await state())[0]?.delivered && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect((await state())[0]).toEqual({ attempts: 3, delivered: true });
    expect(received.filter((r) => r.MaHoSo === code)).toHaveLength(1);
    const view = await fetch(`${gw.url}/v1/admin/outbox`, { headers: { authorization: `Bearer ${gw.adminToken}`, 'x-kiosk-protocol': '1' } });
    expect(await view.json()).toMatchObject({ pending: 0, delivered: 1 });
  });
});
