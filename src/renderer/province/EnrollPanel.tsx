/**
 * Enrollment codes: one single-use code for an agency, a kind of device and an optional counter,
 * shown large and as a QR code (`enrollQrText`: the gateway's address, the code and the kind) that
 * the device's technician console reads with its camera.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { AgencyCode, enrollQrText, PATHS, type DeviceKind, type EnrollCodeResponse } from '../../shared/protocol';
import { Button, Select, TextField } from '../ui';
import { errorText, formatTime, isUnknownAgency, useConsole } from './common';

interface Issued extends EnrollCodeResponse { agency: string; counter: string | null; qrSvg: string; qrText: string }

export function EnrollPanel() {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api, session } = useConsole();
  const [agency, setAgency] = useState(session.agency ?? '');
  const [kind, setKind] = useState<DeviceKind>('counter');
  const [counter, setCounter] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [agencyError, setAgencyError] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const code = agency.trim().toUpperCase();
    if (!AgencyCode.safeParse(code).success) {
      setAgencyError(t('enroll.badAgency'));
      return;
    }
    setAgencyError(null);
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<EnrollCodeResponse>(PATHS.adminEnrollCodes, { agency: code, kind, ...(counter.trim() ? { counter: counter.trim() } : {}) });
      const qrText = enrollQrText({ gatewayUrl: window.location.origin, code: r.code, kind: r.kind });
      const qrSvg = await QRCode.toString(qrText, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
      setIssued({ ...r, agency: code, counter: counter.trim() || null, qrSvg, qrText });
    } catch (err) {
      // An agency the province does not have: said at the field (a typo, most likely).
      if (isUnknownAgency(err)) setAgencyError(t('enroll.unknownAgency', { code }));
      else setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="pc-enroll-title" className="pc-panel" data-testid="pc-enroll">
      <h2 id="pc-enroll-title">{t('enroll.heading')}</h2>
      <p className="pc-muted">{t('enroll.intro')}</p>
      <form noValidate onSubmit={(e) => void submit(e)} className="pc-form pc-form-row">
        <TextField label={t('enroll.agencyCode')} description={t('enroll.agencyHelp')} value={agency} mono
          onChange={(e) => setAgency(e.target.value)} readOnly={session.role === 'agency'} error={agencyError ?? undefined} errorTestId="pc-enroll-agency-error" data-testid="pc-enroll-agency" />
        <Select label={t('enroll.kind')} value={kind} onChange={(v) => setKind(v === 'kiosk' ? 'kiosk' : 'counter')} data-testid="pc-enroll-kind"
          options={[{ value: 'counter', label: t('fleet.kinds.counter') }, { value: 'kiosk', label: t('fleet.kinds.kiosk') }]} />
        <TextField label={t('enroll.counter')} value={counter} maxLength={100} onChange={(e) => setCounter(e.target.value)} data-testid="pc-enroll-counter" />
        <Button type="submit" variant="primary" busy={busy} data-testid="pc-enroll-submit">{t('enroll.submit')}</Button>
      </form>
      {error && <p role="alert" className="pc-error">{error}</p>}
      {issued && (
        <div className="pc-enroll-result" data-testid="pc-enroll-result">
          <div>
            <p className="pc-muted">{t('enroll.code')}</p>
            <p className="pc-code" data-testid="pc-enroll-code">{issued.code}</p>
            <p>{issued.agency}{issued.counter ? ` · ${issued.counter}` : ''} · {t(`fleet.kinds.${issued.kind}`)}</p>
            <p className="pc-muted">{t('enroll.expires', { at: formatTime(issued.expiresAt, i18n.language) })}</p>
            <Button size="sm" onClick={() => window.print()}>{t('enroll.print')}</Button>
          </div>
          <img className="pc-qr" data-testid="pc-enroll-qr" data-payload={issued.qrText}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(issued.qrSvg)}`}
            alt={t('enroll.qr', { kind: t(`fleet.kinds.${issued.kind}`), agency: issued.agency })} />
        </div>
      )}
    </section>
  );
}
