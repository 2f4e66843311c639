import { useEffect, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { i18n } from 'i18next';
import type { ScannerStatus } from '../shared/bridge/contract';
import { getKiosk } from './kiosk';
import { ScanMonitor, type MonitorScan } from './screens/ScanMonitor';
import type { AppScanStream } from './scan-setup';

const MAX_SHOWN = 20;

function Shell({ stream }: { stream: AppScanStream }) {
  const { t, i18n: inst } = useTranslation('app');
  const [scans, setScans] = useState<MonitorScan[]>([]);
  const [rejected, setRejected] = useState<string | null>(null);
  const [scanners, setScanners] = useState<ScannerStatus[]>([]);

  useEffect(() => stream.onScan((s) => {
    setRejected(null);
    setScans((prev) => [s, ...prev].slice(0, MAX_SHOWN));
  }), [stream]);
  useEffect(() => stream.onRejected((reason) => setRejected(t('rejectedScan', { reason }))), [stream, t]);

  useEffect(() => {
    const kiosk = getKiosk();
    let live = true;
    kiosk.call('scanner.status', {}).then((s) => { if (live) setScanners(s); }, () => {});
    const off = kiosk.on('scanner.status', (s) => setScanners((prev) => [...prev.filter((p) => p.id !== s.id), s].sort((a, b) => a.id.localeCompare(b.id))));
    return () => { live = false; off(); };
  }, []);

  return (
    <div className="app">
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
      <ScanMonitor scans={scans} scanners={scanners} rejected={rejected} />
    </div>
  );
}

export function App({ i18n: inst, stream }: { i18n: i18n; stream: AppScanStream }) {
  return (
    <I18nextProvider i18n={inst}>
      <Shell stream={stream} />
    </I18nextProvider>
  );
}
