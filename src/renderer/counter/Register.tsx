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
import { isoToDayNumber, vietnamInstant } from '../../shared/domain';
import { agenciesFrom } from './agencies';
import { useAppServices } from '../app-services';
import { vietnamDay } from '../db/actions';
import { META, type DossierRow } from '../db/database';
import { FormPage } from './FormSheet';
import { useLive } from './live';
import { usePrint } from './print';
import { Button, DateField } from '../ui';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/**
 * The instants (UTC, as `receivedAt` is written) from the start of Vietnam day `from` to the start
 * of the day after `to`. Called with two valid days.
 */
export function receivedRange(from: string, to: string): [string, string] {
  const at = (day: number): string => new Date(vietnamInstant(day, 0)).toISOString();
  return [at(isoToDayNumber(from) ?? 0), at((isoToDayNumber(to) ?? 0) + 1)];
}

export function Register() {
  const { t, i18n } = useTranslation('counter');
  const { db, now } = useAppServices();
  const today = vietnamDay(now());
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const valid = DAY.test(from) && DAY.test(to) && from <= to;
  // The period's dossiers only, through the `receivedAt` index (schema 5): not the whole cache.
  const loaded = useLive<{ period: string; rows: DossierRow[]; identity: DeviceIdentity | undefined; province: ProvinceSettings | undefined } | null>(async () => ({
    period: `${from}/${to}`,
    rows: valid ? await db.dossiers.where('receivedAt').between(...receivedRange(from, to), true, false).toArray() : [],
    identity: await db.getMeta<DeviceIdentity>(META.identity),
    province: await db.getMeta<ProvinceSettings>(META.province),
  }), [db, valid, from, to], null);
  // A legal form: the result method is written in Vietnamese whatever the screen's language.
  const method = i18n.getFixedT('vi', 'counter')('register.method');

  const doc = useMemo(() => {
    // Until the period just typed has been read, no register (not the previous period's rows
    // filtered to nothing, which would say "0 dossiers" for a moment).
    if (!loaded || !valid || loaded.period !== `${from}/${to}`) return null;
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
        <div className="register-period">
          <DateField label={t('register.from')} value={from} onChange={setFrom} data-testid="register-from" />
          <DateField label={t('register.to')} value={to} onChange={setTo} data-testid="register-to" />
        </div>
        {!valid && <p className="register-invalid" role="alert" data-testid="register-invalid">{t('register.badRange')}</p>}
        {doc && (
          <div className="register-actions">
            <span data-testid="register-count">{t('register.count', { count: doc.table?.rows.length ?? 0 })}</span>
            <Button variant="primary" onClick={() => void print()} data-testid="register-print">{t('form.print', { form: '07' })}</Button>
            <Button onClick={download} data-testid="register-csv">{t('register.csv')}</Button>
          </div>
        )}
        {note && <span className="hint" role={note.kind === 'printed' ? 'status' : 'alert'}>{t(`receipt.printNote.${note.kind}`, { printer: note.printer })}</span>}
        {pdfPath && <span className="hint">{t('receipt.pdfSaved', { path: pdfPath })}</span>}
      </div>
      {doc && <div className="receipt-print register-print"><FormPage doc={doc} /></div>}
    </div>
  );
}
