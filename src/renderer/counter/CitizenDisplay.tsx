/**
 * The citizen-facing display: a second window on a second monitor, facing the
 * citizen across the counter. It shows what the counter page sends over the BroadcastChannel —
 * the current dossier, already masked; the intake being filled in (masked too); the fee VietQR; after a hand-back, the four-level rating,
 * which goes back to the counter page to be recorded (and synced) with `rate()`. It clears itself
 * when the counter moves on, and after a quiet spell (docs/RELIABILITY.md item 25).
 */
import { useQueue } from '../queue/use-queue';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel } from '../../shared/domain';
import { formatDong } from '../../shared/receipt';
import { FeeQr } from '../citizen/FeeQr';
import { Rating, type RateOutcome } from '../citizen/Rating';
import { asToDisplay, openChannel, type FromDisplay, type ToDisplay } from './display-channel';
import { formatTime } from './format';
import './counter.css';

/** Nothing new from the counter for this long: the screen forgets the person. */
export const DISPLAY_IDLE_MS = 3 * 60_000;
/** The counter page answers a rating within this time, or the citizen is told it failed. */
const RATE_TIMEOUT_MS = 10_000;

type Shown = Extract<ToDisplay, { type: 'show' }>;
type Preview = Extract<ToDisplay, { type: 'intake' }>['preview'];

/** The intake the officer is filling in, as the citizen checks it (masked by the counter). */
function IntakeShown({ preview, lang }: { preview: Preview; lang: 'vi' | 'en' }) {
  const { t } = useTranslation('counter');
  return (
    <main className="citizen-display" data-testid="citizen-display" data-state="intake">
      <QueueCall />
      <h1>{t('display.intakeTitle')}</h1>
      <dl>
        <dt>{t('field.name')}</dt><dd data-testid="display-name">{preview.applicantMasked || '—'}</dd>
        {preview.idMasked && <><dt>{t('field.citizenId')}</dt><dd data-testid="display-id">{preview.idMasked}</dd></>}
        <dt>{t('dossier.procedure')}</dt><dd data-testid="display-procedure">{preview.procedure ?? t('display.procedurePending')}</dd>
        {preview.appointmentAt && <><dt>{t('display.appointment')}</dt><dd data-testid="display-appointment">{formatTime(lang, Date.parse(preview.appointmentAt))}</dd></>}
      </dl>
      {preview.documents.length > 0 && (
        <section data-testid="display-documents">
          <h2>{t('display.documentsTitle', { count: preview.documents.length })}</h2>
          <ul>{preview.documents.map((d) => <li key={d}>{d}</li>)}</ul>
        </section>
      )}
      {preview.fees.length > 0 && (
        <p data-testid="display-fees">
          {t('display.feesLine', { fees: preview.fees.map((f) => `${f.name} ${t('money', { amount: formatDong(f.amount) })}`).join('; ') })}
        </p>
      )}
    </main>
  );
}

/** The number this counter called last, while it is being served (the office queue). */
function QueueCall() {
  const { t } = useTranslation('queue');
  const { snapshot, state } = useQueue();
  if (!snapshot || !state || !snapshot.counter) return null;
  const mine = state.counters.find((c) => c.counter === snapshot.counter);
  const ticket = mine?.current ? state.tickets.find((x) => x.id === mine.current) : null;
  if (!ticket) return null;
  return (
    <p className="display-queue-call" aria-live="assertive" data-testid="display-queue-call" data-label={ticket.label}>
      {t('board.speech', { number: ticket.label, counter: snapshot.counter })}
    </p>
  );
}

export function CitizenDisplay({ idleMs = DISPLAY_IDLE_MS }: { idleMs?: number } = {}) {
  const { t, i18n } = useTranslation('counter');
  const [shown, setShown] = useState<Shown | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  const channel = useRef<BroadcastChannel | null>(null);
  const waiting = useRef(new Map<string, (ok: boolean) => void>());
  const lang = i18n.language === 'en' ? 'en' : 'vi';

  useEffect(() => {
    const ch = openChannel();
    channel.current = ch;
    if (!ch) return undefined;
    ch.onmessage = (e: MessageEvent) => {
      const m = asToDisplay(e.data);
      if (!m) return;
      if (m.type === 'rated') {
        waiting.current.get(m.code)?.(m.ok);
        waiting.current.delete(m.code);
      } else {
        setShown(m.type === 'show' ? m : null);
        setPreview(m.type === 'intake' ? m.preview : null);
      }
    };
    ch.postMessage({ type: 'hello' } satisfies FromDisplay);
    return () => {
      ch.close();
      channel.current = null;
    };
  }, []);

  useEffect(() => {
    if (shown === null && preview === null) return undefined;
    const timer = setTimeout(() => { setShown(null); setPreview(null); }, idleMs);
    return () => clearTimeout(timer);
  }, [shown, preview, idleMs]);

  const onRate = (score: number): Promise<RateOutcome> => new Promise((resolve) => {
    const ch = channel.current;
    if (!ch || !shown) {
      resolve('failed');
      return;
    }
    const code = shown.dossier.code;
    const timer = setTimeout(() => { waiting.current.delete(code); resolve('failed'); }, RATE_TIMEOUT_MS);
    waiting.current.set(code, (ok) => { clearTimeout(timer); resolve(ok ? 'ok' : 'failed'); });
    ch.postMessage({ type: 'rate', code, score } satisfies FromDisplay);
  });

  if (preview !== null) return <IntakeShown preview={preview} lang={lang} />;
  if (shown === null) {
    return (
      <main className="citizen-display" data-testid="citizen-display" data-state="idle">
        <h1>{t('display.welcome')}</h1>
        <QueueCall />
      </main>
    );
  }
  const d = shown.dossier;
  return (
    <main className="citizen-display" data-testid="citizen-display" data-state="dossier" data-code={d.code}>
      <QueueCall />
      <h1 data-testid="display-code">{d.code}</h1>
      <dl>
        <dt>{t('field.name')}</dt><dd data-testid="display-name">{d.applicantMasked}</dd>
        {d.idMasked && <><dt>{t('field.citizenId')}</dt><dd data-testid="display-id">{d.idMasked}</dd></>}
        {d.phoneMasked && <><dt>{t('field.phone')}</dt><dd>{d.phoneMasked}</dd></>}
        <dt>{t('dossier.procedure')}</dt><dd>{d.procedure.name}</dd>
        <dt>{t('display.status')}</dt><dd data-testid="display-status">{statusLabel(d.status, lang)}</dd>
        <dt>{t('display.appointment')}</dt><dd>{formatTime(lang, d.appointmentAt)}</dd>
      </dl>
      {shown.fee && (
        <section className="display-fee" data-testid="display-fee">
          <h2>{t('display.payTitle', { amount: formatDong(shown.fee.amount) })}</h2>
          <FeeQr payload={shown.fee.payload} label={t('display.qrLabel')} />
          <p>{t('display.payTo', { name: shown.fee.accountName, reference: shown.fee.reference })}</p>
        </section>
      )}
      {shown.askRating && <Rating key={d.code} canRate onRate={onRate} />}
    </main>
  );
}
