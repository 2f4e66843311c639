/**
 * A fake national portal on 127.0.0.1 for the adapter's contract tests. Its request schemas are
 * written from the public integration shapes (docs/DOMAIN.md §11), not from our mapping, and are
 * strict: a field we invent or drop is a validation error. It answers the way the adapter must
 * handle: `{error_code: 0, session}` to a login, `{error_code: "00"}` to an accepted request,
 * 401 to an unknown or expired session, 429 with Retry-After when told to, 5xx or silence when
 * told to, 400 to a request that fails its schema, and `{error_code: "-1", message}` (HTTP 200)
 * to one it refuses for its content (an unknown procedure, progress on an unknown dossier).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const Time = z.string().regex(/^\d{14}$/);
const TimeOrEmpty = z.union([Time, z.literal('')]);
const Status = z.string().regex(/^(10|[1-9])$/);
/** A portal account id: whatever the portal issued, but never a 12-digit citizen ID number. */
const AccountId = z.string().max(64).refine((v) => !/^\d{12}$/.test(v), 'a citizen ID number is not a portal account id');

export const HoSoSchema = z.object({
  MaHoSo: z.string().min(1),
  MaTTHC: z.string().min(1),
  TenTTHC: z.string(),
  MaLinhVuc: z.string(),
  TenLinhVuc: z.string(),
  ChuHoSo: z.string().min(1),
  LoaiDoiTuong: z.enum(['1', '2']),
  MaDoiTuong: AccountId,
  ThongTinKhac: z.string(),
  Email: z.string(),
  Fax: z.string(),
  SoDienThoai: z.string(),
  TrichYeuHoSo: z.string(),
  NgayTiepNhan: Time,
  NgayHenTra: Time,
  TrangThaiHoSo: Status,
  NgayTra: TimeOrEmpty,
  ThongTinTra: z.string(),
  HinhThuc: z.enum(['0', '1']),
  NgayKetThucXuLy: TimeOrEmpty,
  // The unit by name: a code such as 000.00.01.H08 is not a name.
  DonViXuLy: z.string().min(1).refine((v) => !/^[\d.]+[A-Z]\d+$/.test(v), 'DonViXuLy is the agency name'),
  GhiChu: z.string(),
  TaiLieuNop: z.array(z.object({
    TepDinhKemId: z.string(), TenTepDinhKem: z.string(), IsDeleted: z.string(), MaThanhPhanHoSo: z.string(), DuongDanTaiTepTin: z.string(),
  }).strict()),
  DanhSachLePhi: z.array(z.object({
    TenPhiLePhi: z.string().min(1), MaPhiLePhi: z.string(), HinhThucThu: z.string(), Gia: z.number().nonnegative(), LoaiPhiLePhi: z.string(),
  }).strict()),
  DanhSachTepDinhKemKhac: z.array(z.object({ TenGiayTo: z.string().min(1), SoLuong: z.string(), LoaiGiayTo: z.string() }).strict()),
  DanhSachHoSoBoSung: z.array(z.object({
    HoSoBoSungId: z.string(), NguoiYeuCauBoSung: z.string(), NoiDungBoSung: z.string(), NgayBoSung: TimeOrEmpty,
    NguoiTiepNhanBoSung: z.string(), ThongTinTiepNhan: z.string(), NgayTiepNhanBoSung: TimeOrEmpty, TrangThaiBoSung: z.string(),
    DanhSachGiayToBoSung: z.string(), DanhSachLePhiBoSung: z.string(), NgayHenTraTruoc: TimeOrEmpty, NgayHenTraMoi: TimeOrEmpty,
  }).strict()),
  DanhSachGiayToKetQua: z.array(z.object({ TenGiayTo: z.string(), MaThanhPhanHoSo: z.string(), GiayToId: z.string(), DuongDanTepTinKetQua: z.string() }).strict()),
}).strict();

export const TienDoSchema = z.object({
  MaHoSo: z.string().min(1),
  NguoiXuLy: z.string().min(1),
  ChucDanh: z.string(),
  ThoiDiemXuLy: Time,
  PhongBanXuLy: z.string(),
  NoiDungXuLy: z.string().min(1),
  TrangThai: Status,
  NgayBatDau: TimeOrEmpty,
  NgayKetThucTheoQuyDinh: TimeOrEmpty,
}).strict();

export const RequestSchema = z.discriminatedUnion('service', [
  z.object({ session: z.string().min(1), madonvi: z.string().min(1), service: z.literal('DongBoHoSoMC'), isUpdating: z.enum(['True', 'False']), data: z.array(HoSoSchema).min(1) }).strict(),
  z.object({ session: z.string().min(1), madonvi: z.string().min(1), service: z.literal('CapNhatTienDoHoSoMC'), data: z.array(TienDoSchema).min(1) }).strict(),
]);
export type PortalCall = z.infer<typeof RequestSchema>;

export type Fault = 500 | 503 | 'timeout' | 'expire-session' | { rateLimit: number };

export interface FakePortal {
  /** `adapterUrl` for the adapter's config; endpoints `/auth` and `/integration`. */
  url: string;
  /** Accepted calls, in arrival order. */
  calls: PortalCall[];
  /** Every request to the integration endpoint, with what it was answered. */
  log: { service: string; ref: string; answer: number | 'timeout' | 'refused'; session: string; at: number }[];
  logins: number;
  /** Dossiers the portal holds (MaHoSo → last TrangThaiHoSo). */
  dossiers: Map<string, string>;
  /** Schema violations seen (answered 400). */
  invalid: string[];
  /** Faults for the next integration requests, in order. */
  faults: Fault[];
  /** Procedure codes the portal knows (any when empty). */
  knownProcedures: Set<string>;
  close(): Promise<void>;
}

export async function startFakePortal(opts: { username?: string; password?: string; madonvi?: string; hangMs?: number } = {}): Promise<FakePortal> {
  const { username = 'tinh-test', password = 'mat-khau-test', madonvi = '000.00.00.H08', hangMs = 2_000 } = opts;
  const sessions = new Set<string>();
  const p: Omit<FakePortal, 'url' | 'close'> = { calls: [], log: [], logins: 0, dossiers: new Map(), invalid: [], faults: [], knownProcedures: new Set() };
  const json = (res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        json(res, 400, { error_code: '-1', message: 'JSON không hợp lệ' });
        return;
      }
      if (req.url === '/auth') {
        if (body.username !== username || body.password !== password) return json(res, 200, { error_code: '-1', message: 'Sai tài khoản' });
        p.logins++;
        const s = randomBytes(8).toString('hex');
        sessions.add(s);
        return json(res, 200, { error_code: 0, session: s });
      }
      if (req.url !== '/integration') return json(res, 404, { error_code: '-1', message: 'not found' });
      const data = (body.data as { MaHoSo?: string }[] | undefined) ?? [];
      const entry = { service: String(body.service), ref: String(data[0]?.MaHoSo ?? ''), session: String(body.session ?? ''), at: Date.now() };
      const fault = p.faults.shift();
      if (fault === 'expire-session') sessions.clear();
      if (typeof body.session !== 'string' || !sessions.has(body.session)) {
        p.log.push({ ...entry, answer: 401 });
        return json(res, 401, { error_code: '401', message: 'Phiên làm việc hết hạn' });
      }
      if (fault === 500 || fault === 503) {
        p.log.push({ ...entry, answer: fault });
        return json(res, fault, { error_code: '-1', message: 'Lỗi hệ thống' });
      }
      if (fault === 'timeout') {
        p.log.push({ ...entry, answer: 'timeout' });
        setTimeout(() => res.destroy(), hangMs);
        return;
      }
      if (typeof fault === 'object') {
        p.log.push({ ...entry, answer: 429 });
        return json(res, 429, { error_code: '429', message: 'Quá nhiều yêu cầu' }, { 'retry-after': String(fault.rateLimit) });
      }
      const parsed = RequestSchema.safeParse(body);
      if (!parsed.success) {
        p.invalid.push(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
        p.log.push({ ...entry, answer: 400 });
        return json(res, 400, { error_code: '-1', message: 'Dữ liệu không đúng định dạng' });
      }
      const call = parsed.data;
      const refuse = (message: string): void => {
        p.log.push({ ...entry, answer: 'refused' });
        json(res, 200, { error_code: '-1', message });
      };
      if (call.madonvi !== madonvi) return refuse('Mã đơn vị không đúng');
      if (call.service === 'DongBoHoSoMC') {
        for (const h of call.data) {
          if (p.knownProcedures.size > 0 && !p.knownProcedures.has(h.MaTTHC)) return refuse(`Không tìm thấy thủ tục ${h.MaTTHC}`);
          if (call.isUpdating === 'True' && !p.dossiers.has(h.MaHoSo)) return refuse(`Hồ sơ ${h.MaHoSo} chưa được đồng bộ`);
        }
        for (const h of call.data) p.dossiers.set(h.MaHoSo, h.TrangThaiHoSo);
      } else {
        for (const t of call.data) if (!p.dossiers.has(t.MaHoSo)) return refuse(`Hồ sơ ${t.MaHoSo} chưa được đồng bộ`);
      }
      p.calls.push(call);
      p.log.push({ ...entry, answer: 200 });
      return json(res, 200, { error_code: '00', message: 'Thành công' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return Object.assign(p, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  });
}

/** The adapter config that logs in to `portal`. */
export const portalConfig = (portal: FakePortal, timeoutMs = 1_000) => ({
  adapterUrl: portal.url, authEndpoint: '/auth', integrationEndpoint: '/integration',
  username: 'tinh-test', password: 'mat-khau-test', madonvi: '000.00.00.H08', timeoutMs,
});
