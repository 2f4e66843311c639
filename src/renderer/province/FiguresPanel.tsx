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
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FiguresQuery, PATHS, type AgencyFigures, type FiguresResponse, type OverdueDossier, type Scorecard } from '../../shared/protocol';
import { Button, DateField, StatusBadge, Table, type TableColumn } from '../ui';
import { errorText, formatNumber, formatPercent, formatTime, useConsole } from './common';

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
          <figure className="pc-chart" aria-label={t('figures.chartTitle')}>
            <figcaption>{t('figures.chartTitle')}</figcaption>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={chart} accessibilityLayer>
                <CartesianGrid stroke="var(--ui-color-border-subtle)" vertical={false} />
                <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} angle={-20} textAnchor="end" height={60} stroke="var(--ui-color-text-muted)" />
                <YAxis allowDecimals={false} stroke="var(--ui-color-text-muted)" />
                <Tooltip />
                <Legend />
                <Bar dataKey="onTime" name={t('figures.onTime')} stackId="f" fill="var(--ui-color-success)" isAnimationActive={false} />
                <Bar dataKey="late" name={t('figures.late')} stackId="f" fill="var(--ui-color-error)" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </figure>
          <figure className="pc-chart" aria-label={t('figures.chartChannels')}>
            <figcaption>{t('figures.chartChannels')}</figcaption>
            <ResponsiveContainer width="100%" height={260}>
              <BarChart data={chart} accessibilityLayer>
                <CartesianGrid stroke="var(--ui-color-border-subtle)" vertical={false} />
                <XAxis dataKey="name" tick={{ fontSize: 12 }} interval={0} angle={-20} textAnchor="end" height={60} stroke="var(--ui-color-text-muted)" />
                <YAxis allowDecimals={false} stroke="var(--ui-color-text-muted)" />
                <Tooltip />
                <Legend />
                <Bar dataKey="inPerson" name={t('figures.inPerson')} stackId="c" fill="var(--ui-color-primary)" isAnimationActive={false} />
                <Bar dataKey="online" name={t('figures.online')} stackId="c" fill="var(--ui-color-info)" isAnimationActive={false} />
                <Bar dataKey="post" name={t('figures.post')} stackId="c" fill="var(--ui-color-warning)" isAnimationActive={false} />
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
