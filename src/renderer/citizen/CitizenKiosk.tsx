/**
 * The citizen self-service screen: scan the receipt (or type its code) and see where the
 * dossier is, in plain words. A shared public screen, so: nothing scanned is ever rendered as
 * markup or opened; a CCCD is never shown; personal data is masked before it reaches React; and
 * an idle screen warns, then forgets everything.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParsedScan } from '../../shared/domain';
import { useAppServices, useSettings } from '../app-services';
import { rate } from '../db/actions';
import { useScans, useScanStream } from '../scanners/use-scans';
import { Attract, IdleWarning, Message, Notice, SCALE_STEPS, Toolbar, type DisplayPrefs } from './Chrome';
import { playCue, stopSpeaking, useVoice } from './cues';
import { useIdle } from './idle';
import { Keypad } from './Keypad';
import '../ui/tokens.css';
import { lookupDossier } from './lookup';
import { DEFAULT_OFFICE_HOURS, type OfficeHoursConfig } from './OfficeHours';
import type { RateOutcome } from './Rating';
import { StatusPage } from './StatusPage';
import type { CitizenDossier, FeeAccountInfo } from './view-model';
import { TicketFlow } from '../queue/TicketFlow';
import { useQueue } from '../queue/use-queue';
import { followTicket, TicketStatus } from '../queue/TicketStatus';
import './citizen.css';

export interface CitizenKioskProps {
  /** Quiet time before the screen clears; default: settings `idleTimeoutSeconds` (60 s). */
  idleTimeoutMs?: number;
  /** The commune's fee account; default: settings `feeAccount`. Without one, fees are paid at the counter. */
  feeAccount?: FeeAccountInfo | null;
  officeHours?: OfficeHoursConfig;
}

type View =
  | { kind: 'attract' }
  | { kind: 'keypad' }
  | { kind: 'queue' }
  /** A ticket's QR: the text only; what it says is read from the live queue as it changes. */
  | { kind: 'ticket'; text: string }
  | { kind: 'loading'; code: string }
  | { kind: 'status'; dossier: CitizenDossier }
  | { kind: 'message'; message: 'notFound' | 'offline' | 'failed'; code: string };

type NoticeKey = 'cccd' | 'cccdInvalid' | 'vietqr' | 'invalidCode' | 'unknown' | 'typedUnknown' | 'scanProblem';

/** A notice about a wrong kind of code goes away by itself (it carries nothing personal), except
 * on the keypad: there it sits above the code field while the citizen corrects the code, and going
 * away by itself would move the keys under a finger. */
const NOTICE_MS = 12_000;
const DEFAULT_PREFS: DisplayPrefs = { scaleStep: 0, contrast: false };
export const KEYPAD_DEVICE = 'keypad';

/** What a scan means on this screen. Only a dossier code leads anywhere; for everything else a
 * fixed sentence — the payload itself is never shown. */
export function scanNotice(p: ParsedScan): NoticeKey | null {
  switch (p.kind) {
    case 'dossier': return null;
    case 'cccd': return 'cccd';
    case 'vietqr': return 'vietqr';
    case 'invalid': return p.expected === 'cccd' ? 'cccdInvalid' : p.expected === 'vietqr' ? 'vietqr' : 'invalidCode';
    default: return 'unknown';
  }
}

export function CitizenKiosk({ officeHours = DEFAULT_OFFICE_HOURS, ...given }: CitizenKioskProps = {}) {
  const { t, i18n } = useTranslation(['citizen', 'queue']);
  const services = useAppServices();
  const settings = useSettings();
  const idleTimeoutMs = given.idleTimeoutMs ?? settings.idleTimeoutSeconds * 1000;
  const feeAccount = given.feeAccount !== undefined ? given.feeAccount : settings.feeAccount;
  /** The language the screen returns to when a citizen leaves: the configured one. */
  const home = settings.language;
  const stream = useScanStream();
  const [view, setView] = useState<View>({ kind: 'attract' });
  /** `id` grows with every notice: the same sentence again is a new alert (read out again). */
  const [notice, setNoticeState] = useState<{ key: NoticeKey; id: number } | null>(null);
  const noticeId = useRef(0);
  const setNotice = useCallback((key: NoticeKey | null) => {
    setNoticeState(key === null ? null : { key, id: ++noticeId.current });
  }, []);
  const [prefs, setPrefs] = useState<DisplayPrefs>(DEFAULT_PREFS);
  /** Bumped by every new lookup and by reset: a late answer for an older request is dropped. */
  const request = useRef(0);
  const voice = useVoice(i18n.language);
  const queue = useQueue();
  const queueOn = queue.snapshot !== null && queue.snapshot.mode !== 'off';

  /** The same citizen going back to the start: their text size, contrast and language stay. */
  const back = useCallback(() => {
    request.current += 1;
    stopSpeaking();
    setView({ kind: 'attract' });
    setNotice(null);
  }, [setNotice]);

  /** Afresh for the next person ("done, clear the screen", the idle reset): the start screen in
   * the home language and the default display too. */
  const reset = useCallback(() => {
    back();
    setPrefs(DEFAULT_PREFS);
    if (i18n.language !== home) void i18n.changeLanguage(home);
    const active = document.activeElement;
    if (active instanceof HTMLElement) active.blur();
  }, [back, i18n, home]);

  const personal = view.kind !== 'attract' || prefs.scaleStep !== 0 || prefs.contrast || i18n.language !== home;
  const idle = useIdle({ active: personal, timeoutMs: idleTimeoutMs, onReset: reset });

  const showCode = useCallback((code: string) => {
    const id = ++request.current;
    stopSpeaking();
    setNotice(null);
    setView({ kind: 'loading', code });
    void lookupDossier(services.db, services.kiosk, code).then((r) => {
      if (id !== request.current) return;
      if (r.ok) setView({ kind: 'status', dossier: r.dossier });
      else setView({ kind: 'message', message: r.reason === 'not-found' ? 'notFound' : r.reason, code });
    });
  }, [services.db, services.kiosk, setNotice]);

  useScans((scan) => {
    idle.keepAlive();
    if (scan.parsed.kind === 'unknown' && followTicket(scan.text, null) !== null) {
      // A queue ticket's QR (parsed here from the scanned text; nothing of it is rendered raw).
      const f = followTicket(scan.text, queueOn ? queue.state : null);
      playCue(f && (f.kind === 'waiting' || f.kind === 'called' || f.kind === 'served') ? 'good' : 'bad');
      request.current += 1;
      stopSpeaking();
      setNotice(null);
      setView({ kind: 'ticket', text: scan.text });
      return;
    }
    const found = scanNotice(scan.parsed);
    // Typed on the keypad, "scan the QR or type the code" would answer what the citizen is doing:
    // ask to check it against the slip instead (the keypad's hint shows what a code looks like).
    const n = found === 'unknown' && scan.device === KEYPAD_DEVICE ? 'typedUnknown' : found;
    playCue(n === null ? 'good' : 'bad');
    if (scan.parsed.kind === 'dossier') showCode(scan.parsed.code);
    else setNotice(n);
  }, {
    active: true,
    onProblem: () => {
      playCue('bad');
      setNotice('scanProblem');
    },
  });

  const onKeypad = view.kind === 'keypad';
  useEffect(() => {
    if (notice === null || onKeypad) return undefined;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice, onKeypad, setNotice]);

  // Typed codes take the scanners' path (parse, de-duplicate, route): one way for a code to show.
  const submitTyped = (text: string): void => {
    stream.push({ source: 'keypad', device: KEYPAD_DEVICE, text, at: services.now() });
  };

  const onRate = useCallback(async (code: string, score: number): Promise<RateOutcome> => {
    try {
      await rate({ db: services.db, staffId: null, now: services.now }, { code, score });
      return 'ok';
    } catch {
      return 'failed';
    }
  }, [services.db, services.now]);

  /** A served visit's rating: a queue event (the queue statistics), and the dossier's own rating
   * as well when the ticket was linked to a dossier this kiosk knows. */
  const onRateTicket = useCallback(async (ticketId: string, dossierCode: string | null, score: number): Promise<RateOutcome> => {
    const viaQueue = services.kiosk.call('queue.act', { action: 'rate', ticketId, score }).then(() => true, () => false);
    const viaDossier = dossierCode
      ? rate({ db: services.db, staffId: null, now: services.now }, { code: dossierCode, score }).then(() => true, () => false)
      : Promise.resolve(false);
    const [q, d] = await Promise.all([viaQueue, viaDossier]);
    return q || d ? 'ok' : 'failed';
  }, [services.kiosk, services.db, services.now]);
  const follow = view.kind === 'ticket' ? followTicket(view.text, queueOn ? queue.state : null) : null;

  const style = useMemo(() => ({ '--citizen-scale': String(SCALE_STEPS[prefs.scaleStep] ?? 1) }) as CSSProperties, [prefs.scaleStep]);
  const toggleLanguage = (): void => void i18n.changeLanguage(i18n.language === 'en' ? 'vi' : 'en');
  /** The header names the screen the citizen is on: the queue's own screens have theirs. */
  const title = view.kind === 'queue' ? t('queue:takeTicket') : view.kind === 'ticket' ? t('queue:follow.title')
    // The start screen offers both when the office runs a queue.
    : view.kind === 'attract' && queueOn ? t('titleWithQueue') : t('title');
  const noticeBox = notice === null ? null : <Notice key={notice.id} text={t(`notice.${notice.key}`)} onDismiss={() => setNotice(null)} />;

  return (
    <div
      className={`citizen-kiosk${prefs.contrast ? ' high-contrast' : ''}`}
      // The design system's theme for this screen's subtree (its tokens; a citizen's own choice,
      // reset with the session, whatever the device's theme setting).
      data-theme={prefs.contrast ? 'high-contrast' : 'light'}
      style={style}
      lang={i18n.language}
      data-testid="citizen-kiosk"
      data-view={view.kind}
    >
      <header className="citizen-header">
        <span className="citizen-title" data-testid="citizen-title">{title}</span>
        <Toolbar prefs={prefs} onChange={setPrefs} onLanguage={toggleLanguage} />
      </header>
      <main className="citizen-main" aria-busy={view.kind === 'loading'}>
        {view.kind !== 'keypad' && noticeBox}
        {view.kind === 'attract' && <Attract onType={() => { setNotice(null); setView({ kind: 'keypad' }); }} {...(queueOn ? { onTicket: () => setView({ kind: 'queue' }) } : {})} />}
        {view.kind === 'queue' && <TicketFlow onDone={reset} onBack={back} office={t('queue:office')} />}
        {view.kind === 'ticket' && follow && (
          <TicketStatus
            follow={follow}
            onRate={(score) => (follow.kind === 'served' ? onRateTicket(follow.ticketId, follow.dossierCode, score) : Promise.resolve('failed'))}
            onBack={reset}
          />
        )}
        {view.kind === 'keypad' && <Keypad onSubmit={submitTyped} onBack={back} notice={noticeBox} />}
        {view.kind === 'loading' && <p className="citizen-loading" role="status" data-testid="loading">{t('loading')}</p>}
        {view.kind === 'status' && (
          <StatusPage
            dossier={view.dossier}
            now={services.now()}
            feeAccount={feeAccount}
            officeHours={officeHours}
            voice={voice}
            onRate={(score) => onRate(view.dossier.code, score)}
            onDone={reset}
          />
        )}
        {view.kind === 'message' && <Message kind={view.message} code={view.code} onBack={back} />}
      </main>
      {idle.warning && <IdleWarning secondsLeft={idle.secondsLeft} onContinue={idle.keepAlive} />}
    </div>
  );
}
