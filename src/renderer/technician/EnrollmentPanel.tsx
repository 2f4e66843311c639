/**
 * Enrollment with the provincial gateway: the technician types the gateway address and the
 * single-use code the province issued, or shows the camera the enrollment QR code of the
 * province console (`parseEnrollQr`: address, code and kind); the host trades the code for the
 * device credential (which the renderer never sees) and answers with the device's identity.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../shared/bridge/contract';
import { EnrollCodeText, normalizeEnrollCode, parseEnrollQr, type DeviceIdentity } from '../../shared/protocol/enroll';
import { useCameraScanner } from '../scanners/camera/use-camera-scanner';
import { codeKey } from '../i18n/codes';
import type { PublicSettings } from '../../shared/settings/schema';
import { useAppServices } from '../app-services';
import { Button, TextField } from '../ui';
import { errorText, useConsoleApi } from './console-api';
import { undeliveredStaffWork } from '../db/device-kind';

interface Props {
  settings: PublicSettings;
  onSaved(s: PublicSettings): void;
}

type Outcome = { ok: true; synced: boolean } | { ok: false; text: string } | null;

export function EnrollmentPanel({ settings, onSaved }: Props) {
  const { t } = useTranslation(['console', 'codes']);
  const api = useConsoleApi();
  const { sync, db } = useAppServices();
  const [status, setStatus] = useState<CallOutput<'gateway.status'> | null>(null);
  const [url, setUrl] = useState(settings.gatewayUrl ?? '');
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState(settings.counterName);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [scanning, setScanning] = useState(false);
  const [scanNote, setScanNote] = useState<{ ok: boolean; text: string } | null>(null);
  const cam = useCameraScanner({
    enabled: scanning,
    onScan: (raw) => {
      const q = parseEnrollQr(raw.text);
      if (!q) {
        setScanNote({ ok: false, text: t('enroll.qrNotEnroll') });
        return;
      }
      setScanning(false);
      setUrl(q.gatewayUrl);
      setCode(q.code);
      setOutcome(null);
      setScanNote(q.kind === settings.role
        ? { ok: true, text: t('enroll.qrRead') }
        : { ok: false, text: t('codes:enroll.enroll-code-kind') });
    },
  });

  useEffect(() => {
    let live = true;
    void (async () => {
      const s = await api.call('gateway.status', {}).catch(() => null);
      if (!live) return;
      setStatus(s);
      if (url !== '') return;
      const known = s?.gatewayUrl ?? (await api.call('app.info', {}).catch(() => null))?.gatewayUrl ?? null;
      if (live && known) setUrl(known);
    })();
    return () => { live = false; };
    // Only once (not on `url`): the technician may be editing the address afterwards.
  }, [api]);

  async function enroll(e: FormEvent) {
    e.preventDefault();
    const normalized = normalizeEnrollCode(code);
    if (!EnrollCodeText.safeParse(normalized).success) {
      setOutcome({ ok: false, text: t('enroll.badCode') });
      return;
    }
    setBusy(true);
    setOutcome(null);
    try {
      // A kiosk cannot deliver officers' work (the gateway refuses staff actions from one): what
      // this device still holds of it goes first, as a counter.
      const waiting = settings.role === 'kiosk' ? await undeliveredStaffWork(db) : 0;
      if (waiting > 0) {
        setOutcome({ ok: false, text: t('enroll.staffWorkPending', { count: waiting }) });
        return;
      }
      const gatewayUrl = url.trim();
      const identity = await api.call('gateway.enroll', {
        url: gatewayUrl, code: normalized, kind: settings.role,
        ...(deviceName.trim() ? { deviceName: deviceName.trim() } : {}),
      });
      setStatus({ enrolled: true, gatewayUrl, identity });
      setCode('');
      // Keep the address in the settings file so an export carries it; the credential is the host's.
      if (settings.gatewayUrl !== gatewayUrl) {
        await api.call('settings.update', { gatewayUrl }).then(onSaved, () => undefined);
      }
      if (sync) {
        await sync.afterEnrollment(identity);
        void sync.syncNow().catch(() => undefined);
      }
      setOutcome({ ok: true, synced: sync !== null });
    } catch (err) {
      setOutcome({ ok: false, text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="tech-panel" aria-labelledby="enroll-title" data-testid="panel-enroll">
      <h2 id="enroll-title">{t('enroll.title')}</h2>
      {status?.enrolled && status.identity
        ? <Identity identity={status.identity} url={status.gatewayUrl} />
        : <p className="tech-note" data-testid="enroll-none">{t('enroll.notEnrolled')}</p>}
      <form noValidate onSubmit={(e) => void enroll(e)}>
        <TextField
          label={t('enroll.url')} value={url} onChange={(e) => setUrl(e.target.value)} mono
          placeholder="https://motcua.example.gov.vn" data-testid="enroll-url"
        />
        <TextField
          label={t('enroll.code')} value={code} onChange={(e) => setCode(e.target.value)} mono
          placeholder="7K3QD-M9X2P" autoComplete="off" data-testid="enroll-code"
        />
        <TextField label={t('enroll.deviceName')} value={deviceName} onChange={(e) => setDeviceName(e.target.value)} maxLength={100} data-testid="enroll-device" />
        <div className="tech-actions">
          <Button type="submit" variant="primary" busy={busy} disabled={url.trim() === '' || code.trim() === ''} data-testid="enroll-submit">
            {status?.enrolled ? t('enroll.again') : t('enroll.submit')}
          </Button>
          <Button onClick={() => { setScanNote(null); setScanning((v) => !v); }} aria-pressed={scanning} data-testid="enroll-scan">
            {scanning ? t('enroll.qrStop') : t('enroll.qrScan')}
          </Button>
        </div>
      </form>
      {scanning && <p className="tech-note" role="status">{t('enroll.qrHint')}</p>}
      {cam.error && <p role="alert" className="tech-note" data-tone="error" data-testid="enroll-camera-error">{t(codeKey('camera', cam.error.code))}</p>}
      {scanNote && <p role={scanNote.ok ? 'status' : 'alert'} className="tech-note" data-tone={scanNote.ok ? 'success' : 'error'} data-testid="enroll-qr-note">{scanNote.text}</p>}
      <video ref={cam.videoRef} muted playsInline hidden={!scanning} className="tech-video" />
      {outcome?.ok === false && <p role="alert" className="tech-note" data-tone="error" data-testid="enroll-error">{outcome.text}</p>}
      {outcome?.ok === true && (
        <p role="status" className="tech-note" data-tone="success" data-testid="enroll-done">
          {outcome.synced ? t('enroll.doneSyncing') : t('enroll.doneReload')}
          {!outcome.synced && <Button size="sm" onClick={() => window.location.reload()} data-testid="enroll-reload">{t('enroll.reload')}</Button>}
        </p>
      )}
    </section>
  );
}

function Identity({ identity, url }: { identity: DeviceIdentity; url: string | null }) {
  const { t } = useTranslation(['console', 'codes']);
  return (
    <dl className="tech-facts" data-testid="enroll-identity">
      <dt>{t('enroll.agency')}</dt><dd>{identity.agency.name} ({identity.agency.code})</dd>
      <dt>{t('enroll.province')}</dt><dd>{identity.province.name}</dd>
      <dt>{t('enroll.counter')}</dt><dd>{identity.counter ?? '—'}</dd>
      <dt>{t('enroll.device')}</dt><dd>{identity.deviceName} · {t(`general.roles.${identity.kind}`)}</dd>
      <dt>{t('enroll.deviceId')}</dt><dd><code>{identity.deviceId}</code></dd>
      <dt>{t('enroll.url')}</dt><dd>{url ?? '—'}</dd>
    </dl>
  );
}
