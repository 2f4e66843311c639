/**
 * One of Circular 03/2025's forms (mẫu 02–06) for a dossier, on A4, as the data file lays it out
 * (src/shared/forms): the national header, the form's number and date, its fields, the dossier QR
 * where the form has a code, the hand-over table of the control slip, the signatures. What the
 * form records (a supplement request, a refusal, an extension, a stop) is read from the dossier's
 * history, so the same form printed again later says the same. Always in Vietnamese: a legal form.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildForm, formDefinition, historyInputs, type FormDoc, type FormId } from '../../shared/forms';
import type { DeviceIdentity, Procedure, ProvinceSettings, Staff } from '../../shared/protocol';
import { useAppServices } from '../app-services';
import { META, type DossierRow } from '../db/database';
import { useLive } from './live';
import { Button } from '../ui';
import { CodeQr } from './Receipt';
import { DossierNotFound, useAutoPrint, usePrint } from './print';
import { agenciesFrom, dossierAgencies } from './agencies';

/** What an empty optional field prints: a dotted line to write on. */
const BLANK_LINE = '.'.repeat(48);

export function FormPage({ doc }: { doc: FormDoc }) {
  return (
    <section className="form-sheet" data-testid="form-sheet" data-form={doc.id}>
      <div className="form-head">
        <div><strong>{doc.agencyName.toUpperCase()}</strong><br />{doc.department}<br />{doc.number}</div>
        <div><strong>{doc.nation}</strong><br /><u>{doc.motto}</u><br /><em>{doc.placeAndDate}</em></div>
      </div>
      <h1>{doc.title}</h1>
      {doc.qrText && (
        <div className="form-qr"><CodeQr text={doc.qrText} /></div>
      )}
      <dl className="form-fields">
        {doc.fields.map((f) => (
          <div key={f.key} data-testid="form-field" data-key={f.key}>
            <dt>{f.label}:</dt>
            {/* An optional field with nothing to print keeps a dotted line to fill in by hand, as paper forms do. */}
            {(Array.isArray(f.value) ? f.value.length === 0 : f.value.trim() === '')
              ? <dd className="form-blank" data-blank="true">{BLANK_LINE}</dd>
              : <dd>{Array.isArray(f.value) ? <ol>{f.value.map((v, i) => <li key={i}>{v}</li>)}</ol> : f.value}</dd>}
          </div>
        ))}
      </dl>
      {doc.statement && <p className="form-statement">{doc.statement}</p>}
      {doc.table && (
        <table className="form-table">
          <thead><tr>{doc.table.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>{doc.table.rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
        </table>
      )}
      {doc.closing && <p className="form-closing">{doc.closing}</p>}
      {doc.signatures.length > 0 && (
        <div className="form-sign">
          {doc.signatures.map((s) => (
            <div key={s.role}><strong>{s.role}</strong><br /><em>{doc.digitalSignature}</em><br /><br /><br />{s.name}</div>
          ))}
        </div>
      )}
      {doc.note && <p className="form-note"><em>{doc.note}</em></p>}
    </section>
  );
}

interface Loaded { row: DossierRow | undefined; identity: DeviceIdentity | undefined; province: ProvinceSettings | undefined; procedure: Procedure | undefined }

export function FormSheet({ code, form, staff, autoPrint = false, onBack }: { code: string; form: Exclude<FormId, '01' | '07'>; staff: Staff; autoPrint?: boolean; onBack?: () => void }) {
  const { t } = useTranslation('counter');
  const { db, now } = useAppServices();
  const { print, note, pdfPath } = usePrint(code, form);
  const loaded = useLive<Loaded | null>(async () => {
    const row = await db.dossiers.get(code);
    return { row, identity: await db.getMeta<DeviceIdentity>(META.identity), province: await db.getMeta<ProvinceSettings>(META.province), procedure: row ? await db.procedures.get(row.procedureCode) : undefined };
  }, [db, code], null);

  const built = useMemo(() => {
    if (!loaded?.row) return null;
    return buildForm(form, { ...historyInputs(form, loaded.row), procedure: loaded.procedure ?? null, ...dossierAgencies(loaded.row, agenciesFrom(loaded.identity, loaded.province)), staffName: staff.name, issuedAt: now() });
  }, [loaded, form, staff.name, now]);

  const primary = useAutoPrint({ title: `Mau-${form}-${code}`, autoPrint, ready: built?.ok === true, print });

  if (loaded === null) return null;
  if (!built) return <DossierNotFound code={code} />;
  if (!built.ok) {
    const labels = built.missing.map((k) => formDefinition(form).fields.find((f) => f.key === k)?.label ?? k);
    return <p role="alert" data-testid="form-missing">{t('form.missing', { form, fields: labels.join('; ') })}</p>;
  }
  return (
    <div className="counter-form" data-testid="form" data-form={form} data-code={code}>
      <div className="no-print">
        <Button ref={primary} variant="primary" shortcut="F9" onClick={() => void print()} data-testid="form-print">{t('form.print', { form })}</Button>
        {onBack && <Button onClick={onBack} data-testid="back-to-dossier">{t('receipt.backToDossier')}</Button>}
        {note && (
          <span className="hint" role={note.kind === 'printed' ? 'status' : 'alert'} data-testid="form-printed" data-kind={note.kind}>
            {t(`receipt.printNote.${note.kind}`, { printer: note.printer })}
          </span>
        )}
        {pdfPath && <span className="hint" data-testid="form-pdf">{t('receipt.pdfSaved', { path: pdfPath })}</span>}
      </div>
      <div className="receipt-print"><FormPage doc={built.doc} /></div>
    </div>
  );
}
