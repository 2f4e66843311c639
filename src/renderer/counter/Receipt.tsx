/**
 * The printed receipt (Mẫu 01, DOMAIN.md §5): two copies — liên 1 kept by the office, liên 2 for
 * the applicant — each with the dossier code in text and as a QR. It is a legal document in
 * Vietnamese whatever language the screen is in. It prints as every form does (print.ts). The print stylesheet (counter.css) hides everything else and starts each copy on
 * its own page. The QR is an SVG built by React from the QR matrix: nothing from a payload becomes
 * markup.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildReceipt, formatDong, type Receipt as ReceiptModel } from '../../shared/receipt';
import type { DeviceIdentity, Procedure, ProvinceSettings, Staff } from '../../shared/protocol';
import { useAppServices } from '../app-services';
import { META, type DossierRow } from '../db/database';
import { qrPath } from '../citizen/FeeQr';
import { useLive } from './live';
import { Button } from '../ui';
import { DossierNotFound, useAutoPrint, usePrint } from './print';
import { agenciesFrom, dossierAgencies } from './agencies';

export function CodeQr({ text }: { text: string }) {
  const qr = useMemo(() => qrPath(text), [text]);
  if (!qr) return null;
  return (
    <svg className="receipt-qr" role="img" aria-label={text} viewBox={`0 0 ${qr.size} ${qr.size}`} shapeRendering="crispEdges" data-testid="receipt-qr" data-text={text}>
      <rect width={qr.size} height={qr.size} fill="#fff" />
      <path d={qr.d} fill="#000" />
    </svg>
  );
}

function Copy({ r, copy }: { r: ReceiptModel; copy: 1 | 2 }) {
  const { i18n } = useTranslation('counter');
  // A legal form: always the Vietnamese wording.
  const t = i18n.getFixedT('vi', 'counter');
  return (
    <section className="receipt-copy" data-testid="receipt-copy" data-copy={copy}>
      <div className="receipt-head">
        <div><strong>{r.agencyName.toUpperCase()}</strong><br />{t('receipt.department')}<br />{t('receipt.number', { code: r.code })}</div>
        <div><strong>{t('receipt.nation')}</strong><br /><u>{t('receipt.motto')}</u><br /><em>{r.placeAndDate}</em></div>
      </div>
      <h1>{t('receipt.title')}</h1>
      <div className="receipt-code">
        <span>{t('receipt.code')} <strong data-testid="receipt-code">{r.code}</strong></span>
        <CodeQr text={r.qrText} />
      </div>
      <p>{t('receipt.receivedBy', { agency: r.agencyName })}</p>
      <p>{t('receipt.from')} <strong>{r.applicant.name}</strong></p>
      <p>{t('receipt.address')} {r.applicant.address}</p>
      <p>{t('receipt.phone')} {r.applicant.phone ?? ''} &nbsp; {t('receipt.email')} {r.applicant.email ?? ''}</p>
      <p>{t('receipt.request')} {r.request}</p>
      <p>{t('receipt.item1')}</p>
      <ol className="receipt-docs">{r.documents.map((d, i) => <li key={i}>{d}</li>)}</ol>
      <p>{t('receipt.item2', { count: r.sets })}</p>
      <p>{r.processingDays === null ? t('receipt.item3unknown') : t('receipt.item3', { count: r.processingDays })}</p>
      <p>{t('receipt.item4')} <span data-testid="receipt-received">{r.receivedAt}</span></p>
      <p>{t('receipt.item5')} <span data-testid="receipt-appointment">{r.appointmentAt}</span></p>
      <p>{t('receipt.item6', { place: r.resultPlace })}</p>
      <p data-testid="receipt-competent" data-code={r.competentAgencyCode}>{t('receipt.competent', { agency: r.competentAgencyName })}</p>
      <p>{r.fees.length === 0 ? t('receipt.noFees') : t('receipt.fees', { list: r.fees.map((f) => `${f.name}: ${formatDong(f.amount)} đồng`).join('; '), total: formatDong(r.feeTotal) })}</p>
      <p>{t('receipt.register', { book: r.registerBook, entry: r.registerEntry })}</p>
      <div className="receipt-sign">
        <div><strong>{t('receipt.applicantSign')}</strong><br /><em>{t('receipt.signHint')}</em><br /><br /><br />{r.applicant.name}</div>
        <div><strong>{t('receipt.officerSign')}</strong><br /><em>{t('receipt.signHint')}</em><br /><br /><br />{r.staffName}</div>
      </div>
      <p className="receipt-copy-note">{t(copy === 1 ? 'receipt.copy1' : 'receipt.copy2')}</p>
    </section>
  );
}

interface Loaded { row: DossierRow | undefined; identity: DeviceIdentity | undefined; province: ProvinceSettings | undefined; officer: Staff | undefined; procedure: Procedure | undefined }

export interface ReceiptProps {
  code: string;
  staff: Staff;
  /** Print as soon as the copies are built (after an intake, and F9 on the dossier). */
  autoPrint?: boolean;
  onBack?: () => void;
  /** After an intake: print the processing-control slip (mẫu 06) of the dossier just received. */
  onControlSlip?: () => void;
}

export function Receipt({ code, staff, autoPrint = false, onBack, onControlSlip }: ReceiptProps) {
  const { t } = useTranslation('counter');
  const { db } = useAppServices();
  const { print, note, pdfPath } = usePrint(code, '01');
  const loaded = useLive<Loaded | null>(async () => {
    const row = await db.dossiers.get(code);
    const creator = row?.timeline.find((e) => e.action === 'create')?.staffId;
    return {
      row,
      identity: await db.getMeta<DeviceIdentity>(META.identity), province: await db.getMeta<ProvinceSettings>(META.province),
      officer: creator ? await db.staff.get(creator) : undefined,
      procedure: row ? await db.procedures.get(row.procedureCode) : undefined,
    };
  }, [db, code], null);

  const built = useMemo(() => {
    if (!loaded?.row) return null;
    return buildReceipt({ dossier: loaded.row, procedure: loaded.procedure ?? null, ...dossierAgencies(loaded.row, agenciesFrom(loaded.identity, loaded.province)), staffName: loaded.officer?.name ?? staff.name });
  }, [loaded, staff.name]);

  const primary = useAutoPrint({ title: `Giay-tiep-nhan-${code}`, autoPrint, ready: built?.ok === true, print });

  if (loaded === null) return null;
  if (!built) return <DossierNotFound code={code} />;
  if (!built.ok) return <p role="alert">{t(`receipt.error.${built.code}`)}</p>;
  return (
    <div className="counter-receipt" data-testid="receipt" data-code={code}>
      <div className="no-print">
        <Button ref={primary} variant="primary" shortcut="F9" onClick={() => void print()} data-testid="print">{t('receipt.print')}</Button>
        {onControlSlip && <Button onClick={onControlSlip} data-testid="print-control-slip">{t('receipt.controlSlip')}</Button>}
        {onBack && <Button onClick={onBack} data-testid="back-to-dossier">{t('receipt.backToDossier')}</Button>}
        {note && (
          <span className="hint" role={note.kind === 'printed' ? 'status' : 'alert'} data-testid="receipt-printed" data-kind={note.kind}>
            {t(`receipt.printNote.${note.kind}`, { printer: note.printer })}
          </span>
        )}
        {pdfPath && <span className="hint" data-testid="receipt-pdf">{t('receipt.pdfSaved', { path: pdfPath })}</span>}
        <span className="hint">{t('receipt.pdfHint')}</span>
      </div>
      <div className="receipt-print">
        <Copy r={built.receipt} copy={1} />
        <Copy r={built.receipt} copy={2} />
      </div>
    </div>
  );
}
