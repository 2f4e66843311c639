/**
 * The national public-service portal (Cổng dịch vụ công quốc gia) as open implementations talk to
 * it: the one place where the domain model is mapped to the portal's shapes (docs/DOMAIN.md §11
 * lists the sources and which names are ours). Two requests per staff action, in order, each its
 * own outbox row: `DongBoHoSoMC` (the whole dossier, `isUpdating` "False" the first time) and
 * `CapNhatTienDoHoSoMC` (the processing step: the officer's name and title as processing officer).
 * A change without a staff action (a citizen's rating) sends the dossier only.
 *
 * Delivery wraps each request in `{session, madonvi, …}`, logging in first (and again when the
 * portal says the session expired), and classifies the portal's answers for the outbox:
 * 2xx with `error_code` 0 / "00" → done; 401 → log in again and resend once; 429 → retried, not
 * before its Retry-After; 5xx, no answer, timeout, an answer not of the portal's shape → retried
 * with backoff; 4xx or a non-zero `error_code` → refused for good (kept, shown to administrators).
 * Nothing personal is logged: a failure keeps the portal's message, never the request.
 */
import { PORTAL_ENV, type Dossier, type TimelineEntry } from '../../shared/protocol';
import { statusLabel, VIETNAM_OFFSET_MS } from '../../shared/domain';
import { DeliveryError, type DossierChange, type Officer, type ProvincialAdapter } from './types';

export const PORTAL_SERVICES = { sync: 'DongBoHoSoMC', progress: 'CapNhatTienDoHoSoMC' } as const;

/** `2025-03-04T02:15:09Z` → `20250304091509` (UTC+7, no daylight saving). */
export function portalTime(iso: string | null): string {
  if (iso === null) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

/** One dossier of `DongBoHoSoMC.data`. */
export interface PortalDossier {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  TenLinhVuc: string;
  ChuHoSo: string;
  /** "1" citizen, "2" business. */
  LoaiDoiTuong: string;
  /** The applicant's **portal account** id when known; never the citizen ID number. */
  MaDoiTuong: string;
  ThongTinKhac: string;
  Email: string;
  Fax: string;
  SoDienThoai: string;
  TrichYeuHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: string;
  NgayTra: string;
  ThongTinTra: string;
  /** How the result goes back: "0" at the counter, "1" by post. */
  HinhThuc: string;
  NgayKetThucXuLy: string;
  /** The processing unit by name. */
  DonViXuLy: string;
  GhiChu: string;
  TaiLieuNop: { TepDinhKemId: string; TenTepDinhKem: string; IsDeleted: string; MaThanhPhanHoSo: string; DuongDanTaiTepTin: string }[];
  DanhSachLePhi: { TenPhiLePhi: string; MaPhiLePhi: string; HinhThucThu: string; Gia: number; LoaiPhiLePhi: string }[];
  DanhSachTepDinhKemKhac: { TenGiayTo: string; SoLuong: string; LoaiGiayTo: string }[];
  DanhSachHoSoBoSung: {
    HoSoBoSungId: string; NguoiYeuCauBoSung: string; NoiDungBoSung: string; NgayBoSung: string; NguoiTiepNhanBoSung: string;
    ThongTinTiepNhan: string; NgayTiepNhanBoSung: string; TrangThaiBoSung: string; DanhSachGiayToBoSung: string;
    DanhSachLePhiBoSung: string; NgayHenTraTruoc: string; NgayHenTraMoi: string;
  }[];
  DanhSachGiayToKetQua: { TenGiayTo: string; MaThanhPhanHoSo: string; GiayToId: string; DuongDanTepTinKetQua: string }[];
}

/** One processing step of `CapNhatTienDoHoSoMC.data`. */
export interface PortalProgress {
  MaHoSo: string;
  NguoiXuLy: string;
  ChucDanh: string;
  ThoiDiemXuLy: string;
  PhongBanXuLy: string;
  NoiDungXuLy: string;
  TrangThai: string;
  NgayBatDau: string;
  NgayKetThucTheoQuyDinh: string;
}

export type PortalRequest =
  | { service: typeof PORTAL_SERVICES.sync; isUpdating: 'True' | 'False'; data: PortalDossier[] }
  | { service: typeof PORTAL_SERVICES.progress; data: PortalProgress[] };

const FEE_METHOD: Record<string, string> = { cash: 'Tiền mặt', vietqr: 'VietQR', transfer: 'Chuyển khoản', waived: 'Miễn' };

/** Maps the domain model; `field` is the procedure's field (code, name) when known. */
/**
 * Maps the domain model; `field` is the procedure's field (code, name) when known. `agencyName` is
 * the competent agency's (DonViXuLy); `receivingAgencyName`, when another agency received the
 * dossier (boundary-free intake), goes in ThongTinKhac: the OpenCPS shape has no field of its own
 * for it (docs/DOMAIN.md §11, our inference).
 */
export function toPortalDossier(
  d: Dossier, agencyName: string, field: { code: string; name: string } = { code: '', name: '' }, receivingAgencyName?: string,
): PortalDossier {
  const received = d.competentAgencyCode != null && d.competentAgencyCode !== d.agencyCode;
  return {
    MaHoSo: d.code,
    MaTTHC: d.procedureCode,
    TenTTHC: d.procedureName,
    MaLinhVuc: field.code,
    TenLinhVuc: field.name,
    ChuHoSo: d.applicant.name,
    LoaiDoiTuong: '1',
    // The portal account of the applicant: the counter does not know one. The citizen ID number
    // is not an account id and never goes here (nor anywhere else in these requests).
    MaDoiTuong: '',
    ThongTinKhac: received ? `Tiếp nhận tại: ${receivingAgencyName ?? d.agencyCode}` : '',
    Email: d.applicant.email ?? '',
    Fax: '',
    SoDienThoai: d.applicant.phone ?? '',
    TrichYeuHoSo: d.procedureName,
    NgayTiepNhan: portalTime(d.receivedAt),
    NgayHenTra: portalTime(d.appointmentAt),
    TrangThaiHoSo: String(d.status),
    NgayTra: portalTime(d.returnedAt),
    ThongTinTra: '',
    HinhThuc: '0',
    NgayKetThucXuLy: portalTime(d.finishedAt),
    DonViXuLy: agencyName,
    GhiChu: '',
    // Papers handed in at the counter are not files: they are listed as other papers, not uploads.
    TaiLieuNop: [],
    DanhSachLePhi: d.fees.map((f) => ({
      TenPhiLePhi: f.name, MaPhiLePhi: f.id, HinhThucThu: f.paid ? FEE_METHOD[f.method ?? ''] ?? '' : '', Gia: f.amount,
      LoaiPhiLePhi: /^lệ phí/i.test(f.name) ? '1' : '2',
    })),
    DanhSachTepDinhKemKhac: d.documents.map((name) => ({ TenGiayTo: name, SoLuong: '1', LoaiGiayTo: '' })),
    DanhSachHoSoBoSung: d.supplements.map((x, i) => ({
      HoSoBoSungId: `${d.code}-${i + 1}`, NguoiYeuCauBoSung: '', NoiDungBoSung: x.note ? `${x.name}: ${x.note}` : x.name,
      NgayBoSung: portalTime(x.requestedAt), NguoiTiepNhanBoSung: '', ThongTinTiepNhan: '', NgayTiepNhanBoSung: '', TrangThaiBoSung: '',
      DanhSachGiayToBoSung: x.name, DanhSachLePhiBoSung: '', NgayHenTraTruoc: '', NgayHenTraMoi: '',
    })),
    DanhSachGiayToKetQua: [],
  };
}

/** The dossier's latest staff step (a rating is the citizen's, not one). */
function latestStaffStep(d: Dossier): TimelineEntry | null {
  for (let i = d.timeline.length - 1; i >= 0; i--) {
    const e = d.timeline[i]!;
    if (e.action !== 'rate' && e.staffId) return e;
  }
  return null;
}

function stepText(e: TimelineEntry): string {
  switch (e.action) {
    case 'create': return 'Tiếp nhận hồ sơ';
    case 'payFee': return 'Thu phí, lệ phí';
    case 'extend': return 'Gia hạn ngày hẹn trả';
    case 'import': return 'Nhập hồ sơ';
    default: return e.status !== null ? `Chuyển trạng thái: ${statusLabel(e.status, 'vi')}` : 'Xử lý hồ sơ';
  }
}

/** The processing step for `CapNhatTienDoHoSoMC`, or null when no officer acted on the dossier. */
export function toPortalProgress(d: Dossier, officer: Officer | null, unit = ''): PortalProgress | null {
  const step = latestStaffStep(d);
  if (!step || !officer) return null;
  return {
    MaHoSo: d.code,
    NguoiXuLy: officer.name,
    ChucDanh: officer.title,
    ThoiDiemXuLy: portalTime(step.at),
    // The unit of the officer who took the step (the receiving or the competent agency) when the
    // two differ; empty otherwise, as before.
    PhongBanXuLy: unit,
    NoiDungXuLy: stepText(step),
    TrangThai: String(d.status),
    NgayBatDau: portalTime(d.receivedAt),
    NgayKetThucTheoQuyDinh: portalTime(d.appointmentAt),
  };
}

/** The requests one accepted change makes, in order. */
export function portalRequests(change: DossierChange): PortalRequest[] {
  const d = change.dossier;
  const out: PortalRequest[] = [{
    service: PORTAL_SERVICES.sync, isUpdating: change.isNew === true ? 'False' : 'True',
    data: [toPortalDossier(d, change.agencyName ?? d.agencyCode, undefined, change.receivingAgencyName)],
  }];
  // A progress step only when an officer acted in this change: the latest timeline entry is theirs
  // (a rating after it is the citizen's; a batch with a staff action and then a rating still reports it).
  const last = d.timeline[d.timeline.length - 1];
  const staffActed = change.staffActed ?? (last !== undefined && last.action !== 'rate' && last.staffId !== null);
  const cross = d.competentAgencyCode != null && d.competentAgencyCode !== d.agencyCode;
  const progress = staffActed ? toPortalProgress(d, change.officer ?? null, cross ? change.actingAgencyName ?? '' : '') : null;
  if (progress) out.push({ service: PORTAL_SERVICES.progress, data: [progress] });
  return out;
}

export interface PortalConfig {
  /** The province's portal adapter, e.g. `https://…/`; the two endpoints are appended to it. */
  adapterUrl: string;
  authEndpoint: string;
  integrationEndpoint: string;
  username: string;
  password: string;
  /** The province's unit code at the portal (`madonvi`). */
  madonvi: string;
  timeoutMs?: number;
}

export { PORTAL_ENV };

/**
 * The portal connection from the environment: null when `KIOSK_PORTAL_URL` is unset (no adapter);
 * otherwise every variable must be set, and the URL must be https (plain http only on loopback).
 * Throws an Error naming what is missing (never a value).
 */
export function portalConfigFromEnv(env: Record<string, string | undefined>): PortalConfig | null {
  if (!env[PORTAL_ENV.adapterUrl]) return null;
  const missing = Object.values(PORTAL_ENV).filter((k) => !env[k]);
  if (missing.length > 0) throw new Error(`missing ${missing.join(', ')}`);
  const url = new URL(env[PORTAL_ENV.adapterUrl]!);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) throw new Error(`${PORTAL_ENV.adapterUrl} must be https`);
  const get = (k: keyof typeof PORTAL_ENV): string => env[PORTAL_ENV[k]]!;
  return {
    adapterUrl: get('adapterUrl'), authEndpoint: get('authEndpoint'), integrationEndpoint: get('integrationEndpoint'),
    username: get('username'), password: get('password'), madonvi: get('madonvi'),
  };
}

const isOk = (code: unknown): boolean => code === 0 || code === '0' || code === '00';
const short = (s: string): string => s.replace(/\s+/g, ' ').slice(0, 300);

/** Seconds or an HTTP date → milliseconds from now; null when absent or unreadable. */
function retryAfter(h: string | null): number | null {
  if (!h) return null;
  const s = Number(h);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(h);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

async function post(url: string, body: unknown, timeoutMs: number): Promise<{ status: number; json: unknown; text: string; retryAfter: string | null }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError' || e.name === 'AbortError') throw new DeliveryError('portal-timeout', `no answer within ${timeoutMs} ms`);
    throw new DeliveryError('portal-unavailable', short(e.message));
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    const e = err as Error;
    throw new DeliveryError(e.name === 'TimeoutError' ? 'portal-timeout' : 'portal-unavailable', short(e.message));
  }
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, json, text, retryAfter: res.headers.get('retry-after') };
}

const messageOf = (json: unknown, text: string): string => {
  const j = json as { message?: unknown; error_message?: unknown; error_code?: unknown } | null;
  const m = j?.message ?? j?.error_message;
  return short(typeof m === 'string' ? `${j?.error_code ?? ''} ${m}`.trim() : text);
};

/**
 * The adapter: `map` is `portalRequests`; `deliver` sends one of them. The session is kept per
 * process and shared by concurrent deliveries (one login at a time).
 */
export function nationalPortalAdapter(config: PortalConfig): ProvincialAdapter {
  const timeoutMs = config.timeoutMs ?? 10_000;
  // The endpoints are appended to the adapter's URL, as the public integration code does.
  const url = (endpoint: string): string => `${config.adapterUrl.replace(/\/+$/, '')}/${endpoint.replace(/^\/+/, '')}`;
  let session: Promise<string> | null = null;

  async function login(): Promise<string> {
    const r = await post(url(config.authEndpoint), { username: config.username, password: config.password }, timeoutMs);
    if (r.status >= 500) throw new DeliveryError('portal-unavailable', `login answered ${r.status}`);
    if (r.status === 429) throw new DeliveryError('portal-rate-limited', 'login answered 429', false, retryAfter(r.retryAfter));
    const j = r.json as { session?: unknown; error_code?: unknown } | null;
    if (r.status >= 200 && r.status < 300 && isOk(j?.error_code) && typeof j?.session === 'string' && j.session !== '') return j.session;
    throw new DeliveryError('portal-login-failed', `login answered ${r.status}: ${messageOf(r.json, r.text)}`);
  }

  function currentSession(): Promise<string> {
    session ??= login().catch((err: unknown) => {
      session = null;
      throw err;
    });
    return session;
  }

  return {
    name: 'national-portal',
    map: (change) => portalRequests(change).map((payload) => ({ ref: change.dossier.code, payload })),
    async deliver(payload) {
      const request = payload as PortalRequest;
      for (let attempt = 0; ; attempt++) {
        const held = currentSession();
        const s = await held;
        const r = await post(url(config.integrationEndpoint), { session: s, madonvi: config.madonvi, ...request }, timeoutMs);
        if (r.status === 401) {
          // The session expired: log in again (once for everyone holding it) and resend once.
          if (session === held) session = null;
          if (attempt === 0) continue;
          throw new DeliveryError('portal-session-expired', `answered 401 after a new login: ${messageOf(r.json, r.text)}`);
        }
        if (r.status === 429) throw new DeliveryError('portal-rate-limited', 'answered 429', false, retryAfter(r.retryAfter));
        if (r.status >= 500) throw new DeliveryError('portal-unavailable', `answered ${r.status}`);
        if (r.status >= 400) throw new DeliveryError('portal-refused', `answered ${r.status}: ${messageOf(r.json, r.text)}`, true);
        const code = (r.json as { error_code?: unknown } | null)?.error_code;
        if (r.status < 200 || r.status >= 300 || code === undefined) throw new DeliveryError('portal-bad-answer', `answered ${r.status} without an error_code`);
        if (isOk(code)) return;
        throw new DeliveryError('portal-refused', messageOf(r.json, r.text), true);
      }
    },
  };
}
