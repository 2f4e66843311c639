/**
 * The office queue's statistics (`GET /v1/admin/queue/stats`) for one agency and a period —
 * tickets per hour (chart) and per area and hour, waiting p50/p90, handling time, no-shows,
 * per counter and officer, ratings — and the digitisation scorecard
 * (`GET /v1/admin/scorecard/digitisation`): per agency, the share of dossiers whose every
 * component is digitised. An agency admin sees its own agency only (the gateway's decision).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { z } from 'zod';
import { PATHS, type FileCollectionRun, type QueueStatsResponse, type Scorecard } from '../../shared/protocol';
import type { QueueKeyRotateResponse } from '../../shared/protocol/queue';
import { Button, DateField, Dialog, Table, TextField, type TableColumn } from '../ui';
import { errorText, formatNumber, formatPercent, formatTime, useConsole } from './common';

const vnToday = (): string => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
type Stats = z.infer<typeof QueueStatsResponse>;
type Secs = Stats['waitSeconds'];
type Rotated = z.infer<typeof QueueKeyRotateResponse>;

/**
 * Changing an office's queue LAN key (`POST /v1/admin/queue/key/rotate`): with the 24-hour grace
 * by default, or at once (a device was lost); revoking a device in the fleet does it at once.
 */
function LanKeyRotate({ agency }: { agency: string }) {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api } = useConsole();
  const [open, setOpen] = useState(false);
  const [now, setNow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<Rotated | null>(null);
  const time = (iso: string): string => new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', dateStyle: 'short', timeStyle: 'short' }).format(Date.parse(iso));
  const rotate = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await api.post<Rotated>(PATHS.adminQueueKeyRotate, { agency, grace: !now });
      setDone(r);
      setOpen(false);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="pc-lan-key" data-testid="pc-lan-key">
      <h3>{t('queue.keyHeading')}</h3>
      <p className="pc-muted">{t('queue.keyText')}</p>
      {done && (
        <p role="status" data-testid="pc-lan-key-done">
          {done.graceUntil ? t('queue.keyDoneGrace', { at: time(done.rotatedAt), until: time(done.graceUntil) }) : t('queue.keyDoneNow', { at: time(done.rotatedAt) })}
        </p>
      )}
      <Button onClick={() => { setNow(false); setError(null); setOpen(true); }} data-testid="pc-lan-key-rotate">{t('queue.keyRotate')}</Button>
      <Dialog open={open} onClose={() => setOpen(false)} role="alertdialog" busy={busy} title={t('queue.keyTitle', { agency })} description={t('queue.keyDescription')}
        data-testid="pc-lan-key-dialog"
        actions={<>
          <Button onClick={() => setOpen(false)}>{t('fleet.cancel')}</Button>
          <Button variant="danger" busy={busy} onClick={() => void rotate()} data-testid="pc-lan-key-confirm">{t('queue.keyConfirm')}</Button>
        </>}>
        <label className="pc-check"><input type="checkbox" checked={now} onChange={(e) => setNow(e.target.checked)} data-testid="pc-lan-key-now" /> {t('queue.keyNow')}</label>
        {error && <p role="alert" className="pc-error">{error}</p>}
      </Dialog>
    </div>
  );
}

/** The last collection of abandoned uploads (counts only), for province admins. */
function FileCollectionStatus() {
  const { t, i18n } = useTranslation('province');
  const { api } = useConsole();
  const [last, setLast] = useState<FileCollectionRun | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.get<{ last: FileCollectionRun | null }>(PATHS.adminFileCollection).then((r) => setLast(r.last), (err: unknown) => setError(errorText(t, err)));
  }, [api, t]);
  const lang = i18n.language;
  return (
    <>
      <h3>{t('queue.fileGcHeading')}</h3>
      {error && <p role="alert" className="pc-error">{error}</p>}
      {last !== undefined && (
        <p data-testid="pc-file-gc" data-files={last?.files ?? ''}>
          {last === null ? t('queue.fileGcNever') : t('queue.fileGcLast', {
            at: formatTime(last.at, lang), days: last.maxAgeDays, files: formatNumber(last.files, lang), chunks: formatNumber(last.chunks, lang),
            mb: formatNumber(last.bytes / 1_048_576, lang, 1), shared: formatNumber(last.shared, lang),
          })}
        </p>
      )}
    </>
  );
}

/** Hours of a one-stop office's day (Vietnamese time), always on the tickets-per-hour chart. */
const OFFICE_HOURS = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17];

export function QueueFiguresPanel() {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api, session } = useConsole();
  const lang = i18n.language;
  const [agency, setAgency] = useState(session.agency ?? '');
  const [from, setFrom] = useState(vnToday);
  const [to, setTo] = useState(vnToday);
  const [stats, setStats] = useState<Stats | null>(null);
  const [card, setCard] = useState<Scorecard | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async (ag: string, f: string, tt: string) => {
    setBusy(true);
    setError(null);
    try {
      const scope = ag ? `&agency=${encodeURIComponent(ag)}` : '';
      setCard(await api.get<Scorecard>(`${PATHS.adminScorecard}?from=${f}&to=${tt}${scope}`));
      setStats(ag ? await api.get<Stats>(`${PATHS.adminQueueStats}?agency=${encodeURIComponent(ag)}&from=${f}&to=${tt}`) : null);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }, [api, t]);
  useEffect(() => { void load(session.agency ?? '', vnToday(), vnToday()); }, [load, session.agency]);

  const mins = (s: number | null): string => (s === null ? t('queue.none') : t('queue.minutes', { value: formatNumber(s / 60, lang, 1) }));
  const p5090 = (s: Secs): string => `${mins(s.p50)} / ${mins(s.p90)}`;
  // The office's day (7h–17h) and any hour with tickets outside it: an hour without tickets shows
  // as such, rather than one bar stretched across the chart.
  const hours = stats && stats.byAreaHour.length > 0
    ? [...new Set([...OFFICE_HOURS, ...stats.byAreaHour.map((r) => r.hour)])].sort((a, b) => a - b)
      .map((hour) => ({ hour: `${hour}h`, tickets: stats.byAreaHour.filter((r) => r.hour === hour).reduce((n, r) => n + r.tickets, 0) }))
    : [];
  type AreaHour = Stats['byAreaHour'][number];
  type CounterRow = Stats['byCounter'][number];
  type StaffRow = Stats['byStaff'][number];
  type CardRow = Scorecard['agencies'][number];
  const areaCols: TableColumn<AreaHour>[] = [
    { id: 'area', label: t('queue.area'), rowHeader: true, sortValue: (r) => r.area, cell: (r) => r.area },
    { id: 'hour', label: t('queue.hour'), align: 'end', sortValue: (r) => r.hour, cell: (r) => `${r.hour}h` },
    { id: 'tickets', label: t('queue.tickets'), align: 'end', sortValue: (r) => r.tickets, cell: (r) => formatNumber(r.tickets, lang) },
  ];
  const counterCols: TableColumn<CounterRow>[] = [
    { id: 'counter', label: t('queue.counter'), rowHeader: true, sortValue: (r) => r.counter, cell: (r) => r.counter },
    { id: 'served', label: t('queue.served'), align: 'end', sortValue: (r) => r.served, cell: (r) => formatNumber(r.served, lang) },
    { id: 'noShows', label: t('queue.noShows'), align: 'end', sortValue: (r) => r.noShows, cell: (r) => formatNumber(r.noShows, lang) },
    { id: 'handle', label: t('queue.handle'), align: 'end', sortValue: (r) => r.handleSeconds.p50, cell: (r) => p5090(r.handleSeconds) },
    { id: 'paused', label: t('queue.paused'), align: 'end', sortValue: (r) => r.pausedSeconds, cell: (r) => mins(r.pausedSeconds) },
  ];
  const staffCols: TableColumn<StaffRow>[] = [
    { id: 'staff', label: t('queue.officer'), rowHeader: true, sortValue: (r) => r.staffId, cell: (r) => <span className="pc-mono">{r.staffId}</span> },
    { id: 'served', label: t('queue.served'), align: 'end', sortValue: (r) => r.served, cell: (r) => formatNumber(r.served, lang) },
    { id: 'noShows', label: t('queue.noShows'), align: 'end', sortValue: (r) => r.noShows, cell: (r) => formatNumber(r.noShows, lang) },
    { id: 'handle', label: t('queue.handle'), align: 'end', sortValue: (r) => r.handleSeconds.p50, cell: (r) => p5090(r.handleSeconds) },
  ];
  const cardCols: TableColumn<CardRow>[] = [
    { id: 'agency', label: t('agency'), rowHeader: true, sortValue: (r) => r.agency, cell: (r) => <span className="pc-mono">{r.agency}</span> },
    { id: 'dossiers', label: t('queue.dossiers'), align: 'end', sortValue: (r) => r.dossiers, cell: (r) => formatNumber(r.dossiers, lang) },
    { id: 'digitised', label: t('queue.digitised'), align: 'end', sortValue: (r) => r.digitised, cell: (r) => formatNumber(r.digitised, lang) },
    { id: 'share', label: t('queue.share'), align: 'end', sortValue: (r) => r.share, cell: (r) => <span data-testid="pc-digitised-share" data-agency={r.agency}>{formatPercent(r.share, lang)}</span> },
  ];

  return (
    <section aria-labelledby="pc-queue-title" className="pc-panel" data-testid="pc-queue">
      <h2 id="pc-queue-title">{t('queue.heading')}</h2>
      <form noValidate className="pc-form pc-form-row" onSubmit={(e: FormEvent) => { e.preventDefault(); void load(agency.trim(), from, to); }}>
        <TextField label={t('agency')} value={agency} onChange={(e) => setAgency(e.target.value)} disabled={session.agency !== null} data-testid="pc-queue-agency" />
        <DateField label={t('figures.from')} value={from} onChange={setFrom} data-testid="pc-queue-from" />
        <DateField label={t('figures.to')} value={to} onChange={setTo} data-testid="pc-queue-to" />
        <Button type="submit" variant="primary" busy={busy} data-testid="pc-queue-show">{t('figures.show')}</Button>
      </form>
      {error && <p role="alert" className="pc-error">{error}</p>}
      {!stats && !error && <p className="pc-muted">{t('queue.chooseAgency')}</p>}
      {stats && (
        <dl className="pc-stats" data-testid="pc-queue-total">
          <div><dt>{t('queue.tickets')}</dt><dd data-testid="pc-queue-tickets">{formatNumber(stats.tickets, lang)}</dd></div>
          <div><dt>{t('queue.served')}</dt><dd>{formatNumber(stats.served, lang)}</dd></div>
          <div><dt>{t('queue.noShows')}</dt><dd data-testid="pc-queue-noshows">{formatNumber(stats.noShows, lang)}</dd></div>
          <div><dt>{t('queue.wait')}</dt><dd data-testid="pc-queue-wait">{p5090(stats.waitSeconds)}</dd></div>
          <div><dt>{t('queue.handle')}</dt><dd>{p5090(stats.handleSeconds)}</dd></div>
          <div><dt>{t('figures.satisfaction')}</dt><dd>{stats.ratings.average === null ? t('figures.noRate') : formatNumber(stats.ratings.average, lang, 2)} <span className="pc-muted pc-stat-note">({t('figures.ratings', { count: stats.ratings.count })})</span></dd></div>
        </dl>
      )}
      {hours.length > 0 && (
        <figure className="pc-chart" aria-label={t('queue.chart')}>
          <figcaption>{t('queue.chart')}</figcaption>
          <ResponsiveContainer width="100%" height={240}>
            <BarChart data={hours} accessibilityLayer>
              <CartesianGrid stroke="var(--ui-color-border-subtle)" vertical={false} />
              <XAxis dataKey="hour" stroke="var(--ui-color-text-muted)" />
              <YAxis allowDecimals={false} stroke="var(--ui-color-text-muted)" />
              <Tooltip />
              <Bar dataKey="tickets" name={t('queue.tickets')} fill="var(--ui-color-primary)" maxBarSize={48} isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
      )}
      {stats && (
        <>
          <h3>{t('queue.byAreaHour')}</h3>
          <Table label={t('queue.byAreaHour')} columns={areaCols} rows={stats.byAreaHour} rowKey={(r) => `${r.area}|${r.hour}`} emptyText={t('queue.none')} data-testid="pc-queue-areas" />
          <h3>{t('queue.byCounter')}</h3>
          <Table label={t('queue.byCounter')} columns={counterCols} rows={stats.byCounter} rowKey={(r) => r.counter} emptyText={t('queue.none')} data-testid="pc-queue-counters" rowTestId="pc-queue-counter" />
          <h3>{t('queue.byOfficer')}</h3>
          <Table label={t('queue.byOfficer')} columns={staffCols} rows={stats.byStaff} rowKey={(r) => r.staffId} emptyText={t('queue.none')} data-testid="pc-queue-staff" />
        </>
      )}
      {stats && <LanKeyRotate agency={stats.agency} />}
      <h3>{t('queue.scorecard')}</h3>
      <Table label={t('queue.scorecard')} columns={cardCols} rows={card?.agencies ?? []} rowKey={(r) => r.agency} emptyText={t('queue.none')} data-testid="pc-scorecard" />
      {session.role === 'province' && <FileCollectionStatus />}
    </section>
  );
}
