/**
 * The national-portal style payload (`DongBoHoSoMC`, DOMAIN.md §8): PascalCase Vietnamese fields,
 * times `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh. Top-level field names are from public integration
 * code; the field names inside the lists (fees, supplements, documents) and the processing
 * officer's (`NguoiXuLy`, `ChucDanh`) are our inference and are marked so in docs/SYNC-PROTOCOL.md.
 */
import type { Dossier } from '../../shared/protocol';
import { VIETNAM_OFFSET_MS } from '../../shared/domain';
import type { DossierChange, Officer, ProvincialAdapter } from './types';

/** `2025-03-04T02:15:09Z` → `20250304091509` (UTC+7, no daylight saving). */
export function portalTime(iso: string | null): string {
  if (iso === null) return '';
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  return new Date(ms + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace(/[-T:]/g, '');
}

export interface PortalDossier {
  MaHoSo: string;
  MaTTHC: string;
  TenTTHC: string;
  MaLinhVuc: string;
  SoBienNhan: string;
  ChuHoSo: string;
  LoaiDoiTuong: string;
  MaDoiTuong: string;
  SoDienThoai: string;
  Email: string;
  TrichYeuHoSo: string;
  NgayTiepNhan: string;
  NgayHenTra: string;
  TrangThaiHoSo: string;
  NgayTra: string;
  HinhThuc: string;
  NgayKetThucXuLy: string;
  DonViXuLy: string;
  /** The processing officer (of the latest staff action) and their job title. */
  NguoiXuLy: string;
  ChucDanh: string;
  DanhSachLePhi: { TenPhiLePhi: string; MaPhiLePhi: string; Gia: number; DaThu: boolean; NgayThu: string; HinhThucThu: string }[];
  DanhSachHoSoBoSung: { TenGiayTo: string; NgayYeuCau: string; GhiChu: string }[];
  TaiLieuNop: { TenTaiLieu: string }[];
}

/** Maps the domain model; `field` is the procedure's field (MaLinhVuc) when known, `officer` the processing officer. */
export function toPortalDossier(d: Dossier, citizenId: string | null, field = '', officer: Officer | null = null): PortalDossier {
  return {
    MaHoSo: d.code,
    MaTTHC: d.procedureCode,
    TenTTHC: d.procedureName,
    MaLinhVuc: field,
    SoBienNhan: d.code,
    ChuHoSo: d.applicant.name,
    // 1 = citizen (công dân); the subject code is the personal ID when the counter captured it.
    LoaiDoiTuong: '1',
    MaDoiTuong: citizenId ?? '',
    SoDienThoai: d.applicant.phone ?? '',
    Email: d.applicant.email ?? '',
    TrichYeuHoSo: `${d.procedureName} - ${d.applicant.name}`,
    NgayTiepNhan: portalTime(d.receivedAt),
    NgayHenTra: portalTime(d.appointmentAt),
    TrangThaiHoSo: String(d.status),
    NgayTra: portalTime(d.returnedAt),
    HinhThuc: String(d.channel),
    NgayKetThucXuLy: portalTime(d.finishedAt),
    DonViXuLy: d.agencyCode,
    NguoiXuLy: officer?.name ?? '',
    ChucDanh: officer?.title ?? '',
    DanhSachLePhi: d.fees.map((f) => ({
      TenPhiLePhi: f.name, MaPhiLePhi: f.id, Gia: f.amount, DaThu: f.paid, NgayThu: portalTime(f.paidAt), HinhThucThu: f.method ?? '',
    })),
    DanhSachHoSoBoSung: d.supplements.map((x) => ({ TenGiayTo: x.name, NgayYeuCau: portalTime(x.requestedAt), GhiChu: x.note ?? '' })),
    TaiLieuNop: d.documents.map((name) => ({ TenTaiLieu: name })),
  };
}

/**
 * Delivers `{ service: 'DongBoHoSoMC', data: [PortalDossier] }` as JSON to `endpoint` with the
 * given headers (the province's credentials). A non-2xx answer throws, so the outbox retries.
 */
export function nationalPortalAdapter(endpoint: string, headers: Record<string, string> = {}, timeoutMs = 10_000): ProvincialAdapter {
  return {
    name: 'national-portal',
    map: ({ dossier, citizenId, officer }: DossierChange) =>
      ({ ref: dossier.code, payload: { service: 'DongBoHoSoMC', data: [toPortalDossier(dossier, citizenId, '', officer ?? null)] } }),
    async deliver(payload) {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`national portal answered ${res.status}`);
    },
  };
}
