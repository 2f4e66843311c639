/**
 * A ticket's QR scanned at the citizen kiosk: where that ticket stands today (waiting: people
 * ahead and the expected wait; called: which counter; served: rate the visit). Nothing personal is
 * shown (a ticket holds none; its linked dossier code is not shown). A QR of another day, of
 * another office (not in this office's queue today) or malformed gets one translated sentence.
 */
import { useTranslation } from 'react-i18next';
import { estimateWaitMinutes, looksLikeTicketQr, parseTicketQr, peopleAhead, type QueueState } from '../../shared/queue';
import { Rating, type RateOutcome } from '../citizen/Rating';

export type TicketFollow =
  | { kind: 'off' | 'malformed' | 'unknown' }
  | { kind: 'other-day'; day: string }
  | { kind: 'waiting'; label: string; area: string; ahead: number; waitMinutes: number; forCounter: string | null }
  | { kind: 'called'; label: string; counter: string }
  | { kind: 'skipped'; label: string }
  | { kind: 'served'; label: string; ticketId: string; rated: boolean; dossierCode: string | null };

/** What the kiosk can say about a scanned ticket QR, from this office's queue of today. */
export function followTicket(text: string, state: QueueState | null): TicketFollow | null {
  if (!looksLikeTicketQr(text)) return null;
  const qr = parseTicketQr(text);
  if (!qr) return { kind: 'malformed' };
  if (!state) return { kind: 'off' };
  if (qr.day !== state.day) return { kind: 'other-day', day: qr.day };
  const t = state.tickets.find((x) => x.id === qr.id);
  // Not in this office's queue today, or a label that does not match its id (a forged QR).
  if (!t || t.label !== qr.label) return { kind: 'unknown' };
  switch (t.state) {
    case 'waiting': {
      const ahead = t.forCounter ? 0 : peopleAhead(state, t.id);
      return { kind: 'waiting', label: t.label, area: t.area, ahead, waitMinutes: estimateWaitMinutes(state, ahead), forCounter: t.forCounter };
    }
    case 'called': return { kind: 'called', label: t.label, counter: t.counter ?? '' };
    case 'skipped': return { kind: 'skipped', label: t.label };
    case 'served': return { kind: 'served', label: t.label, ticketId: t.id, rated: t.rating !== null, dossierCode: t.dossierCode };
  }
}

const dmy = (day: string): string => day.split('-').reverse().join('/');

export function TicketStatus({ follow, onRate, onBack }: { follow: TicketFollow; onRate: (score: number) => Promise<RateOutcome>; onBack: () => void }) {
  const { t } = useTranslation(['queue', 'codes']);
  const f = follow;
  let body;
  if (f.kind === 'other-day') body = <p role="alert">{t('codes:queue.queue-ticket-other-day', { day: dmy(f.day) })}</p>;
  else if (!('label' in f)) body = <p role="alert">{t(`follow.${f.kind}`)}</p>;
  else {
    body = (
      <>
        <p className="queue-number" data-testid="follow-label">{f.label}</p>
        {f.kind === 'waiting' && (
          <>
            <p>{f.forCounter ? t('follow.waitingFor', { counter: f.forCounter }) : f.ahead === 0 ? t('aheadNone') : t('ahead', { count: f.ahead })}</p>
            {!f.forCounter && <p>{f.waitMinutes > 0 ? t('wait', { minutes: f.waitMinutes }) : t('waitNone')}</p>}
            <p>{t('listen')}</p>
          </>
        )}
        {f.kind === 'called' && <p role="status">{t('follow.called', { counter: f.counter })}</p>}
        {f.kind === 'skipped' && <p>{t('follow.skipped')}</p>}
        {f.kind === 'served' && (f.rated
          ? <p role="status" data-testid="follow-rated">{t('codes:queue.queue-ticket-rated')}</p>
          : <><p>{t('follow.served')}</p><Rating canRate onRate={onRate} /></>)}
      </>
    );
  }
  return (
    <section className="queue-follow" data-testid="ticket-follow" data-follow={f.kind} aria-live="polite">
      <h1>{t('follow.title')}</h1>
      {body}
      <button type="button" className="big primary" onClick={onBack} data-testid="follow-back">{t('back')}</button>
    </section>
  );
}
