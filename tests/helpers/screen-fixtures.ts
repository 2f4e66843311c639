/** Data the counter and citizen screen tests share: one commune, one moment, one synthetic person. */
import type { DossierRow } from '../../src/renderer/db/database';
import { maskCitizenId } from '../../src/shared/privacy/mask';

export const AGENCY = '000.17.22.H56';
/** 2026-03-10 10:00 Vietnam time (a Tuesday). */
export const NOW = Date.parse('2026-03-10T03:00:00.000Z');

// Synthetic person: the citizen tests check that none of these reach the DOM.
export const PERSON = {
  name: 'Nguyễn Văn Thử',
  citizenId: '001095012345',
  phone: '0912345678',
  address: 'Số 7 Ngõ Thử Nghiệm, Phường Hàm Rồng, Thanh Hóa',
};

export function dossierRow(code: string, status: number, extra: Partial<DossierRow> = {}): DossierRow {
  return {
    code, agencyCode: AGENCY, procedureCode: '1.001193', procedureName: 'Đăng ký khai sinh',
    applicant: {
      name: PERSON.name, idHash: 'ab'.repeat(32), idMasked: maskCitizenId(PERSON.citizenId), birthDate: '1995-07-12',
      sex: 'male', address: PERSON.address, phone: PERSON.phone, email: 'thu@example.invalid',
    },
    channel: 1, status, documents: ['Tờ khai'],
    receivedAt: '2026-03-05T02:00:00.000Z',
    // Monday 16 March 2026, 16:00 in Vietnam.
    appointmentAt: '2026-03-16T09:00:00.000Z',
    finishedAt: status >= 9 ? '2026-03-09T02:00:00.000Z' : null,
    returnedAt: status === 10 ? '2026-03-10T02:00:00.000Z' : null,
    fees: [{ id: 'f1', name: 'Lệ phí đăng ký', amount: 50000, paid: false, paidAt: null, method: null, reference: null }],
    supplements: status === 5 ? [{ name: 'Bản sao giấy chứng sinh', requestedAt: '2026-03-06T02:00:00.000Z', note: 'Bản sao chưa rõ' }] : [],
    rating: null, timeline: [], updatedAt: '2026-03-09T02:00:00.000Z', version: 2, pendingOps: 0,
    ...extra,
  };
}
