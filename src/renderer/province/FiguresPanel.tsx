/**
 * The service-index figures (Decision 766/QĐ-TTg, the parts our data supports) for a period:
 * received by channel, on time and late with the on-time rate, open dossiers past their
 * appointment with the officer who last acted, satisfaction, and the digitisation share (dossiers
 * received with every listed component digitised: the scorecard route, same period and scope);
 * per agency and for the whole province (an agency admin: its own). Two charts where a glance beats a table, and a CSV export
 * (UTF-8 with a byte-order mark) from the gateway.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Text, Tooltip, XAxis, YAxis } from 'recharts';
import { FiguresQuery, PATHS, type AgencyFigures, type FiguresResponse, type OverdueDossier, type Scorecard } from '../../shared/protocol';
import { Button, DateField, StatusBadge, Table, type TableColumn } from '../ui';
import { errorText, formatNumber, formatPercent, formatTime, useConsole } from './common';

/** Room for an agency's name beside its bar: up to two lines, then an ellipsis (the full name is the tick's title). */
const NAME_WIDTH = 200;
/** One agency's row in a chart: two lines of 14 px names and the space between bars. */
const ROW_HEIGHT = 40;
/** The legend and the value axis under the rows. */
const CHART_FRAME = 84;

/**
 * The patterns that set series apart by more than colour: stripes and dots in the surface's colour
 * over the series' token. Referenced by id from every chart on the page (fill="url(#…)"), the
 * legend's swatches included.
 */
function SeriesPatterns() {
  const stripes = (id: string, colour: string) => (
    <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="8" height="8" style={{ fill: colour }} />
      <rect width="3" height="8" style={{ fill: 'var(--ui-color-surface)' }} />
    </pattern>
  );
  return (
    <svg className="pc-chart-defs" width="0" height="0" aria-hidden="true" focusable="false">
      <defs>
        {stripes('pc-pattern-late', 'var(--ui-color-error)')}
        {stripes('pc-pattern-online', 'var(--ui-chart-2)')}
        <pattern id="pc-pattern-post" width="6" height="6" patternUnits="userSpaceOnUse">
          <rect width="6" height="6" style={{ fill: 'var(--ui-chart-3)' }} />
          <circle cx="3" cy="3" r="1.5" style={{ fill: 'var(--ui-color-surface)' }} />
        </pattern>
      </defs>
    </svg>
  );
}

/** An agency's name beside its bar, wrapped onto two lines and cut with an ellipsis beyond; its title is the whole name. */
function AgencyTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const name = String(payload?.value ?? '');
  return (
    <g className="pc-chart-tick" data-testid="pc-chart-tick">
      <title>{name}</title>
      <Text x={x} y={y} width={NAME_WIDTH - 12} maxLines={2} textAnchor="end" verticalAnchor="middle" fill="var(--ui-color-text)" style={{ fontSize: 14 }}>{name}</Text>
    </g>
  );
}

/** What every bar chart of the panel shares: agencies down the side, counts along the bottom, tokens for every colour. */
function chartParts() {
  return [
    <CartesianGrid key="grid" stroke="var(--ui-color-border-subtle)" horizontal={false} />,
    <XAxis key="x" type="number" allowDecimals={false} stroke="var(--ui-color-text-muted)" tick={{ fill: 'var(--ui-color-text-muted)', fontSize: 14 }} />,
    <YAxis key="y" type="category" dataKey="name" width={NAME_WIDTH} interval={0} tickLine={false} stroke="var(--ui-color-text-muted)" tick={(p: object) => <AgencyTick {...p} />} />,
    <Tooltip key="tip" cursor={{ fill: 'var(--ui-color-hover-bg)' }}
      contentStyle={{ background: 'var(--ui-color-surface)', border: 'var(--ui-border-width) solid var(--ui-color-border)', borderRadius: 'var(--ui-radius-md)', color: 'var(--ui-color-text)' }}
      labelStyle={{ color: 'var(--ui-color-text)', fontWeight: 600 }} itemStyle={{ color: 'var(--ui-color-text)' }} />,
    <Legend key="legend" itemSorter={null} formatter={(value: string) => <span className="pc-legend-text">{value}</span>} />,
  ];
}

/** Stacked parts are kept apart by a line in the surface's colour: neighbours never touch. */
const SEPARATE = { stroke: 'var(--ui-color-surface)', strokeWidth: 2 } as const;

const vnToday = (): string => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const monthStart = (day: string): string => `${day.slice(0, 8)}01`;

export function FiguresPanel() {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api } = useConsole();
  const lang = i18n.language;
  const [from, setFrom] = useState(() => monthStart(vnToday()));
  const [to, setTo] = useState(vnToday);
  const [figures, setFigures] = useState<FiguresResponse | null>(null);
  const [card, setCard] = useState<Scorecard | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [periodError, setPeriodError] = useState<string | null>(null);

  const load = useCallback(async (f: string, tt: string) => {
    if (!FiguresQuery.safeParse({ from: f, to: tt }).success) {
      setPeriodError(t('figures.badPeriod'));
      return;
    }
    setPeriodError(null);
    setBusy(true);
    try {
      const [fig, sc] = await Promise.all([
        api.get<FiguresResponse>(`${PATHS.adminFigures}?from=${f}&to=${tt}`),
        api.get<Scorecard>(`${PATHS.adminScorecard}?from=${f}&to=${tt}`),
      ]);
      setFigures(fig);
      setCard(sc);
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }, [api, t]);
  useEffect(() => { void load(monthStart(vnToday()), vnToday()); }, [load]);

  async function downloadCsv() {
    try {
      const res = await api.raw(`${PATHS.adminFiguresCsv}?from=${from}&to=${to}&lang=${lang === 'en' ? 'en' : 'vi'}`);
      const url = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = url;
      a.download = `chi-so-${from}-${to}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(errorText(t, err));
    }
  }

  const pct = (r: number | null): string => formatPercent(r, lang) ?? t('figures.noRate');
  // Digitisation (the scorecard): per agency, and over the agencies in scope.
  const digitised = new Map((card?.agencies ?? []).map((r) => [r.agency, r]));
  const cardTotal = (card?.agencies ?? []).reduce((n, r) => ({ dossiers: n.dossiers + r.dossiers, digitised: n.digitised + r.digitised }), { dossiers: 0, digitised: 0 });
  const share = (r: { dossiers: number; digitised: number } | undefined): number | null => (r && r.dossiers > 0 ? r.digitised / r.dossiers : null);
  const columns: TableColumn<AgencyFigures>[] = [
    { id: 'agency', label: t('agency'), rowHeader: true, sortValue: (a) => a.agencyName, cell: (a) => <span>{a.agencyName} <span className="pc-mono pc-muted">{a.agency}</span></span> },
    { id: 'received', label: t('figures.received'), align: 'end', sortValue: (a) => a.received, cell: (a) => formatNumber(a.received, lang) },
    { id: 'inPerson', label: t('figures.inPerson'), align: 'end', sortValue: (a) => a.byChannel.inPerson, cell: (a) => formatNumber(a.byChannel.inPerson, lang) },
    { id: 'online', label: t('figures.online'), align: 'end', sortValue: (a) => a.byChannel.online, cell: (a) => formatNumber(a.byChannel.online, lang) },
    { id: 'onTime', label: t('figures.onTime'), align: 'end', sortValue: (a) => a.onTime, cell: (a) => formatNumber(a.onTime, lang) },
    { id: 'late', label: t('figures.late'), align: 'end', sortValue: (a) => a.late, cell: (a) => formatNumber(a.late, lang) },
    { id: 'rate', label: t('figures.onTimeRate'), align: 'end', sortValue: (a) => a.onTimeRate, cell: (a) => <span data-testid="pc-rate" data-agency={a.agency} data-value={a.onTimeRate ?? ''}>{pct(a.onTimeRate)}</span> },
    { id: 'overdue', label: t('figures.overdueOpen'), align: 'end', sortValue: (a) => a.overdueOpen, cell: (a) => formatNumber(a.overdueOpen, lang) },
    { id: 'sat', label: t('figures.satisfaction'), align: 'end', sortValue: (a) => a.ratingAverage, cell: (a) => (a.ratingAverage === null ? t('figures.noRate') : `${formatNumber(a.ratingAverage, lang, 2)} (${a.ratings})`) },
    {
      id: 'digitised', label: t('figures.digitisedShare'), align: 'end', sortValue: (a) => share(digitised.get(a.agency)),
      cell: (a) => <span data-testid="pc-digitised" data-agency={a.agency} data-value={share(digitised.get(a.agency)) ?? ''}>{pct(share(digitised.get(a.agency)))}</span>,
    },
  ];
  const overdueColumns: TableColumn<OverdueDossier>[] = [
    { id: 'code', label: t('figures.code'), rowHeader: true, sortValue: (o) => o.code, cell: (o) => <span className="pc-mono">{o.code}</span> },
    { id: 'procedure', label: t('figures.procedure'), sortValue: (o) => o.procedureName, cell: (o) => o.procedureName },
    { id: 'status', label: t('staff.state'), sortValue: (o) => o.status, cell: (o) => <StatusBadge status={o.status} size="sm" /> },
    { id: 'appointment', label: t('figures.appointment'), sortValue: (o) => o.appointmentAt, cell: (o) => formatTime(o.appointmentAt, lang) },
    { id: 'days', label: t('figures.daysLate'), align: 'end', sortValue: (o) => o.daysLate, cell: (o) => o.daysLate },
    { id: 'officer', label: t('figures.officer'), sortValue: (o) => o.staffName, cell: (o) => o.staffName ?? t('none') },
  ];
  const chart = (figures?.agencies ?? []).map((a) => ({ name: a.agencyName, onTime: a.onTime, late: a.late, inPerson: a.byChannel.inPerson, online: a.byChannel.online, post: a.byChannel.post }));
  const total = figures?.total;

  return (
    <section aria-labelledby="pc-figures-title" className="pc-panel" data-testid="pc-figures">
      <h2 id="pc-figures-title">{t('figures.heading')}</h2>
      <form noValidate className="pc-form pc-form-row" onSubmit={(e: FormEvent) => { e.preventDefault(); void load(from, to); }}>
        <DateField label={t('figures.from')} value={from} onChange={setFrom} data-testid="pc-figures-from" />
        <DateField label={t('figures.to')} value={to} onChange={setTo} error={periodError ?? undefined} data-testid="pc-figures-to" />
        <Button type="submit" variant="primary" busy={busy} data-testid="pc-figures-show">{t('figures.show')}</Button>
        <Button onClick={() => void downloadCsv()} data-testid="pc-figures-csv">{t('figures.csv')}</Button>
      </form>
      {error && <p role="alert" className="pc-error">{error}</p>}
      {total && (
        <dl className="pc-stats" data-testid="pc-figures-total">
          <div><dt>{t('figures.received')}</dt><dd>{formatNumber(total.received, lang)}</dd></div>
          <div><dt>{t('figures.onTimeRate')}</dt><dd data-testid="pc-total-rate">{pct(total.onTimeRate)}</dd></div>
          <div><dt>{t('figures.onTime')} / {t('figures.late')}</dt><dd>{formatNumber(total.onTime, lang)} / {formatNumber(total.late, lang)}</dd></div>
          <div><dt>{t('figures.overdueOpen')}</dt><dd>{formatNumber(total.overdueOpen, lang)}</dd></div>
          <div><dt>{t('figures.satisfaction')}</dt><dd>{total.ratingAverage === null ? t('figures.noRate') : formatNumber(total.ratingAverage, lang, 2)} <span className="pc-muted pc-stat-note">({t('figures.ratings', { count: total.ratings })})</span></dd></div>
          {card && (
            <div>
              <dt>{t('figures.digitisedShare')}</dt>
              <dd data-testid="pc-total-digitised" data-value={share(cardTotal) ?? ''}>
                {pct(share(cardTotal))} <span className="pc-muted pc-stat-note">({t('figures.digitisedOf', { digitised: formatNumber(cardTotal.digitised, lang), dossiers: formatNumber(cardTotal.dossiers, lang) })})</span>
              </dd>
            </div>
          )}
        </dl>
      )}
      {chart.length > 0 && (
        <div className="pc-charts">
          <SeriesPatterns />
          <figure className="pc-chart" aria-label={t('figures.chartTitle')} data-testid="pc-chart-outcome">
            <figcaption>{t('figures.chartTitle')}</figcaption>
            <ResponsiveContainer width="100%" height={chart.length * ROW_HEIGHT + CHART_FRAME}>
              <BarChart data={chart} layout="vertical" accessibilityLayer margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
                {chartParts()}
                <Bar dataKey="onTime" name={t('figures.onTime')} stackId="f" fill="var(--ui-color-success)" {...SEPARATE} isAnimationActive={false} />
                <Bar dataKey="late" name={t('figures.late')} stackId="f" fill="url(#pc-pattern-late)" {...SEPARATE} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <figure className="pc-chart" aria-label={t('figures.chartChannels')} data-testid="pc-chart-channels">
            <figcaption>{t('figures.chartChannels')}</figcaption>
            <ResponsiveContainer width="100%" height={chart.length * ROW_HEIGHT + CHART_FRAME}>
              <BarChart data={chart} layout="vertical" accessibilityLayer margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
                {chartParts()}
                <Bar dataKey="inPerson" name={t('figures.inPerson')} stackId="c" fill="var(--ui-chart-1)" {...SEPARATE} isAnimationActive={false} />
                <Bar dataKey="online" name={t('figures.online')} stackId="c" fill="url(#pc-pattern-online)" {...SEPARATE} isAnimationActive={false} />
                <Bar dataKey="post" name={t('figures.post')} stackId="c" fill="url(#pc-pattern-post)" {...SEPARATE} isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
        </div>
      )}
      <h3>{t('figures.byAgency')}</h3>
      <Table label={t('figures.byAgency')} columns={columns} rows={figures?.agencies ?? []} rowKey={(a) => a.agency} emptyText={t('figures.noRate')}
        busy={figures === null && busy} data-testid="pc-figures-table" rowTestId="pc-figures-row" />
      <h3>{t('figures.overdue')}</h3>
      <Table label={t('figures.overdue')} columns={overdueColumns} rows={figures?.overdue ?? []} rowKey={(o) => o.code} emptyText={t('figures.overdueEmpty')}
        data-testid="pc-overdue-table" defaultSort={{ column: 'days', direction: 'descending' }} />
    </section>
  );
}
