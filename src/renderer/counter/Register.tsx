/**
 * The register book (mẫu 07, Circular 03/2025): the dossiers this office received in a period,
 * printed on A4 (and kept as PDF by the Electron host) or downloaded as CSV with a UTF-8 byte-order
 * mark, so a spreadsheet program opens the Vietnamese text right. The period is in Vietnam days.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildRegister, registerCsv } from '../../shared/forms';
import type { DeviceIdentity, ProvinceSettings } from '../../shared/protocol';
import { competentAgencyOf } from '../../shared/dossier';
import { agenciesFrom } from './agencies';
import { useAppServices } from '../app-services';
import { vietnamDay } from '../db/actions';
import { META, type DossierRow } from '../db/database';
import { FormPage } from './FormSheet';
import { useLive } from './live';
import { usePrint } from './print';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function Register() {
  const { t, i18n } = useTranslation('counter');
  const { db, now } = useAppServices();
  const today = vietnamDay(now());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const valid = DAY.test(from) && DAY.test(to) && from <= to;
  const loaded = useLive<{ rows: DossierRow[]; identity: DeviceIdentity | undefined; province: ProvinceSettings | undefined } | null>(async () => ({
    rows: await db.dossiers.toArray(), identity: await db.getMeta<DeviceIdentity>(META.identity),
    province: await db.getMeta<ProvinceSettings>(META.province),
  }), [db], null);
  // A legal form: the result method is written in Vietnamese whatever the screen's language.
  const method = i18n.getFixedT('vi', 'counter')('register.method');

  const doc = useMemo(() => {
    if (!loaded || !valid) return null;
    const agency = loaded.identity?.agency ?? { code: '', name: '' };
    const agencies = agenciesFrom(loaded.identity, loaded.province);
    const entries = loaded.rows
      // The register book is the receiving office's: dossiers this agency decides for another
      // receiving agency (boundary-free intake) are in that agency's book.
      .filter((r) => { const day = vietnamDay(Date.parse(r.receivedAt)); return day >= from && day <= to && (agency.code === '' || r.agencyCode === agency.code); })
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.code.localeCompare(b.code))
      .map((dossier) => ({ dossier, competentAgency: agencies.nameOf(competentAgencyOf(dossier)), resultMethod: method }));
    return buildRegister({ agency, from, to, entries, issuedAt: now() });
  }, [loaded, valid, from, to, method, now]);
  const code = `SO-${from.replaceAll('-', '')}-${to.replaceAll('-', '')}`;
  const { print, note, pdfPath } = usePrint(DAY.test(from) && DAY.test(to) ? code : 'SO-00000000', '07');

  const download = (): void => {
    if (!doc) return;
    const url = URL.createObjectURL(new Blob([registerCsv(doc)], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `so-theo-doi-${from}-${to}.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <div className="counter-form counter-register" data-testid="register">
      <div className="no-print">
        <h2>{t('register.title')}</h2>
        <label>{t('register.from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="register-from" /></label>{' '}
        <label>{t('register.to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} data-testid="register-to" /></label>
        {!valid && <p role="alert" data-testid="register-invalid">{t('register.badRange')}</p>}
        {doc && (
          <p>
            <span data-testid="register-count">{t('register.count', { count: doc.table?.rows.length ?? 0 })}</span>{' '}
            <button type="button" className="primary" onClick={() => void print()} data-testid="register-print">{t('form.print', { form: '07' })}</button>{' '}
            <button type="button" onClick={download} data-testid="register-csv">{t('register.csv')}</button>
          </p>
        )}
        {note && <span className="hint" role={note.kind === 'printed' ? 'status' : 'alert'}>{t(`receipt.printNote.${note.kind}`, { printer: note.printer })}</span>}
        {pdfPath && <span className="hint">{t('receipt.pdfSaved', { path: pdfPath })}</span>}
      </div>
      {doc && <div className="receipt-print register-print"><FormPage doc={doc} /></div>}
    </div>
  );
}
