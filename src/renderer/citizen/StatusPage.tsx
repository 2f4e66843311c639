/**
 * Where the dossier is, in one plain sentence per status, then what to do next, when to come back,
 * whether it is late, and the office hours. Personal data arrives already masked (view-model.ts).
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DossierStatus, isDossierStatus, statusLabel } from '../../shared/domain';
import { isDossierOverdue } from '../../shared/dossier';
import { DossierCode } from './CodeText';
import { speak } from './cues';
import { formatDate } from './format';
import { NextSteps } from './NextSteps';
import { OfficeHours, type OfficeHoursConfig } from './OfficeHours';
import { Rating, type RateOutcome } from './Rating';
import { unlistedRequest, unpaidTotal, type CitizenDossier, type FeeAccountInfo } from './view-model';

/** Statuses still moving toward a result: the appointment and lateness matter for them. */
const { Submitted, Accepted, Refused, Processing, SupplementRequested, PaymentRequested, Withdrawn, Returned } = DossierStatus;
const OPEN_STATUSES = new Set<number>([Submitted, Accepted, Processing, SupplementRequested, PaymentRequested]);

/** The status's key in `status.sentence` / `status.next`. */
function statusKey(status: number): `${DossierStatus}` | 'unknown' {
  return isDossierStatus(status) ? `${status}` : 'unknown';
}

export interface StatusPageProps {
  dossier: CitizenDossier;
  now: number;
  feeAccount: FeeAccountInfo | null;
  officeHours: OfficeHoursConfig;
  voice: SpeechSynthesisVoice | null;
  onRate: (score: number) => Promise<RateOutcome>;
  onDone: () => void;
}

/** What to do next, in one line: the status's own (which may introduce a list), or, for a request
 * that lists nothing here, the sentence sending the citizen to the counter. */
function nextLine(t: TFunction<'citizen'>, d: CitizenDossier, now: number): { text: string; inNextSteps: boolean } {
  const unlisted = unlistedRequest(d);
  if (unlisted !== null) return { text: t(unlisted), inNextSteps: true };
  // Past its appointment, "nothing to do, come back on the day" would contradict the overdue
  // sentence (ask at the counter): that sentence is the next step.
  if ((d.status === Submitted || d.status === Accepted || d.status === Processing) && isDossierOverdue(d, now)) return { text: '', inNextSteps: false };
  // Everything on the list paid (the counter has yet to move the dossier on): not "please pay".
  if (d.status === DossierStatus.PaymentRequested && unpaidTotal(d) === 0) return { text: t('status.next.feesPaid'), inNextSteps: false };
  return { text: t(`status.next.${statusKey(d.status)}`), inNextSteps: false };
}

/** The sentences read aloud: status, what to do, when. Never a name or a number of the person. */
export function spokenSummary(t: TFunction<'citizen'>, d: CitizenDossier, now: number): string {
  const k = statusKey(d.status);
  const parts: string[] = [t(`status.sentence.${k}`), nextLine(t, d, now).text];
  if (OPEN_STATUSES.has(d.status)) {
    parts.push(isDossierOverdue(d, now)
      ? t('status.overdue')
      : t('status.comeBack', { date: formatDate(t, d.appointmentAt, true) }));
  }
  return parts.filter((p) => p !== '').join(' ');
}

/** `wide`: the value under its label, across the column (a dossier code, kept on one line). */
function Row({ label, children, testId, wide = false }: { label: string; children: ReactNode; testId?: string; wide?: boolean }) {
  return (
    <div className={wide ? 'row wide' : 'row'} data-testid={testId}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function StatusPage({ dossier: d, now, feeAccount, officeHours, voice, onRate, onDone }: StatusPageProps) {
  const { t, i18n } = useTranslation('citizen');
  const k = statusKey(d.status);
  const open = OPEN_STATUSES.has(d.status);
  const overdue = open && isDossierOverdue(d, now);
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  const summary = spokenSummary(t, d, now);
  const next = nextLine(t, d, now);
  const sentence = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    // Keyboard and screen-reader users start at the answer. A heading, not a button: a scanner's
    // trailing Enter must never press anything.
    sentence.current?.focus();
  }, [d.code]);

  useEffect(() => {
    speak(summary, voice);
  }, [summary, voice]);

  return (
    <article className="citizen-status" data-testid="status" data-status={d.status} aria-labelledby="status-sentence">
      <div className="status-main">
        <h2 className="visually-hidden">{t('status.heading')}</h2>
        <p id="status-sentence" ref={sentence} tabIndex={-1} className={`status-sentence s${k}`} aria-live="polite" data-testid="status-sentence">
          {t(`status.sentence.${k}`)}
        </p>
        <p className="official-label">{t('status.officialLabel', { label: statusLabel(d.status, lang) })}</p>
        {open && (
          <p className={overdue ? 'overdue' : 'on-time'} data-testid={overdue ? 'overdue' : 'on-time'} role={overdue ? 'alert' : undefined}>
            {overdue ? t('status.overdue') : t('status.onTime')}
          </p>
        )}
        <section className="next-steps" data-testid="next-steps">
          {/* Without a list, the counter sentence comes from NextSteps: no heading over nothing. */}
          {!next.inNextSteps && next.text !== '' && <p className="next" data-testid="next-line">{next.text}</p>}
          <NextSteps dossier={d} account={feeAccount} />
          {(d.status === Accepted || d.status === Processing) && !overdue && (
            <p className="come-back" data-testid="come-back">{t('status.comeBack', { date: formatDate(t, d.appointmentAt, true) })}</p>
          )}
          {(d.status === SupplementRequested || d.status === PaymentRequested) && <p>{t('status.comeBackAfter')}</p>}
          {d.status === Returned && d.returnedAt && <p>{t('status.returnedOn', { date: formatDate(t, d.returnedAt) })}</p>}
        </section>
        {d.status === Returned && <Rating canRate={d.source === 'local'} rated={d.rated} onRate={onRate} />}
      </div>

      <div className="status-side">
        <dl className="details" data-testid="details">
          <Row label={t('status.code')} testId="code-row" wide><DossierCode code={d.code} className="code" /></Row>
          <Row label={t('status.procedure')}>{d.procedure.name}</Row>
          {d.source === 'online' && <Row label={t('status.agency')}>{d.agency.name}</Row>}
          <Row label={t('status.applicant')} testId="applicant">{d.applicantMasked}</Row>
          <Row label={t('status.received')}>{formatDate(t, d.receivedAt)}</Row>
          {d.status !== Refused && d.status !== Withdrawn && (
            <Row label={t('status.appointment')} testId="appointment">{formatDate(t, d.appointmentAt, true)}</Row>
          )}
        </dl>
        {d.source === 'online' && <p className="source">{t('status.fromServer')}</p>}
        <OfficeHours hours={officeHours} />
      </div>

      <div className="status-actions">
        {voice ? (
          <button type="button" className="big secondary" onClick={() => speak(summary, voice)} data-testid="read-aloud">
            🔊 {t('status.readAloud')}
          </button>
        ) : (
          <p className="no-voice" data-testid="no-voice">{t('status.noVoice')}</p>
        )}
        <button type="button" className="big primary" onClick={onDone} data-testid="done">{t('status.done')}</button>
      </div>
    </article>
  );
}
