/**
 * Delivery to the national portal: how many requests wait, retry or were refused, the oldest
 * waiting, and the failing and refused items with their last error; "retry now" puts an item in
 * the queue at once (a refused one after its cause was fixed). A gateway with no portal adapter
 * says so, and names the environment a technician sets (shared/protocol PORTAL_ENV).
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PATHS, PORTAL_ENV, type OutboxItem, type OutboxSummary } from '../../shared/protocol';
import { Button, Icon, Table, useToast, type TableColumn } from '../ui';
import { errorText, formatAge, formatTime, useConsole } from './common';

export function PortalPanel() {
  const { t, i18n } = useTranslation(['province', 'codes']);
  const { api } = useConsole();
  const toast = useToast();
  const [summary, setSummary] = useState<OutboxSummary | null>(null);
  const [items, setItems] = useState<OutboxItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language;
  const vi = lang !== 'en';

  const load = useCallback(async () => {
    try {
      const [s, i] = await Promise.all([
        api.get<OutboxSummary>(PATHS.adminOutbox),
        api.get<{ items: OutboxItem[] }>(`${PATHS.adminOutboxItems}?limit=500`),
      ]);
      setSummary(s);
      setItems(i.items);
      setError(null);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [api, t]);
  useEffect(() => { void load(); }, [load]);

  async function retry(item: OutboxItem) {
    try {
      await api.post(PATHS.adminOutboxRequeue.replace(':id', String(item.id)));
      toast.show({ message: t('portal.retried', { id: item.id }), tone: 'success' });
      await load();
    } catch (err) {
      toast.show({ message: t('failed', { message: errorText(t, err) }), tone: 'error' });
    }
  }

  const notConfigured = summary !== null && summary.adapters.length === 0;
  // Nothing queued, ever (or all of it delivered and none failing): an empty table would say nothing.
  const empty = summary !== null && summary.pending + summary.failing + summary.refused + summary.delivered === 0 && (items?.length ?? 0) === 0;

  const columns: TableColumn<OutboxItem>[] = [
    { id: 'ref', label: t('portal.dossier'), rowHeader: true, sortValue: (i) => i.ref, cell: (i) => <span className="pc-mono">{i.ref}</span> },
    { id: 'service', label: t('portal.service'), sortValue: (i) => i.service, cell: (i) => i.service ?? t('none') },
    {
      id: 'state', label: t('portal.state'), sortValue: (i) => i.state,
      cell: (i) => <span className={`pc-flag ${i.state === 'refused' ? 'pc-flag-bad' : 'pc-flag-warn'}`}><Icon name={i.state === 'refused' ? 'error' : 'refresh'} />{t(`portal.states.${i.state}`)}</span>,
    },
    { id: 'attempts', label: t('portal.attempts'), align: 'end', sortValue: (i) => i.attempts, cell: (i) => i.attempts },
    { id: 'next', label: t('portal.nextAttempt'), sortValue: (i) => i.nextAttemptAt, cell: (i) => formatTime(i.nextAttemptAt, lang) ?? t('none') },
    { id: 'error', label: t('portal.error'), cell: (i) => (i.error ? <span title={i.error.detail}>{vi ? i.error.message.vi : i.error.message.en}</span> : t('none')) },
    { id: 'actions', label: '', cell: (i) => <Button size="sm" onClick={() => void retry(i)} data-testid="pc-portal-retry">{t('portal.retry')}</Button> },
  ];

  return (
    <section aria-labelledby="pc-portal-title" className="pc-panel" data-testid="pc-portal">
      <div className="pc-panel-head">
        <h2 id="pc-portal-title">{t('portal.heading')}</h2>
        <Button size="sm" icon="refresh" onClick={() => void load()}>{t('refresh')}</Button>
      </div>
      {error && <p role="alert" className="pc-error">{error}</p>}
      {notConfigured && (
        // No adapter on the gateway: nothing is sent, and what a technician sets to change that.
        <div className="pc-notice pc-portal-setup" role="status" data-testid="pc-portal-not-configured">
          <h3>{t('portal.notConfigured')}</h3>
          <p>{t('portal.notConfiguredIntro')}</p>
          <dl>
            {(Object.keys(PORTAL_ENV) as (keyof typeof PORTAL_ENV)[]).map((k) => (
              <div key={k}><dt className="pc-mono">{PORTAL_ENV[k]}</dt><dd>{t(`portal.env.${k}`)}</dd></div>
            ))}
          </dl>
          <p>{t('portal.notConfiguredNote')}</p>
          {!empty && <p>{t('portal.notConfiguredRows')}</p>}
        </div>
      )}
      {summary && !(notConfigured && empty) && (
        <dl className="pc-stats" data-testid="pc-portal-summary">
          <div><dt>{t('portal.pending')}</dt><dd data-testid="pc-portal-pending">{summary.pending}</dd></div>
          <div><dt>{t('portal.failing')}</dt><dd data-testid="pc-portal-failing">{summary.failing}</dd></div>
          <div><dt>{t('portal.refused')}</dt><dd data-testid="pc-portal-refused">{summary.refused}</dd></div>
          <div><dt>{t('portal.delivered')}</dt><dd>{summary.delivered}</dd></div>
          <div><dt>{t('portal.oldest')}</dt><dd>{summary.oldestPendingAt ? formatAge(Date.now() - Date.parse(summary.oldestPendingAt), lang) : t('none')}</dd></div>
        </dl>
      )}
      {!(notConfigured && empty) && (
        <>
          <h3>{t('portal.items')}</h3>
          <Table label={t('portal.items')} columns={columns} rows={items ?? []} rowKey={(i) => String(i.id)} emptyText={t('portal.empty')} busy={items === null}
            data-testid="pc-portal-table" rowTestId="pc-portal-row" />
        </>
      )}
    </section>
  );
}
