/**
 * The technician console: behind its own PIN, everything a visiting
 * technician needs on one screen — identity and enrollment, the fee account, the digitised
 * documents' upload limit and local keeping, sync and storage health, the office queue's
 * configuration, settings files, the support bundle and the scanner console.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TechnicianStatus } from '../../shared/settings/technician';
import { useAppServices, useSettings } from '../app-services';
import { ConsoleApiProvider, errorText, useConsoleApi, useLockingApi } from './console-api';
import { codeKey } from '../i18n/codes';
import { PinGate } from './PinGate';
import { GeneralPanel } from './GeneralPanel';
import { EnrollmentPanel } from './EnrollmentPanel';
import { FeeAccountPanel } from './FeeAccountPanel';
import { HealthPanel } from './HealthPanel';
import { DigitisedFilesPanel } from './DigitisedFilesPanel';
import { FilesPanel } from './FilesPanel';
import { ScannerConsole } from './scanner/ScannerConsole';
import { QueueConfigPanel } from './QueuePanel';
import { Button } from '../ui';
import './technician.css';

type Gate = { phase: 'loading' } | { phase: 'failed'; error: unknown } | { phase: 'gate'; status: TechnicianStatus } | { phase: 'open' };

export function TechnicianConsole() {
  const { t } = useTranslation(['console', 'codes']);
  const { kiosk } = useAppServices();
  const [gate, setGate] = useState<Gate>({ phase: 'loading' });

  const toGate = useCallback(() => {
    kiosk.call('technician.status', {}).then(
      (status) => setGate({ phase: 'gate', status }),
      (error: unknown) => setGate({ phase: 'failed', error }),
    );
  }, [kiosk]);

  useEffect(() => {
    let live = true;
    // A session left open by an earlier visit is closed: whoever opens the console types the PIN.
    kiosk.call('technician.lock', {}).then(
      (status) => { if (live) setGate({ phase: 'gate', status }); },
      (error: unknown) => { if (live) setGate({ phase: 'failed', error }); },
    );
    return () => {
      live = false;
      void kiosk.call('technician.lock', {}).catch(() => undefined);
    };
  }, [kiosk]);

  const api = useLockingApi(kiosk, toGate);

  if (gate.phase === 'loading') return <main className="tech-gate" aria-busy="true">{t('loading')}</main>;
  if (gate.phase === 'failed') {
    return (
      <main className="tech-gate">
        <h1>{t('title')}</h1>
        <p className="tech-note" data-tone="error" role="alert" data-testid="console-failed">{errorText(t, gate.error)}</p>
        <Button onClick={toGate}>{t('retry')}</Button>
      </main>
    );
  }
  if (gate.phase === 'gate') {
    return (
      <PinGate
        kiosk={kiosk} status={gate.status}
        onStatus={(status) => setGate({ phase: 'gate', status })}
        onUnlocked={() => setGate({ phase: 'open' })}
      />
    );
  }
  return (
    <ConsoleApiProvider value={api}>
      <ConsoleBody onLock={() => void kiosk.call('technician.lock', {}).catch(() => undefined).finally(toGate)} />
    </ConsoleApiProvider>
  );
}

function ConsoleBody({ onLock }: { onLock(): void }) {
  const { t } = useTranslation(['console', 'codes']);
  const { settings: source } = useAppServices();
  const current = useSettings();
  const [loadError, setLoadError] = useState<unknown>(null);
  // An imported file replaces what the forms were showing; a save in one panel leaves the others' edits.
  const [revision, setRevision] = useState(0);
  // The panels show the app's one copy of the settings, which follows the host's changes (a new
  // language applies on every screen from there); a host that has not answered yet is asked again
  // here, so that a failure is shown instead of the defaults.
  useEffect(() => {
    if (!source.loaded) source.refresh().catch((err: unknown) => setLoadError(err));
  }, [source]);
  const settings = source.loaded ? current : null;
  const saved = useCallback(() => setLoadError(null), []);

  return (
    <main className="tech-console" data-testid="technician-console">
      <div className="tech-head">
        <h1>{t('title')}</h1>
        <Button onClick={onLock} data-testid="console-lock">{t('lock')}</Button>
      </div>
      <SettingsAlerts />
      {loadError !== null && <p className="tech-note" data-tone="error" role="alert">{errorText(t, loadError)}</p>}
      {settings && (
        <div className="tech-grid">
          <GeneralPanel key={`general-${revision}`} settings={settings} onSaved={saved} />
          <EnrollmentPanel key={`enroll-${revision}`} settings={settings} onSaved={saved} />
          <FeeAccountPanel key={`fee-${revision}`} settings={settings} onSaved={saved} />
          <DigitisedFilesPanel key={`digitised-${revision}`} settings={settings} onSaved={saved} />
          <HealthPanel />
          <QueueConfigPanel />
          <FilesPanel onImported={() => { saved(); setRevision((r) => r + 1); }} />
        </div>
      )}
      <ScannerConsole />
    </main>
  );
}

/** A settings file that was damaged or written by a newer version: the technician must know. */
function SettingsAlerts() {
  const { t } = useTranslation(['technician', 'codes']);
  const { t: tc } = useTranslation('console');
  const api = useConsoleApi();
  const [alerts, setAlerts] = useState<Awaited<ReturnType<typeof api.call<'settings.alerts'>>>>([]);
  useEffect(() => {
    let live = true;
    api.call('settings.alerts', {}).then((a) => { if (live) setAlerts(a); }, () => undefined);
    return () => { live = false; };
  }, [api]);
  if (alerts.length === 0) return null;
  return (
    <section className="tech-alerts" role="alert" data-testid="settings-alerts">
      {alerts.map((a) => (
        <p key={`${a.code}-${a.at}`}>{t(codeKey('settings', a.code), { file: a.file, restored: t(`restored.${a.restored}`) })}</p>
      ))}
      <Button size="sm" onClick={() => void api.call('settings.dismissAlerts', {}).then(setAlerts, () => undefined)}>
        {tc('alertsSeen')}
      </Button>
    </section>
  );
}
