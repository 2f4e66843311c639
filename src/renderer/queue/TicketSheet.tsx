/** The printed queue ticket: 80 mm thermal roll or A6; number, area, time, people ahead, expected wait, QR. */
import { useTranslation } from 'react-i18next';
import { FeeQr } from '../citizen/FeeQr';
import { ticketQr, type Ticket } from '../../shared/queue';

export function formatTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3_600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCHours())}:${p(d.getUTCMinutes())} ${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

export function TicketSheet({ ticket, ahead, waitMinutes, office, size = 'roll' }: {
  ticket: Pick<Ticket, 'id' | 'label' | 'area' | 'issuedAt' | 'day'>;
  ahead: number;
  waitMinutes: number;
  office: string;
  size?: 'roll' | 'a6';
}) {
  const { t } = useTranslation('queue');
  const [y, m, d] = ticket.day.split('-');
  return (
    <article className="queue-ticket" data-size={size} data-testid="queue-ticket" data-label={ticket.label}>
      <h2>{office}</h2>
      <p>{t('yourNumber')}</p>
      <p className="queue-ticket-number" data-testid="ticket-number">{ticket.label}</p>
      <p><strong>{t('area')}:</strong> {ticket.area}</p>
      <p><strong>{t('issuedAt')}:</strong> {formatTime(ticket.issuedAt)}</p>
      <p data-testid="ticket-ahead">{ahead === 0 ? t('aheadNone') : t('ahead', { count: ahead })}</p>
      <p>{waitMinutes > 0 ? t('wait', { minutes: waitMinutes }) : t('waitNone')}</p>
      <FeeQr payload={ticketQr(ticket)} label={t('qrLabel')} />
      <p>{t('qrHint')}</p>
      <p>{t('listen')}</p>
      <p><small>{t('ticketFooter', { day: `${d}/${m}/${y}` })}</small></p>
    </article>
  );
}
