/**
 * The technician's scanner console: the serial ports this machine sees, one settings
 * form per serial scanner with its live status explained, a live monitor of raw bytes and decoded
 * scans, the fidelity test and the camera preview.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SerialPortInfo, SerialScannerConfig, ScannerStatus } from '../../../shared/bridge/contract';
import { errorText, useConsoleApi } from '../console-api';
import { ScannerForm } from './ScannerForm';
import { ScannerStatusView } from './ScannerStatusView';
import { LiveMonitor } from './LiveMonitor';
import { FidelityTest } from './FidelityTest';
import { CameraPreview } from './CameraPreview';
import { Button, Table, type TableColumn } from '../../ui';
import './scanner.css';

const MAX_SCANNERS = 8;

function nextId(taken: string[]): string {
  for (let i = 1; ; i++) if (!taken.includes(`scanner-${i}`)) return `scanner-${i}`;
}

/** The host keeps the scanner settings in its settings file itself (`scanner.setConfig`). */
export function ScannerConsole() {
  const { t } = useTranslation(['console', 'codes']);
  const api = useConsoleApi();
  const [ports, setPorts] = useState<SerialPortInfo[] | null>(null);
  const [configs, setConfigs] = useState<SerialScannerConfig[]>([]);
  const [draft, setDraft] = useState<Partial<SerialScannerConfig> | null>(null);
  const [statuses, setStatuses] = useState<Record<string, ScannerStatus>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const refreshPorts = useCallback(() => {
    api.call('scanner.listPorts', {}).then(setPorts, (err: unknown) => { setPorts([]); setMessage({ ok: false, text: errorText(t, err) }); });
  }, [api, t]);

  useEffect(() => {
    let live = true;
    refreshPorts();
    api.call('scanner.getConfig', {}).then((c) => { if (live) setConfigs(c); }, () => undefined);
    api.call('scanner.status', {}).then((list) => {
      if (live) setStatuses(Object.fromEntries(list.map((s) => [s.id, s])));
    }, () => undefined);
    const off = api.on('scanner.status', (s) => setStatuses((prev) => ({ ...prev, [s.id]: s })));
    return () => { live = false; off(); };
  }, [api, refreshPorts]);

  async function apply(next: SerialScannerConfig[]) {
    setMessage(null);
    try {
      const list = await api.call('scanner.setConfig', { scanners: next });
      setConfigs(next);
      setStatuses(Object.fromEntries(list.map((s) => [s.id, s])));
      setDraft(null);
      setMessage({ ok: true, text: t('scanner.saved') });
    } catch (err) {
      setMessage({ ok: false, text: errorText(t, err) });
    }
  }

  const choosePort = (p: SerialPortInfo) => setDraft({
    id: nextId(configs.map((c) => c.id)), path: p.path,
    ...(p.vendorId && p.productId ? { vendorId: p.vendorId, productId: p.productId } : {}),
    ...(p.serialNumber ? { serialNumber: p.serialNumber } : {}),
  });
  const full = draft !== null || configs.length >= MAX_SCANNERS;

  const portColumns: TableColumn<SerialPortInfo>[] = [
    { id: 'path', label: t('scanner.field.path'), rowHeader: true, cell: (p) => <code>{p.path}</code> },
    { id: 'usb', label: t('scanner.usbIds'), cell: (p) => <code>{p.vendorId && p.productId ? `${p.vendorId}:${p.productId}` : '—'}</code> },
    { id: 'serial', label: t('scanner.field.serialNumber'), cell: (p) => p.serialNumber ?? '—' },
    { id: 'maker', label: t('scanner.maker'), cell: (p) => p.manufacturer ?? '—' },
    {
      id: 'use', label: t('scanner.action'), align: 'end',
      cell: (p) => <Button size="sm" disabled={full} onClick={() => choosePort(p)}>{t('scanner.usePort')}</Button>,
    },
  ];

  return (
    <section className="tech-panel tsc-console" aria-labelledby="scanners-title" data-testid="scanner-console">
      <h2 id="scanners-title">{t('scanner.title')}</h2>

      <div className="tsc-head">
        <h3 id="scanner-ports-title">{t('scanner.ports')}</h3>
        <Button size="sm" icon="refresh" onClick={refreshPorts} data-testid="ports-refresh">{t('scanner.refresh')}</Button>
      </div>
      {ports !== null && ports.length === 0 && <p className="tech-hint" data-testid="ports-none">{t('scanner.noPorts')}</p>}
      {ports !== null && ports.length > 0 && (
        <Table
          labelledBy="scanner-ports-title" columns={portColumns} rows={ports} rowKey={(p) => p.path}
          emptyText={t('scanner.noPorts')} data-testid="ports"
        />
      )}

      <h3>{t('scanner.serialScanners')}</h3>
      {configs.length === 0 && draft === null && <p className="tech-hint">{t('scanner.noScanners')}</p>}
      {configs.map((c) => (
        <article key={c.id} className="tsc-scanner" data-testid={`scanner-${c.id}`}>
          <ScannerStatusView status={statuses[c.id] ?? null} />
          <ScannerForm
            config={c} otherIds={configs.filter((o) => o.id !== c.id).map((o) => o.id)}
            onSave={(saved) => apply(configs.map((o) => (o.id === c.id ? saved : o)))}
            onRemove={() => void apply(configs.filter((o) => o.id !== c.id))}
          />
        </article>
      ))}
      {draft !== null && (
        <article className="tsc-scanner" data-testid="scanner-new">
          <ScannerForm
            config={draft} otherIds={configs.map((o) => o.id)}
            onSave={(saved) => apply([...configs, saved])} onRemove={() => setDraft(null)}
          />
        </article>
      )}
      <div className="tsc-row">
        <Button disabled={full} data-testid="scanner-add" onClick={() => setDraft({ id: nextId(configs.map((c) => c.id)) })}>
          {t('scanner.add')}
        </Button>
      </div>
      {message && (
        <p className="tech-note" data-tone={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="scanner-message">
          {message.text}
        </p>
      )}

      <div className="tsc-tools">
        <FidelityTest />
        <LiveMonitor />
        <CameraPreview />
      </div>
    </section>
  );
}
