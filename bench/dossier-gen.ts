/**
 * Deterministic synthetic dossiers of about 1.3 KB as JSON, shaped like the protocol's `Dossier`
 * (src/shared/protocol/dossier.ts). Pure, so both the Node sync bench and the Chromium harness
 * page (bench/harness-sync) use it.
 */
import type { ChangeItem, Dossier } from '../src/shared/protocol';

const AGENCY = '000.17.22.H56';

export function syntheticDossier(i: number): Dossier {
  const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  const seq = String((i % 9999) + 1).padStart(4, '0');
  const day = 250101 + Math.floor(i / 9999);
  return {
    code: `${AGENCY}-${day}-${seq}`,
    agencyCode: AGENCY,
    procedureCode: `1.00${1000 + (i % 50)}`,
    procedureName: 'Đăng ký khai sinh cho trẻ em sinh ra tại Việt Nam có cha mẹ là công dân Việt Nam',
    applicant: {
      name: `Nguyễn Thị Thử Nghiệm ${i}`,
      idHash: (Math.imul(i, 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(8),
      idMasked: `*********${String(i % 1000).padStart(3, '0')}`,
      birthDate: '1990-05-17', sex: i % 2 ? 'male' : 'female',
      address: `Số ${i % 300}, Thôn Làng Chùa, Xã Hùng Lợi, Tỉnh Tuyên Quang`,
      phone: `09${String(i).padStart(8, '0')}`, email: null,
    },
    channel: 1,
    status: [2, 4, 5, 6, 9, 10][i % 6]!,
    documents: ['Tờ khai đăng ký khai sinh theo mẫu', 'Giấy chứng sinh bản chính', 'Giấy chứng nhận kết hôn của cha mẹ'],
    receivedAt: at,
    appointmentAt: new Date(Date.parse(at) + 5 * 86_400_000).toISOString(),
    finishedAt: null, returnedAt: null,
    fees: [{ id: 'f1', name: 'Lệ phí đăng ký hộ tịch', amount: 8000, paid: false, paidAt: null, method: null, reference: null }],
    supplements: [], rating: null,
    timeline: [
      { at, action: 'create', status: 2, deviceId: 'dev-0001', staffId: 'staff-01', note: 'Tiếp nhận tại quầy số 1' },
      { at, action: 'transition', status: 4, deviceId: 'dev-0001', staffId: 'staff-01', note: null },
    ],
    updatedAt: at, version: 2,
  };
}

/** One change-feed page of dossiers `from .. from+size-1`, as the gateway would send it. */
export function dossierPage(from: number, size: number): ChangeItem[] {
  return Array.from({ length: size }, (_, k) => ({ type: 'dossier' as const, data: syntheticDossier(from + k) }));
}
