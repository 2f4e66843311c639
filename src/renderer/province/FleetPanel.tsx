/**
 * The fleet: every device with its agency, counter, kind, version, last heartbeat and upload,
 * backlog and its age, clock skew and scanners; filters for the silent (> 15 min), those with a
 * backlog and those with a scanner error; revoke; a device's heartbeats of the last day as a chart.
 * A flagged row says why in words and an icon, never in colour alone.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { PATHS, type HeartbeatPoint, type KioskHealth } from '../../shared/protocol';
import { Button, Dialog, Icon, Select, Table, useToast, type TableColumn } from '../ui';
import { errorText, formatAge, formatSeconds, formatTime, useConsole } from './common';

/** Silent for longer than this: the fleet's "stale" filter. */
export const STALE_MS = 15 * 60_000;

export interface FleetRow extends KioskHealth { silent: boolean; hasBacklog: boolean; scannerError: boolean }

export function fleetRows(list: KioskHealth[], now: number): FleetRow[] {
  return list.map((k) => ({
    ...k,
    silent: k.revokedAt === null && (k.lastSeenAt === null || now - Date.parse(k.lastSeenAt) > STALE_MS),
    hasBacklog: k.revokedAt === null && (k.pending ?? 0) > 0,
    scannerError: k.revokedAt === null && k.scanners.some((s) => s.lastError !== null || s.state === 'error'),
  }));
}

export function FleetPanel() {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api, session } = useConsole();
  const toast = useToast();
  const [list, setList] = useState<KioskHealth[] | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [error, setError] = useState<string | null>(null);
  const [filters, setFilters] = useState({ stale: false, backlog: false, scanner: false });
  const [agency, setAgency] = useState('');
  const [revoking, setRevoking] = useState<FleetRow | null>(null);
  const [busy, setBusy] = useState(false);
  const [history, setHistory] = useState<FleetRow | null>(null);
  // Wider than its frame (a narrow window, English, a larger text size): say so above the table.
  const frame = useRef<HTMLDivElement>(null);
  const [overflow, setOverflow] = useState(false);

  const load = useCallback(async () => {
    try {
      const r = await api.get<{ kiosks: KioskHealth[]; serverTime: string }>(PATHS.adminKiosks);
      setList(r.kiosks);
      setNow(Date.parse(r.serverTime));
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [api, t]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 30_000);
    return () => clearInterval(timer);
  }, [load]);

  const rows = useMemo(() => fleetRows(list ?? [], now), [list, now]);
  const agencies = useMemo(() => [...new Set(rows.map((r) => r.agencyCode))].sort(), [rows]);
  const shown = rows.filter((r) => (!filters.stale || r.silent) && (!filters.backlog || r.hasBacklog) && (!filters.scanner || r.scannerError)
    && (agency === '' || r.agencyCode === agency));
  const lang = i18n.language;
  const since = (iso: string | null): string => (iso ? t('fleet.ago', { value: formatAge(now - Date.parse(iso), lang) }) : t('never'));

  const columns: TableColumn<FleetRow>[] = [
    { id: 'name', label: t('fleet.device'), rowHeader: true, sortValue: (r) => r.deviceName, cell: (r) => <span>{r.deviceName}</span> },
    { id: 'agency', label: t('agency'), sortValue: (r) => r.agencyCode, cell: (r) => <span className="pc-mono">{r.agencyCode}</span> },
    { id: 'counter', label: t('fleet.counter'), sortValue: (r) => r.counter, cell: (r) => <span className="pc-nowrap">{r.counter ?? t('none')}</span> },
    { id: 'kind', label: t('fleet.kind'), sortValue: (r) => r.kind, cell: (r) => <span className="pc-nowrap">{t(`fleet.kinds.${r.kind}`)}</span> },
    { id: 'version', label: t('fleet.version'), sortValue: (r) => r.appVersion, cell: (r) => r.appVersion ?? t('none') },
    {
      id: 'state', label: t('fleet.state'), sortValue: (r) => (r.revokedAt ? 0 : r.silent ? 1 : r.hasBacklog || r.scannerError ? 2 : 3),
      cell: (r) => r.revokedAt ? <span className="pc-flag pc-flag-off"><Icon name="stop" />{t('fleet.revoked')}</span>
        : r.silent ? <span className="pc-flag pc-flag-bad" data-flag="stale"><Icon name="link-off" />{t('fleet.stale')}</span>
        : <span className="pc-flag pc-flag-ok"><Icon name="check" />{t('fleet.ok')}</span>,
    },
    { id: 'seen', label: t('fleet.lastSeen'), sortValue: (r) => r.lastSeenAt, cell: (r) => <span className="pc-nowrap" title={formatTime(r.lastSeenAt, lang) ?? ''}>{since(r.lastSeenAt)}</span> },
    { id: 'upload', label: t('fleet.lastUpload'), sortValue: (r) => r.lastUploadAt, cell: (r) => <span className="pc-nowrap">{since(r.lastUploadAt)}</span> },
    {
      id: 'backlog', label: t('fleet.backlog'), align: 'end', sortValue: (r) => r.pending,
      cell: (r) => r.hasBacklog
        ? <span className="pc-flag pc-flag-warn" data-flag="backlog"><Icon name="clock" />{r.pending}{r.oldestPendingMs !== null ? ` · ${t('fleet.backlogAge', { age: formatAge(r.oldestPendingMs, lang) })}` : ''}</span>
        : <span>{r.pending ?? t('none')}</span>,
    },
    { id: 'skew', label: t('fleet.skew'), align: 'end', sortValue: (r) => (r.skewMs === null ? null : Math.abs(r.skewMs)), cell: (r) => (r.skewMs === null ? t('none')
        : <span className="pc-nowrap" data-testid="pc-skew" data-value={r.skewMs}>{t('fleet.seconds', { value: formatSeconds(r.skewMs, lang) })}</span>) },
    {
      id: 'scanners', label: t('fleet.scanners'), sortValue: (r) => (r.scannerError ? 0 : 1),
      cell: (r) => r.scannerError
        ? <span className="pc-flag pc-flag-bad" data-flag="scanner"><Icon name="warning" />{t('fleet.scannerError', { ids: r.scanners.filter((s) => s.lastError !== null || s.state === 'error').map((s) => s.id).join(', ') })}</span>
        : <span>{r.scanners.length === 0 ? t('none') : t('fleet.scannersOk')}</span>,
    },
    {
      id: 'actions', label: t('fleet.actions'), cell: (r) => (
        <span className="pc-actions">
          <Button size="sm" variant="quiet" onClick={() => setHistory(r)} data-testid="pc-history">{t('fleet.history')}</Button>
          {!r.revokedAt && <Button size="sm" variant="danger" onClick={() => setRevoking(r)} data-testid="pc-revoke">{t('fleet.revoke')}</Button>}
        </span>
      ),
    },
  ];

  async function revoke() {
    if (!revoking) return;
    setBusy(true);
    try {
      await api.post(PATHS.adminRevoke.replace(':id', encodeURIComponent(revoking.deviceId)));
      toast.show({ message: t('fleet.revokedDone', { name: revoking.deviceName }), tone: 'success' });
      setRevoking(null);
      await load();
    } catch (err) {
      toast.show({ message: t('failed', { message: errorText(t, err) }), tone: 'error' });
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    const box = frame.current?.querySelector<HTMLElement>('.ui-table-wrap');
    const table = box?.querySelector('table');
    if (!box || !table) return;
    const check = (): void => setOverflow(box.scrollWidth > box.clientWidth + 1);
    check();
    const observer = new ResizeObserver(check);
    observer.observe(box);
    observer.observe(table);
    return () => observer.disconnect();
  }, [list]);

  const stale = rows.filter((r) => r.silent).length;
  const backlog = rows.filter((r) => r.hasBacklog).length;
  return (
    <section aria-labelledby="pc-fleet-title" className="pc-panel" data-testid="pc-fleet">
      <div className="pc-panel-head">
        <h2 id="pc-fleet-title">{t('fleet.heading')}</h2>
        <Button size="sm" icon="refresh" onClick={() => void load()}>{t('refresh')}</Button>
      </div>
      {error && <p role="alert" className="pc-error">{error}</p>}
      {list && <p data-testid="pc-fleet-summary">{t('fleet.summary', { total: rows.length, stale, backlog })}</p>}
      <fieldset className="pc-filters">
        <legend>{t('fleet.filters')}</legend>
        <label><input type="checkbox" checked={filters.stale} onChange={(e) => setFilters({ ...filters, stale: e.target.checked })} data-testid="pc-filter-stale" /> {t('fleet.filterStale')}</label>
        <label><input type="checkbox" checked={filters.backlog} onChange={(e) => setFilters({ ...filters, backlog: e.target.checked })} data-testid="pc-filter-backlog" /> {t('fleet.filterBacklog')}</label>
        <label><input type="checkbox" checked={filters.scanner} onChange={(e) => setFilters({ ...filters, scanner: e.target.checked })} data-testid="pc-filter-scanner" /> {t('fleet.filterScanner')}</label>
        {session.role === 'province' && (
          <Select label={t('agency')} value={agency} onChange={setAgency} data-testid="pc-fleet-agency"
            options={[{ value: '', label: t('allAgencies') }, ...agencies.map((a) => ({ value: a, label: a }))]} />
        )}
      </fieldset>
      <div ref={frame}>
        {overflow && <p className="pc-scroll-hint" data-testid="pc-fleet-scroll-hint"><Icon name="info" />{t('fleet.scrollHint')}</p>}
        <Table label={t('fleet.heading')} columns={columns} rows={shown} rowKey={(r) => r.deviceId} emptyText={t('fleet.empty')}
          className={`pc-fleet-table${overflow ? ' pc-overflowing' : ''}`}
          busy={list === null} data-testid="pc-fleet-table" rowTestId="pc-fleet-row" defaultSort={{ column: 'state', direction: 'ascending' }} />
      </div>
      <Dialog open={revoking !== null} onClose={() => setRevoking(null)} role="alertdialog" busy={busy}
        title={t('fleet.revokeTitle', { name: revoking?.deviceName ?? '' })} description={t('fleet.revokeText')} data-testid="pc-revoke-dialog"
        actions={<>
          <Button onClick={() => setRevoking(null)}>{t('fleet.cancel')}</Button>
          <Button variant="danger" busy={busy} onClick={() => void revoke()} data-testid="pc-revoke-confirm">{t('fleet.revokeConfirm')}</Button>
        </>} />
      {history && <HistoryDialog row={history} onClose={() => setHistory(null)} />}
    </section>
  );
}

function HistoryDialog({ row, onClose }: { row: FleetRow; onClose(): void }) {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api } = useConsole();
  const [points, setPoints] = useState<HeartbeatPoint[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ points: HeartbeatPoint[] }>(`${PATHS.adminDeviceHeartbeats.replace(':id', encodeURIComponent(row.deviceId))}?hours=24`)
      .then((r) => setPoints(r.points), (err: unknown) => setError(errorText(t, err)));
  }, [api, row.deviceId, t]);
  const data = (points ?? []).map((p) => ({ at: Date.parse(p.at), pending: p.pending }));
  const time = (ms: number): string => new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit' }).format(ms);
  return (
    <Dialog open onClose={onClose} title={t('fleet.historyTitle', { name: row.deviceName })} size="lg" data-testid="pc-history-dialog"
      actions={<Button onClick={onClose}>{t('fleet.close')}</Button>}>
      {error && <p role="alert" className="pc-error">{error}</p>}
      {points && points.length === 0 && <p>{t('fleet.historyEmpty')}</p>}
      {points && points.length > 0 && (
        <figure className="pc-chart" aria-label={t('fleet.historyTitle', { name: row.deviceName })}>
          <ResponsiveContainer width="100%" height={240}>
            <LineChart data={data} accessibilityLayer margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
              <CartesianGrid stroke="var(--ui-color-border-subtle)" />
              <XAxis dataKey="at" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={time} stroke="var(--ui-color-text-muted)" />
              <YAxis allowDecimals={false} stroke="var(--ui-color-text-muted)" />
              <Tooltip labelFormatter={(v) => time(Number(v))} formatter={(v) => [String(v), t('fleet.historyBacklog')]} />
              <Line type="stepAfter" dataKey="pending" name={t('fleet.historyBacklog')} stroke="var(--ui-color-primary)" strokeWidth={2} dot={false} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </figure>
      )}
    </Dialog>
  );
}
