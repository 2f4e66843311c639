/**
 * The counter's queue panel: call next, call again, no-show, finish (linking the dossier open on
 * the counter, so waiting and handling times are known per dossier), transfer to another counter,
 * pause with a reason and resume, and a walk-in ticket, shown and printed as the kiosk prints one.
 * Every action is done by the office's queue host; while it is away the panel says so and still
 * lets the officer finish what they serve.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { knownCounters, PAUSE_REASONS, ticketLabel, waitingFor, type PauseReason, type QueueAction, type Ticket } from '../../shared/queue';
import { bridgeErrorCode } from '../../shared/bridge/error';
import { useAppServices } from '../app-services';
import { bridgeErrorKey } from '../i18n/codes';
import { Button, Dialog, Select, TextField } from '../ui';
import { useAreas } from './TicketFlow';
import { TicketSheet } from './TicketSheet';
import { useTicketPrint } from './ticket-print';
import { LinkBanner } from './LinkBanner';
import { useQueue } from './use-queue';
import './queue.css';

type Act = QueueAction['action'];
type ActInput = { action: Act } & Record<string, unknown>;
type WalkIn = { ticket: Pick<Ticket, 'id' | 'label' | 'area' | 'issuedAt' | 'day'>; ahead: number; waitMinutes: number };

export function QueuePanel({ staffId, dossierCode }: { staffId: string; dossierCode: string | null }) {
  const { t } = useTranslation(['queue', 'codes']);
  const { kiosk } = useAppServices();
  const { snapshot, state } = useQueue();
  const areas = useAreas();
  const [name, setName] = useState<string | null>(null);
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState<PauseReason>('break');
  const [target, setTarget] = useState('');
  const [walkInArea, setWalkInArea] = useState('');
  const [walkIn, setWalkIn] = useState<WalkIn | null>(null);
  const { size, printed, print } = useTicketPrint();
  if (!snapshot || snapshot.mode === 'off') return null;
  const counter = (name ?? snapshot.counter).trim();
  const mine = state?.counters.find((c) => c.counter === counter) ?? null;
  const current = mine?.current ? state?.tickets.find((x) => x.id === mine.current) ?? null : null;
  // What this counter's "call next" would reach: its transfers, the shared line, and tickets of a
  // counter that is away (shared/queue/model.ts, waitingFor).
  const waiting = state ? waitingFor(state, counter).length : 0;
  // A transfer goes only to a counter that worked today (the queue host refuses any other name).
  const others = state ? knownCounters(state).filter((c) => c !== counter) : [];
  const to = others.includes(target) ? target : '';

  const run = async (input: ActInput): Promise<void> => {
    if (!counter) return;
    setBusy(true);
    try {
      // A ticket issued at the counter is the citizen's, not an officer's act: no staffId (the
      // action's schema is strict, and refused one).
      const r = await kiosk.call('queue.act', (input.action === 'issue' ? { counter, ...input } : { counter, staffId, ...input }) as QueueAction);
      const e = r.event;
      if (e.type === 'ticket.issued') {
        const label = ticketLabel(e.prefix, e.number);
        setMessage({ text: t('counter.issued', { label }), bad: false });
        // The walk-in takes a printed ticket like one from the kiosk: shown, and printed at once.
        setWalkIn({ ticket: { id: e.ticketId, label, area: e.area, issuedAt: e.at, day: e.day }, ahead: r.ahead, waitMinutes: r.waitMinutes });
        print('roll', label);
      }
      else if (e.type === 'ticket.called' || e.type === 'ticket.recalled') {
        const label = state?.tickets.find((x) => x.id === e.ticketId)?.label ?? '';
        setMessage({ text: t('counter.called', { label }), bad: false });
      } else setMessage(null);
    } catch (err) {
      setMessage({ text: t(bridgeErrorKey(bridgeErrorCode(err)), { day: '', minutes: 0 }), bad: true });
    } finally {
      setBusy(false);
    }
  };

  // Compact (a workspace above the dossier, 1366×768 included): the link and the waiting count
  // beside the title, the counter's moves on one row, the queue tools (transfer, pause, a walk-in's
  // ticket) on the next; the link takes a banner only when something is wrong.
  return (
    <section className="queue-panel" aria-labelledby="queue-panel-h" data-testid="queue-panel" data-counter={counter}>
      <div className="queue-panel-head">
        <h2 id="queue-panel-h">{t('counter.title')}</h2>
        <span className="queue-panel-meta" data-testid="queue-waiting" data-count={waiting}>{t('counter.waiting', { count: waiting })}</span>
        <span className="queue-panel-meta">{t(`link.${snapshot.link}`)}</span>
        {message && <span role={message.bad ? 'alert' : 'status'} className="queue-panel-message" data-bad={message.bad || undefined} data-testid="queue-message">{message.text}</span>}
      </div>
      <LinkBanner snapshot={snapshot} compact />
      <div className="queue-panel-row">
        <TextField label={t('counter.counterName')} value={name ?? snapshot.counter} maxLength={32} onChange={(e) => setName(e.target.value)} className="queue-panel-narrow" data-testid="queue-counter-name" />
        <div className="queue-panel-serving">
          <div>{t('counter.serving')}</div>
          <div className="queue-panel-current" data-testid="queue-current" data-label={current?.label ?? ''}>{current?.label ?? t('counter.nobody')}</div>
        </div>
        {mine?.paused
          ? <Button variant="primary" busy={busy} onClick={() => void run({ action: 'resume' })} data-testid="queue-resume">{t('counter.resume')}</Button>
          : <Button variant="primary" busy={busy} onClick={() => void run({ action: 'call' })} data-testid="queue-call">{t('counter.call')}</Button>}
        <Button disabled={!current || busy} onClick={() => void run({ action: 'recall' })} data-testid="queue-recall">{t('counter.recall')}</Button>
        <Button disabled={!current || busy} onClick={() => void run({ action: 'skip' })} data-testid="queue-skip">{t('counter.skip')}</Button>
        <Button disabled={!current || busy} onClick={() => void run({ action: 'serve', dossierCode })} data-testid="queue-finish">
          {/* The dossier it will be tied to is named only while someone is being served. */}
          {dossierCode && current ? t('counter.finishWithDossier', { code: dossierCode }) : t('counter.finish')}
        </Button>
      </div>
      {mine?.paused && <p className="queue-link queue-link-bad" data-testid="queue-paused">{t('counter.pausedFor', { reason: t(`reason.${mine.paused}`) })}</p>}
      <div className="queue-panel-row queue-panel-tools">
        <Select label={t('counter.transferTo')} value={to} onChange={setTarget} disabled={others.length === 0} className="queue-panel-narrow" data-testid="queue-transfer-to"
          placeholder={others.length === 0 ? t('counter.noOtherCounter') : '—'} options={others.map((c) => ({ value: c, label: c }))} />
        <Button disabled={!current || busy || !to} onClick={() => void run({ action: 'transfer', toCounter: to })} data-testid="queue-transfer">{t('counter.transferGo')}</Button>
        {!mine?.paused && (
          <>
            <Select label={t('counter.pauseReason')} value={reason} onChange={(v) => setReason(v as PauseReason)} data-testid="queue-pause-reason"
              options={PAUSE_REASONS.map((r) => ({ value: r, label: t(`reason.${r}`) }))} />
            <Button disabled={busy} onClick={() => void run({ action: 'pause', reason })} data-testid="queue-pause">{t('counter.pause')}</Button>
          </>
        )}
        {areas && areas.length > 0 && (
          <>
            <Select label={t('counter.walkInArea')} value={walkInArea} onChange={setWalkInArea} placeholder="—" className="queue-panel-area" data-testid="queue-walkin-area"
              options={areas.map((a) => ({ value: a.name, label: `${a.prefix} · ${a.name}` }))} />
            <Button disabled={!walkInArea || busy} onClick={() => {
              const a = areas.find((x) => x.name === walkInArea);
              if (a) void run({ action: 'issue', area: a.name, prefix: a.prefix, source: 'counter' });
            }} data-testid="queue-walkin">{t('counter.walkIn')}</Button>
          </>
        )}
      </div>
      <Dialog open={walkIn !== null} onClose={() => setWalkIn(null)} title={t('counter.walkInTicket', { label: walkIn?.ticket.label ?? '' })} data-testid="queue-walkin-ticket"
        actions={walkIn && (
          <>
            <Button onClick={() => print('a6', walkIn.ticket.label)} data-testid="ticket-print-a6">{t('printA6')}</Button>
            <Button onClick={() => print('roll', walkIn.ticket.label)} data-testid="ticket-print">{t('counter.printAgain')}</Button>
            <Button variant="primary" onClick={() => setWalkIn(null)} data-autofocus data-testid="ticket-done">{t('counter.closeTicket')}</Button>
          </>
        )}>
        {walkIn && (
          <div className="queue-walkin-sheet">
            {printed && <p role="status" className={printed === 'failed' ? 'queue-link queue-link-bad' : 'queue-link'} data-testid="ticket-printed">{t(printed === 'printed' ? 'counter.printedOk' : 'printFailed')}</p>}
            <TicketSheet ticket={walkIn.ticket} ahead={walkIn.ahead} waitMinutes={walkIn.waitMinutes} office={t('office')} size={size} />
          </div>
        )}
      </Dialog>
    </section>
  );
}
