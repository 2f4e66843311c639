/**
 * The one-stop forms of Circular 03/2025/TT-VPCP (mẫu 01–07) as data, filled from a dossier. The
 * labels, titles and which fields are required live in one data file (forms-2025.json) so they can
 * be corrected from the official text without a code change; this module only computes the
 * values. Values are final Vietnamese text in Vietnam time whatever the machine's zone: the
 * printed times are legal statements. The citizen ID is printed masked (last 4 digits): the full
 * number is in the provincial system, and a paper copy need not carry it (data minimisation).
 */
import type { Dossier, Procedure } from '../protocol';
import { DossierStatus, isOverdue, parseDossierCode, toEpochMs } from '../domain';
import { vietnameseDate, vietnameseDateTime, vietnameseShortDateTime } from '../receipt/receipt';
import definitions from './forms-2025.json';

import { FORM_IDS, type FormId } from './ids';

export { FORM_IDS, type FormId };

interface FieldDef { key: string; label: string; required: boolean }
interface FormDef {
  title: string;
  symbol: string;
  qr: boolean;
  fields: FieldDef[];
  signatures: string[];
  statement?: string;
  closing?: string;
  note?: string;
  table?: { columns: string[]; required: boolean };
}

export const FORMS_BASIS: string = definitions.basis;
const DEFS = definitions.forms as Record<FormId, FormDef>;
const HEADER = definitions.header;

export function formDefinition(id: FormId): Readonly<FormDef> {
  return DEFS[id];
}

export interface FormField {
  key: string;
  label: string;
  /** Text, or a list printed one item per line. */
  value: string | string[];
  required: boolean;
}

export interface FormDoc {
  id: FormId;
  title: string;
  /** "Số: 0007/PBS-TTPVHCC" */
  number: string;
  agencyName: string;
  department: string;
  nation: string;
  motto: string;
  /** "Xã Tân Trào, ngày 04 tháng 03 năm 2026" */
  placeAndDate: string;
  /** What the QR holds (the bare dossier code), null when the form has no code. */
  qrText: string | null;
  fields: FormField[];
  statement: string | null;
  closing: string | null;
  note: string | null;
  table: { columns: string[]; rows: string[][] } | null;
  signatures: { role: string; name: string }[];
  digitalSignature: string;
}

/** A hand-over of the dossier between units (mẫu 06), from the dossier's history. */
export interface Transfer { from: string; to: string; at: string; note?: string }

export interface FormContext {
  dossier: Pick<Dossier, 'code' | 'procedureCode' | 'procedureName' | 'applicant' | 'documents' | 'receivedAt' | 'appointmentAt' | 'finishedAt' | 'status' | 'supplements' | 'timeline'>;
  procedure?: Pick<Procedure, 'name' | 'processingDays'> | null;
  /** The receiving office (the counter's agency). */
  agency: { code: string; name: string };
  /** The agency that decides the dossier, when it is not the receiving one (boundary-free intake). */
  competentAgency?: { code: string; name: string } | null;
  staffName: string;
  /** Place written before the date; the agency's name by default. */
  place?: string;
  /** The day the form is issued (default: now). */
  issuedAt?: number;
  /** What only the officer can say. */
  reason?: string;
  /** Mẫu 04: the new appointment (ISO). */
  newAppointmentAt?: string;
  /** Mẫu 02: contact for questions (default: the officer and the office). */
  contact?: string;
  /** Mẫu 05. */
  requestedOn?: string;
  documentsReturned?: string;
  /** Mẫu 06: hand-overs; default: reception → the competent agency. */
  transfers?: Transfer[];
}

export type FormResult = { ok: true; doc: FormDoc } | { ok: false; code: 'bad-code' | 'missing'; missing: string[] };

const orEmpty = (s: string | null | undefined): string => (s ?? '').trim();

function header(id: FormId, def: FormDef, ctx: { agencyName: string; place: string; issuedAt: number; sequence: number }): Omit<FormDoc, 'fields' | 'qrText' | 'table' | 'signatures' | 'statement'> {
  return {
    id,
    title: def.title,
    number: `Số: ${String(ctx.sequence).padStart(4, '0')}/${def.symbol}`,
    agencyName: ctx.agencyName,
    department: HEADER.department,
    nation: HEADER.nation,
    motto: HEADER.motto,
    placeAndDate: `${ctx.place}, ${vietnameseDate(ctx.issuedAt) ?? ''}`,
    closing: def.closing ?? null,
    note: def.note ?? null,
    digitalSignature: HEADER.digitalSignature,
  };
}

/** On time / early / late for the control slip, per the service index's rule (finish vs appointment). */
export function timeliness(d: Pick<Dossier, 'appointmentAt' | 'finishedAt'>, now: number): 'trước hạn' | 'đúng hạn' | 'quá hạn' {
  if (isOverdue({ appointment: d.appointmentAt, finishedAt: d.finishedAt }, now)) return 'quá hạn';
  const end = toEpochMs(d.finishedAt);
  const due = toEpochMs(d.appointmentAt);
  return end !== null && due !== null && vietnameseDate(end) !== vietnameseDate(due) ? 'trước hạn' : 'đúng hạn';
}

function values(ctx: FormContext, issuedAt: number): Record<string, string | string[]> {
  const d = ctx.dossier;
  const a = d.applicant;
  const parsed = parseDossierCode(d.code);
  const competent = ctx.competentAgency ?? ctx.agency;
  const year = vietnameseDate(d.receivedAt)?.slice(-4) ?? '';
  return {
    code: d.code,
    receivedBy: ctx.agency.name,
    applicantName: a.name,
    applicantId: orEmpty(a.idMasked),
    applicantAddress: a.address,
    applicantPhone: orEmpty(a.phone),
    applicantEmail: orEmpty(a.email),
    request: ctx.procedure?.name ?? d.procedureName,
    documents: [...d.documents],
    sets: '1',
    processingDays: ctx.procedure ? String(ctx.procedure.processingDays) : '',
    receivedAt: vietnameseDateTime(d.receivedAt) ?? '',
    receivedOn: vietnameseDate(d.receivedAt) ?? '',
    appointmentAt: vietnameseDateTime(d.appointmentAt) ?? '',
    resultPlace: ctx.agency.name,
    competentAgency: competent.name,
    cooperatingAgency: competent.code !== ctx.agency.code ? ctx.agency.name : '',
    register: parsed.ok ? `Quyển số ${year}, Số thứ tự ${String(parsed.value.sequence).padStart(4, '0')}` : '',
    supplements: d.supplements.map((s) => (s.note ? `${s.name} — ${s.note}` : s.name)),
    reason: orEmpty(ctx.reason),
    contact: orEmpty(ctx.contact) || `${ctx.staffName}, ${ctx.agency.name}`,
    addressee: `Ông/Bà/Tổ chức ${a.name}`,
    newAppointmentAt: ctx.newAppointmentAt ? (vietnameseDateTime(ctx.newAppointmentAt) ?? '') : '',
    requestedOn: ctx.requestedOn ? (vietnameseDate(ctx.requestedOn) ?? '') : (vietnameseDate(issuedAt) ?? ''),
    documentsReturned: orEmpty(ctx.documentsReturned) || d.documents.join('; '),
  };
}

const isEmpty = (v: string | string[]): boolean => (Array.isArray(v) ? v.filter((x) => x.trim() !== '').length === 0 : v.trim() === '');

/** Fills form `id` for a dossier (mẫu 01–06). The register book (mẫu 07) is `buildRegister`. */
export function buildForm(id: Exclude<FormId, '07'>, ctx: FormContext): FormResult {
  const def = DEFS[id];
  const parsed = parseDossierCode(ctx.dossier.code);
  if (!parsed.ok) return { ok: false, code: 'bad-code', missing: [] };
  const issuedAt = ctx.issuedAt ?? Date.now();
  const v = values(ctx, issuedAt);
  const fields = def.fields.map((f) => ({ key: f.key, label: f.label, required: f.required, value: v[f.key] ?? '' }));
  let table: FormDoc['table'] = null;
  if (def.table) {
    const transfers = ctx.transfers ?? [{ from: ctx.agency.name, to: (ctx.competentAgency ?? ctx.agency).name, at: ctx.dossier.receivedAt }];
    const result = ctx.dossier.status === DossierStatus.Done || ctx.dossier.status === DossierStatus.Returned ? timeliness(ctx.dossier, issuedAt) : '';
    table = {
      columns: def.table.columns,
      rows: transfers.map((t) => [`1. Giao: ${t.from}\n2. Nhận: ${t.to}`, vietnameseDateTime(t.at) ?? '', result, t.note ?? '']),
    };
  }
  const missing = fields.filter((f) => f.required && isEmpty(f.value)).map((f) => f.key);
  if (def.table?.required && (table?.rows.length ?? 0) === 0) missing.push('table');
  if (missing.length > 0) return { ok: false, code: 'missing', missing };
  const statement = def.statement ? def.statement.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(v[k] ?? '')) : null;
  const names: Record<string, string> = { 'NGƯỜI NỘP HỒ SƠ': ctx.dossier.applicant.name };
  return {
    ok: true,
    doc: {
      ...header(id, def, { agencyName: ctx.agency.name, place: ctx.place ?? ctx.agency.name, issuedAt, sequence: parsed.value.sequence }),
      qrText: def.qr ? ctx.dossier.code : null,
      fields,
      statement,
      table,
      signatures: def.signatures.map((role) => ({ role, name: names[role] ?? (role === 'THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ' ? '' : ctx.staffName) })),
    },
  };
}

/** One line of the register book (mẫu 07). */
export interface RegisterEntry {
  dossier: Pick<Dossier, 'code' | 'procedureName' | 'applicant' | 'receivedAt' | 'appointmentAt' | 'returnedAt'>;
  competentAgency: string;
  /** How the result is collected ("Trực tiếp", "Bưu chính", "Trực tuyến"). */
  resultMethod: string;
}

export function buildRegister(ctx: { agency: { code: string; name: string }; from: string; to: string; entries: RegisterEntry[]; issuedAt?: number; place?: string }): FormDoc {
  const def = DEFS['07'];
  const issuedAt = ctx.issuedAt ?? Date.now();
  // As a Vietnamese document writes a day: dd/mm/yyyy (the ISO day would read as another date to some).
  const day = (iso: string): string => iso.split('-').reverse().join('/');
  const period = ctx.from === ctx.to ? `Ngày ${day(ctx.from)}` : `Từ ngày ${day(ctx.from)} đến ngày ${day(ctx.to)}`;
  const rows = ctx.entries.map((e, i) => [
    String(i + 1), e.dossier.code, e.dossier.procedureName, e.dossier.applicant.name,
    [e.dossier.applicant.address, e.dossier.applicant.phone ?? ''].filter((x) => x !== '').join(' / '),
    // A book's cells are narrow: "07:51 08/11/2026" rather than the forms' "07 giờ 51 phút, ngày …".
    e.competentAgency, vietnameseShortDateTime(e.dossier.receivedAt) ?? '', vietnameseShortDateTime(e.dossier.appointmentAt) ?? '',
    e.dossier.returnedAt ? (vietnameseShortDateTime(e.dossier.returnedAt) ?? '') : '', e.resultMethod, '',
  ]);
  return {
    ...header('07', def, { agencyName: ctx.agency.name, place: ctx.place ?? ctx.agency.name, issuedAt, sequence: 1 }),
    number: `Số: ${ctx.from.replaceAll('-', '')}/${def.symbol}`,
    qrText: null,
    fields: def.fields.map((f) => ({ key: f.key, label: f.label, required: f.required, value: f.key === 'period' ? period : ctx.agency.name })),
    statement: null,
    table: { columns: def.table?.columns ?? [], rows },
    signatures: [],
  };
}

/** RFC 4180 CSV with a UTF-8 byte-order mark, so spreadsheet programs open Vietnamese text right. */
export function registerCsv(doc: FormDoc): string {
  const cell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [doc.table?.columns ?? [], ...(doc.table?.rows ?? [])].map((r) => r.map(cell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

type FormDossier = FormContext['dossier'] & Pick<Dossier, 'extension'>;

/** The forms a dossier can be printed on now: each needs the step it records to have happened. */
export function formsFor(d: Pick<Dossier, 'status' | 'supplements' | 'extension' | 'timeline'>): FormId[] {
  if (d.status === DossierStatus.Refused) return ['03'];
  const out: FormId[] = ['01', '06'];
  if (d.supplements.length > 0) out.push('02');
  if ((d.extension ?? null) !== null) out.push('04');
  if (d.status === DossierStatus.Stopped) out.push('05');
  return out.sort();
}

/**
 * What a form says that only the dossier's history knows, so that a form printed again later
 * says the same: 02 the reason given with the latest supplement request, 03 the reason of the
 * refusal at intake, 04 the appointment the extension replaced and its reason, 05 the reason
 * and day processing stopped.
 */
export function historyInputs(id: Exclude<FormId, '07'>, d: FormDossier): Pick<FormContext, 'dossier' | 'reason' | 'newAppointmentAt' | 'requestedOn'> {
  const last = (status: number) => [...d.timeline].reverse().find((e) => e.status === status && (e.action === 'transition' || e.action === 'create'));
  switch (id) {
    case '02': return { dossier: d, reason: last(DossierStatus.SupplementRequested)?.note ?? '' };
    case '03': return { dossier: d, reason: last(DossierStatus.Refused)?.note ?? '' };
    case '04': {
      const ext = d.extension ?? null;
      if (!ext) return { dossier: d };
      return { dossier: { ...d, appointmentAt: ext.previousAppointmentAt }, reason: ext.reason, newAppointmentAt: d.appointmentAt };
    }
    case '05': {
      const stop = last(DossierStatus.Stopped);
      return { dossier: d, reason: stop?.note ?? '', ...(stop ? { requestedOn: stop.at } : {}) };
    }
    default: return { dossier: d };
  }
}
