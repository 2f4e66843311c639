/**
 * The app shell: providers (translation, scan stream, services and settings) and the screen chosen
 * by the URL hash: `#/counter` the counter officer's screen, `#/citizen-display` its citizen-facing
 * second display, `#/kiosk` the citizen self-service kiosk, `#/technician` the technician console,
 * `#/monitor` the scan monitor, `#/queue-board` the office queue's hall display. Without one of these, the configured role's screen (settings
 * `role`: counter or kiosk); the hosts open that role's hash themselves.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n } from 'i18next';
import type { ScannerStatus } from '../shared/bridge/contract';
import type { StorageErrorCode } from '../shared/messages';
import { AppServicesProvider, useAppServices, type AppServices, type Role } from './app-services';
import { ScanStreamContext, useScans, problemMessage, type ScanEvent } from './scanners';
import { ScanMonitor } from './screens/ScanMonitor';
import { CounterApp } from './counter/CounterApp';
import { CitizenDisplay } from './counter/CitizenDisplay';
import { CitizenKiosk } from './citizen/CitizenKiosk';
import { TechnicianConsole } from './technician/TechnicianConsole';
import { RecoveryNotice } from './recovery/RecoveryNotice';
import { QueueBoard } from './queue/QueueBoard';

export type Route = 'counter' | 'citizen-display' | 'kiosk' | 'technician' | 'monitor' | 'queue-board';

export function routeOf(hash: string, role: Role = 'counter'): Route {
  const head = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  if (head === 'counter' || head === 'citizen-display' || head === 'kiosk' || head === 'technician' || head === 'monitor' || head === 'queue-board') return head;
  return role;
}

const MAX_SHOWN = 20;

function useHash(): string {
  return useSyncExternalStore(
    (cb) => { window.addEventListener('hashchange', cb); return () => window.removeEventListener('hashchange', cb); },
    () => window.location.hash,
  );
}

function MonitorScreen() {
  const { t } = useTranslation('app');
  const { t: ts } = useTranslation(['scanners', 'codes']);
  const { kiosk } = useAppServices();
  const [scans, setScans] = useState<ScanEvent[]>([]);
  const [rejected, setRejected] = useState<string | null>(null);
  const [scanners, setScanners] = useState<ScannerStatus[]>([]);

  useScans((s) => {
    setRejected(null);
    setScans((prev) => [s, ...prev].slice(0, MAX_SHOWN));
  }, {
    active: true,
    onProblem: (p) => {
      const m = problemMessage(p);
      setRejected(t('rejectedScan', { reason: ts(m.key, m.values) }));
    },
  });

  useEffect(() => {
    let live = true;
    kiosk.call('scanner.status', {}).then((s) => { if (live) setScanners(s); }, () => {});
    const off = kiosk.on('scanner.status', (s) => setScanners((prev) => [...prev.filter((p) => p.id !== s.id), s].sort((a, b) => a.id.localeCompare(b.id))));
    return () => { live = false; off(); };
  }, [kiosk]);

  return <ScanMonitor scans={scans} scanners={scanners} rejected={rejected} />;
}

function Shell() {
  const route = routeOf(useHash(), useAppServices().role);
  switch (route) {
    case 'counter': return <><RecoveryNotice /><CounterApp /></>;
    case 'citizen-display': return <CitizenDisplay />;
    case 'kiosk': return <CitizenKiosk />;
    case 'technician': return <TechnicianConsole />;
    case 'monitor': return <MonitorShell />;
    case 'queue-board': return <QueueBoard />;
  }
}

function MonitorShell() {
  const { t, i18n: inst } = useTranslation('app');
  return (
    <div className="app monitor-shell">
      <header>
        <span className="brand">{t('title')}</span>
        <label>
          {t('language')}{' '}
          <select value={inst.language} onChange={(e) => void inst.changeLanguage(e.target.value)} data-testid="language">
            <option value="vi">Tiếng Việt</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <MonitorScreen />
    </div>
  );
}

export function App({ services }: { services: AppServices }) {
  return (
    <I18nextProvider i18n={services.i18n}>
      <ScanStreamContext.Provider value={services.scans}>
        <AppServicesProvider value={services}>
          <Shell />
        </AppServicesProvider>
      </ScanStreamContext.Provider>
    </I18nextProvider>
  );
}

/** Shown when the offline store cannot open: a clear message, never a blank screen. */
export function BootFailure({ code, i18n: inst }: { code: StorageErrorCode; i18n: i18n }) {
  return (
    <I18nextProvider i18n={inst}>
      <BootFailureText code={code} />
    </I18nextProvider>
  );
}

function BootFailureText({ code }: { code: StorageErrorCode }) {
  const { t } = useTranslation('app');
  return (
    <main className="monitor">
      <h1>{t('bootFailed')}</h1>
      <p role="alert">{t('bootFailedHint', { code })}</p>
    </main>
  );
}
