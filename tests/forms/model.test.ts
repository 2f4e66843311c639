/** The Circular 03/2025 forms as data: every form fills every field its definition lists, a
 * required field left empty is refused (never printed blank), the register exports as CSV. */
import { describe, expect, it } from 'vitest';
import { buildForm, buildRegister, FORM_IDS, formDefinition, registerCsv, type FormContext } from '../../src/shared/forms';
import definitions from '../../src/shared/forms/forms-2025.json';

const DOSSIER: FormContext['dossier'] = {
  code: '000.00.01.H08-260302-0007', procedureCode: '1.004873', procedureName: 'Cấp Giấy xác nhận tình trạng hôn nhân',
  applicant: { name: 'Lê Thị Thử', idHash: 'a'.repeat(64), idMasked: '••••••••0123', birthDate: '1990', sex: 'female', address: 'Thôn Hai, xã Tân Trào, Tuyên Quang', phone: '0912000111', email: null },
  documents: ['Tờ khai cấp Giấy xác nhận tình trạng hôn nhân', 'Bản sao giấy khai sinh'],
  receivedAt: '2026-03-02T01:05:00.000Z', appointmentAt: '2026-03-05T10:00:00.000Z', finishedAt: null, status: 5,
  supplements: [{ name: 'Giấy xác nhận cư trú', note: 'bản chính', requestedAt: '2026-03-03T02:00:00.000Z' }],
  timeline: [],
};
const CTX: FormContext = {
  dossier: DOSSIER, procedure: { name: DOSSIER.procedureName, processingDays: 3 },
  agency: { code: '000.00.01.H08', name: 'UBND xã Tân Trào' }, competentAgency: { code: '000.00.02.H08', name: 'UBND xã Minh Quang' },
  staffName: 'Nguyễn Thị Lan', issuedAt: Date.parse('2026-03-04T03:00:00.000Z'),
  reason: 'Thiếu giấy xác nhận cư trú', newAppointmentAt: '2026-03-09T10:00:00.000Z', requestedOn: '2026-03-04T02:00:00.000Z',
};

describe('forms 01–06', () => {
  for (const id of FORM_IDS.filter((f) => f !== '07')) {
    it(`mẫu ${id}: every listed field is on the form, required ones filled`, () => {
      const r = buildForm(id as Exclude<typeof id, '07'>, CTX);
      if (!r.ok) throw new Error(`mẫu ${id}: ${r.code} ${r.missing.join(',')}`);
      const def = formDefinition(id);
      expect(r.doc.fields.map((f) => f.key)).toEqual(def.fields.map((f) => f.key));
      for (const f of r.doc.fields.filter((x) => x.required)) expect(Array.isArray(f.value) ? f.value.join('') : f.value, `${id}.${f.key}`).not.toBe('');
      expect(r.doc.title).toBe(def.title);
      expect(r.doc.number).toMatch(/^Số: 0007\//);
      expect(r.doc.placeAndDate).toBe('UBND xã Tân Trào, ngày 04 tháng 03 năm 2026');
      if (def.qr) expect(r.doc.qrText).toBe(DOSSIER.code);
      // Personal data minimised: the ID is masked on paper.
      expect(JSON.stringify(r.doc)).not.toMatch(/\d{12}/);
    });
  }

  it('refuses a form whose required field has nothing to print (a refusal without its reason)', () => {
    expect(buildForm('03', { ...CTX, reason: '  ' })).toEqual({ ok: false, code: 'missing', missing: ['reason'] });
    expect(buildForm('04', { ...CTX, newAppointmentAt: undefined })).toMatchObject({ ok: false, missing: ['newAppointmentAt'] });
    expect(buildForm('02', { ...CTX, dossier: { ...DOSSIER, supplements: [] } })).toMatchObject({ ok: false, missing: ['supplements'] });
    expect(buildForm('01', { ...CTX, dossier: { ...DOSSIER, code: 'not a code' } })).toMatchObject({ ok: false, code: 'bad-code' });
  });

  it('fills the apology with the agency that decides, and the new appointment in Vietnam time', () => {
    const r = buildForm('04', CTX);
    if (!r.ok) throw new Error('refused');
    expect(r.doc.statement).toContain('UBND xã Minh Quang chưa trả kết quả');
    expect(r.doc.fields.find((f) => f.key === 'newAppointmentAt')?.value).toBe('17 giờ 00 phút, ngày 09 tháng 03 năm 2026');
    expect(r.doc.signatures).toEqual([{ role: 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ', name: '' }]);
  });

  it('lists the hand-over from reception to the deciding agency on the control slip', () => {
    const r = buildForm('06', CTX);
    if (!r.ok) throw new Error('refused');
    expect(r.doc.table?.rows[0]?.[0]).toBe('1. Giao: UBND xã Tân Trào\n2. Nhận: UBND xã Minh Quang');
  });

  it('keeps every definition in one data file, with the legal basis', () => {
    expect(Object.keys(definitions.forms)).toEqual([...FORM_IDS]);
    expect(definitions.basis).toContain('03/2025/TT-VPCP');
  });
});

describe('register book (mẫu 07)', () => {
  it('exports a period as CSV with a UTF-8 BOM that spreadsheets open in Vietnamese', () => {
    const doc = buildRegister({
      agency: CTX.agency, from: '2026-03-02', to: '2026-03-02', issuedAt: CTX.issuedAt,
      entries: [{ dossier: { ...DOSSIER, returnedAt: null, applicant: { ...DOSSIER.applicant, address: 'Thôn "Hai", xã Tân Trào' } }, competentAgency: 'UBND xã Minh Quang', resultMethod: 'Trực tiếp' }],
    });
    expect(doc.fields.find((f) => f.key === 'period')?.value).toBe('Ngày 02/03/2026');
    const csv = registerCsv(doc);
    expect(csv.startsWith('\uFEFFSTT,Mã hồ sơ,')).toBe(true);
    expect(csv).toContain('"Thôn ""Hai"", xã Tân Trào / 0912000111"');
    expect(csv.split('\r\n')).toHaveLength(3);
    // A book's cells are narrow: the short time and day, in Vietnam.
    expect(doc.table!.rows[0]![6]).toMatch(/^\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}$/);
    const week = buildRegister({ agency: CTX.agency, from: '2026-03-02', to: '2026-03-09', issuedAt: CTX.issuedAt, entries: [] });
    expect(week.fields.find((f) => f.key === 'period')?.value).toBe('Từ ngày 02/03/2026 đến ngày 09/03/2026');
  });
});
