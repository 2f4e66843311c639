/**
 * The kiosk's queue ticket: choose a service area (the procedure catalogue's fields, searched
 * without diacritics), the queue host issues the number, the ticket is shown and printed.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { areasOf, type QueueEvent } from '../../shared/queue';
import { bridgeErrorCode } from '../../shared/bridge/error';
import { useAppServices } from '../app-services';
import { matchesLoosely } from '../ui/filter';
import { bridgeErrorKey } from '../i18n/codes';
import { SearchKeypad } from './SearchKeypad';
import { TicketSheet } from './TicketSheet';
import { useTicketPrint } from './ticket-print';
import { useQueue } from './use-queue';
import { LinkBanner } from './LinkBanner';
import './queue.css';

type Area = ReturnType<typeof areasOf>[number];
type Issued = { event: Extract<QueueEvent, { type: 'ticket.issued' }>; ahead: number; waitMinutes: number };

export function useAreas(): Area[] | null {
  const { db } = useAppServices();
  const [areas, setAreas] = useState<Area[] | null>(null);
  useEffect(() => {
    let live = true;
    void db.procedures.toArray().then((ps) => { if (live) setAreas(areasOf(ps)); }, () => { if (live) setAreas([]); });
    return () => { live = false; };
  }, [db]);
  return areas;
}

/** `onDone`: the ticket is taken (the next person comes); `onBack`: the same person goes back. */
export function TicketFlow({ onDone, onBack = onDone, office }: { onDone: () => void; onBack?: () => void; office: string }) {
  const { t } = useTranslation(['queue', 'codes']);
  const { kiosk } = useAppServices();
  const { snapshot } = useQueue();
  const { size, printed, print } = useTicketPrint();
  const areas = useAreas();
  const [query, setQuery] = useState('');
  const [busy, setBusy] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [keypad, setKeypad] = useState(true);
  const shown = useMemo(() => (areas ?? []).filter((a) => matchesLoosely(`${a.name} ${a.procedures.join(' ')}`, query)), [areas, query]);

  const take = async (area: Area): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      const r = await kiosk.call('queue.act', { action: 'issue', area: area.name, prefix: area.prefix, source: 'kiosk', counter: null });
      if (r.event.type === 'ticket.issued') setIssued({ event: r.event, ahead: r.ahead, waitMinutes: r.waitMinutes });
    } catch (err) {
      const code = bridgeErrorCode(err);
      setError(t(bridgeErrorKey(code), { day: '', minutes: 0 }));
    } finally {
      setBusy(false);
    }
  };

  if (issued) {
    const e = issued.event;
    const ticket = { id: e.ticketId, label: `${e.prefix}${String(e.number).padStart(3, '0')}`, area: e.area, issuedAt: e.at, day: e.day };
    return (
      <section className="queue-ticket-view" data-testid="queue-issued" aria-live="polite">
        <TicketSheet ticket={ticket} ahead={issued.ahead} waitMinutes={issued.waitMinutes} office={office} size={size} />
        {printed && <p role="status" className={printed === 'failed' ? 'queue-link queue-link-bad' : 'queue-link'} data-testid="ticket-printed">{t(printed === 'printed' ? 'printedOk' : 'printFailed')}</p>}
        <div className="queue-actions">
          <button type="button" className="big primary" onClick={() => print('roll', ticket.label)} data-testid="ticket-print">{t('print')}</button>
          <button type="button" className="big" onClick={() => print('a6', ticket.label)} data-testid="ticket-print-a6">{t('printA6')}</button>
          <button type="button" className="big" onClick={onDone} data-testid="ticket-done">{t('done')}</button>
        </div>
      </section>
    );
  }

  return (
    <section className="queue-choose" data-testid="queue-choose" aria-labelledby="queue-choose-h">
      <h1 id="queue-choose-h">{t('chooseArea')}</h1>
      <p className="lead">{t('takeTicketLead')}</p>
      <LinkBanner snapshot={snapshot} compact />
      <input className="queue-search" type="search" value={query} placeholder={t('search')} aria-label={t('search')}
        onChange={(e) => setQuery(e.target.value)} data-testid="queue-search" />
      <button type="button" className="queue-keypad-toggle" aria-expanded={keypad} onClick={() => setKeypad((k) => !k)} data-testid="queue-keypad-toggle">
        {t(keypad ? 'keypad.hide' : 'keypad.show')}
      </button>
      {keypad && <SearchKeypad value={query} onChange={setQuery} />}
      {error && <p role="alert" className="queue-link queue-link-bad" data-testid="queue-error">{error}</p>}
      {areas !== null && areas.length === 0 && <p>{t('noAreas')}</p>}
      {areas !== null && areas.length > 0 && shown.length === 0 && <p>{t('noMatch', { query })}</p>}
      {busy && <p role="status">{t('issuing')}</p>}
      <ul className="queue-areas">
        {shown.map((a) => (
          <li key={a.name}>
            <button type="button" className="queue-area" disabled={busy} onClick={() => void take(a)} data-testid="queue-area" data-area={a.name}>
              <span className="queue-area-prefix">{a.prefix}</span>{a.name}
              {a.procedures.length > 0 && (
                <small>{a.procedures.length === 1 ? t('onlyProcedure', { example: a.procedures[0] }) : t('procedures', { count: a.procedures.length, example: a.procedures[0] })}</small>
              )}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="big" onClick={onBack} data-testid="queue-back">{t('back')}</button>
    </section>
  );
}
