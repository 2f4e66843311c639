import { describe, expect, it } from 'vitest';
import { buildReceipt, formatDong, vietnameseDateTime, vietnameseDate } from '../../src/shared/receipt';

const dossier = {
  code: '000.17.22.H56-260310-0021',
  procedureCode: '1.004873',
  procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  applicant: {
    name: 'Trần Thị Thử', idHash: 'ab'.repeat(32), idMasked: '••••••••2345', birthDate: '1995-05-17', sex: 'female' as const,
    address: 'Số 9, Xã Tân Trào', phone: '0912345678', email: null,
  },
  documents: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'],
  // 08:05 and 16:00 in Vietnam (UTC+7), whatever the test machine's zone.
  receivedAt: '2026-03-10T01:05:00.000Z',
  appointmentAt: '2026-03-13T09:00:00.000Z',
  fees: [{ id: 'LP1', name: 'Lệ phí xác nhận', amount: 15000, paid: false, paidAt: null, method: null, reference: null }],
};
const agency = { code: '000.17.22.H56', name: 'UBND phường Hàm Rồng' };

describe('receipt model (Mẫu 01)', () => {
  it('words times the way the form does, in Vietnam time', () => {
    expect(vietnameseDateTime('2026-03-10T01:05:00.000Z')).toBe('08 giờ 05 phút, ngày 10 tháng 03 năm 2026');
    // 23:30 UTC is already the next day in Vietnam.
    expect(vietnameseDateTime(Date.UTC(2025, 11, 31, 23, 30))).toBe('06 giờ 30 phút, ngày 01 tháng 01 năm 2026');
    expect(vietnameseDate('2026-09-02T00:00:00.000Z')).toBe('ngày 02 tháng 09 năm 2026');
    expect(vietnameseDateTime('not a time')).toBeNull();
    expect(formatDong(1_500_000)).toBe('1.500.000');
    expect(formatDong(0)).toBe('0');
  });

  it('carries every field of the form, two copies, and the bare code for the QR', () => {
    const r = buildReceipt({
      dossier, agency, procedure: { code: '1.004873', name: 'Cấp Giấy xác nhận tình trạng hôn nhân', processingDays: 3 },
      staffName: 'Nguyễn Thị Lan', place: 'Phường Hàm Rồng',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.receipt).toEqual({
      code: dossier.code,
      qrText: dossier.code,
      agencyCode: '000.17.22.H56',
      agencyName: 'UBND phường Hàm Rồng',
      // The receiving agency decides unless another was named (boundary-free intake).
      competentAgencyCode: '000.17.22.H56',
      competentAgencyName: 'UBND phường Hàm Rồng',
      placeAndDate: 'Phường Hàm Rồng, ngày 10 tháng 03 năm 2026',
      applicant: { name: 'Trần Thị Thử', address: 'Số 9, Xã Tân Trào', phone: '0912345678', email: null },
      request: 'Cấp Giấy xác nhận tình trạng hôn nhân',
      procedureCode: '1.004873',
      documents: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân'],
      sets: 1,
      processingDays: 3,
      receivedAt: '08 giờ 05 phút, ngày 10 tháng 03 năm 2026',
      appointmentAt: '16 giờ 00 phút, ngày 13 tháng 03 năm 2026',
      resultPlace: 'UBND phường Hàm Rồng',
      fees: [{ name: 'Lệ phí xác nhận', amount: 15000, paid: false }],
      feeTotal: 15000,
      registerBook: '2026',
      registerEntry: '0021',
      staffName: 'Nguyễn Thị Lan',
      copies: [{ copy: 1, keeper: 'agency' }, { copy: 2, keeper: 'applicant' }],
    });
  });

  it('refuses a code a scanner could not read back in every layout, or an unreadable time', () => {
    expect(buildReceipt({ dossier: { ...dossier, code: 'H55.242-260310-0001<x>' }, agency, procedure: null, staffName: 'A' })).toEqual({ ok: false, code: 'bad-code' });
    expect(buildReceipt({ dossier: { ...dossier, receivedAt: 'garbage' }, agency, procedure: null, staffName: 'A' })).toEqual({ ok: false, code: 'bad-time' });
    const noCatalog = buildReceipt({ dossier, agency, procedure: null, staffName: 'A' });
    expect(noCatalog.ok && noCatalog.receipt.processingDays).toBeNull();
    expect(noCatalog.ok && noCatalog.receipt.request).toBe(dossier.procedureName);
  });
});
