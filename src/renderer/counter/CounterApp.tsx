/**
 * The counter officer's screen: sign in, then home / dossier / intake / receipt /
 * needs-attention, with the sync state always visible. What a scan means is decided here
 * (ARCHITECTURE.md, "Data flow of a scan"): a dossier code opens the dossier, a CCCD starts or
 * refills an intake, a mangled CCCD is refused with the reason. The session locks after idle
 * time; a half-entered intake stays (hidden) for the same officer.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeParseError, type DomainErrorCode } from '../../shared/domain';
import type { ProvinceSettings, Staff } from '../../shared/protocol';
import { useAppServices, useSettings } from '../app-services';
import type { FeeAccountInfo } from '../citizen/view-model';
import { META, type DossierRow } from '../db/database';
import { signPendingAttachments } from '../db/files';
import { problemMessage, useScans, type ScanEvent } from '../scanners';
import { Button, ToastRegion, useShortcut, type Toast, type ToastTone } from '../ui';
import { POLITE_TIMEOUT_MS } from '../ui/Toast';
import { Attention } from './Attention';
import { useDisplayLink } from './display-link';
import { DossierView } from './DossierView';
import { Home } from './Home';
import { useIdleLock, DEFAULT_LOCK_MS, LOCK_WARNING_MS } from './idle-lock';
import { Intake, type CccdFill } from './Intake';
import { FormSheet } from './FormSheet';
import { Register } from './Register';
import type { FormId } from '../../shared/forms';
import { Receipt } from './Receipt';
import { SignIn } from './SignIn';
import { SyncBar } from './SyncBar';
import { resolveDossier } from './search';
import { useLive } from './live';
import { useAgencies } from './agencies';
import type { OfficerSigner } from '../trust/officer-key';
import { QueuePanel } from '../queue/QueuePanel';
import { parseTicketQr, queueDay } from '../../shared/queue';
import './counter.css';

export interface CounterAppProps {
  /** The commune's fee account (settings `feeAccount`); read from the host's settings when omitted. */
  feeAccount?: FeeAccountInfo | null;
  /** Quiet time before the session locks (default 5 minutes). */
  idleLockMs?: number;
}

type Screen =
  /** `focusSearch`: a new number puts the focus in the search box (sign-in, F3). */
  | { kind: 'home'; focusSearch?: number }
  /** `row`: the dossier as the scan found it, so the view shows it in its first frame. */
  | { kind: 'dossier'; code: string; row?: DossierRow }
  | { kind: 'intake'; fill: CccdFill | null; key: number }
  /** `intake`: just received here, so the processing-control slip (mẫu 06) is offered beside the receipt. */
  | { kind: 'receipt'; code: string; autoPrint: boolean; intake?: true }
  | { kind: 'form'; code: string; form: Exclude<FormId, '01' | '07'>; autoPrint: boolean }
  | { kind: 'register' }
  | { kind: 'attention' };

type Notice = { kind: 'refused'; reason: DomainErrorCode } | ({ kind: 'problem' } & ReturnType<typeof problemMessage>) | { kind: 'unknown' }
  | { kind: 'ticket'; code: 'queue-ticket-other-day'; day: string } | { kind: 'ticket'; code: null; label: string };

function Workspace({ staff, signer, locked, feeAccount, onPoke, onSignOut }: {
  staff: Staff; signer: OfficerSigner | null; locked: boolean; feeAccount: FeeAccountInfo | null; onPoke(): void; onSignOut(): void;
}) {
  const { t, i18n } = useTranslation('counter');
  const { t: tsc } = useTranslation(['scanners', 'codes']);
  const { t: tq } = useTranslation(['queue', 'codes']);
  const { db, now, sync } = useAppServices();
  // Signed in, the officer starts in the search box (docs/DESIGN.md, "Where the focus goes").
  const [screen, setScreen] = useState<Screen>({ kind: 'home', focusSearch: 1 });
  /** The screen shown now, for what finishes later (a read started on another screen). */
  const shownScreen = useRef(screen);
  shownScreen.current = screen;
  const [notice, setNotice] = useState<Notice | null>(null);
  const nonce = useRef(0);
  const display = useDisplayLink({ db, staffId: staff.id, now, feeAccount });
  const lang = i18n.language === 'en' ? 'en' : 'vi';

  const go = useCallback((s: Screen) => {
    setNotice(null);
    setScreen(s);
    if (s.kind !== 'dossier') display.clear();
  }, [display]);
  const open = useCallback((code: string, row?: DossierRow) => go({ kind: 'dossier', code, ...(row ? { row } : {}) }), [go]);
  const newIntake = (fill: CccdFill | null = null): void => go({ kind: 'intake', fill, key: ++nonce.current });
  // F3 finds a dossier from any screen: home, with the focus in its search box.
  const searchNonce = useRef(1);
  useShortcut('F3', (e) => {
    if (locked) return;
    e.preventDefault();
    go({ kind: 'home', focusSearch: ++searchNonce.current });
  });
  // Unlocked by the same officer, the focus goes back where it was when the session locked (the
  // lock screen had it meanwhile; Chromium drops it from the hidden workspace), else to the search
  // box on the home screen. Where it was is followed on the document (a dialog's field is outside
  // the workspace's element), never on the lock screen.
  const root = useRef<HTMLDivElement | null>(null);
  const lastFocus = useRef<HTMLElement | null>(null);
  const lockedNow = useRef(locked);
  lockedNow.current = locked;
  useEffect(() => {
    const onFocusIn = (e: FocusEvent): void => {
      if (!lockedNow.current && e.target instanceof HTMLElement && !e.target.closest('[data-testid="counter-signin"]')) lastFocus.current = e.target;
    };
    document.addEventListener('focusin', onFocusIn);
    return () => document.removeEventListener('focusin', onFocusIn);
  }, []);
  const wasLocked = useRef(locked);
  useEffect(() => {
    const unlocked = wasLocked.current && !locked;
    wasLocked.current = locked;
    if (!unlocked) return;
    const el = lastFocus.current;
    if (el?.isConnected && !el.closest('[hidden], [inert]')) el.focus();
    else root.current?.querySelector<HTMLInputElement>('[data-testid="search"]')?.focus();
  }, [locked]);

  // The province's settings, kept current for the session: a scan reads its aliases from memory
  // (one IndexedDB round trip fewer on the scan path, docs/PERFORMANCE.md "Counter in real Chromium").
  const province = useLive<ProvinceSettings | null | undefined | 'loading'>(() => db.getMeta<ProvinceSettings>(META.province), [db], 'loading');
  // This counter's agency and the province's, for the session: a dossier opened shows at once with
  // the steps this agency may take (DossierView waits for them only in the first moments).
  const agencies = useAgencies();
  const onScan = (e: ScanEvent): void => {
    onPoke();
    const p = e.parsed;
    if (p.kind === 'dossier') {
      // A 2024 receipt may carry an agency code the 2025 merger closed: the dossier is then held
      // under the current code (province settings' aliases). Opened as scanned when none is held;
      // opened with the row found, so the view paints it at once.
      const settings = province === 'loading' ? db.getMeta<ProvinceSettings>(META.province) : Promise.resolve(province);
      void settings
        .then((s) => resolveDossier(db, sync, p.code, s?.agencyAliases ?? []))
        .then((found) => open(found?.code ?? p.code, found ?? undefined), () => open(p.code));
      void db.audit.add({ at: Date.now(), kind: 'scan', action: 'scan.dossier', code: p.code, staffId: staff.id }).catch(() => undefined);
      return;
    }
    if (p.kind === 'cccd') {
      // The payload is personal data: the audit records that a card was read, never what it holds.
      void db.audit.add({ at: Date.now(), kind: 'scan', action: 'scan.cccd', staffId: staff.id }).catch(() => undefined);
      const fill = { scan: p, nonce: ++nonce.current };
      setNotice(null);
      setScreen((s) => (s.kind === 'intake' ? { ...s, fill } : { kind: 'intake', fill, key: fill.nonce }));
      // On the intake already, the display follows the refilled form (it posts only what changed).
      if (screen.kind !== 'intake') display.clear();
      return;
    }
    const ticket = p.kind === 'unknown' ? parseTicketQr(e.text) : null;
    if (ticket) {
      // A queue ticket: it counts on its own day only (numbers restart at midnight, Vietnam time).
      setNotice(ticket.day !== queueDay(now()) ? { kind: 'ticket', code: 'queue-ticket-other-day', day: ticket.day } : { kind: 'ticket', code: null, label: ticket.label });
      return;
    }
    setNotice(p.kind === 'invalid' ? { kind: 'refused', reason: p.reason } : { kind: 'unknown' });
  };
  // Active from mount to unmount, never toggled with the lock: what shows above the workspace (an
  // open confirmation, the lock screen) mounts later and so takes the scans first. Re-activating
  // on unlock would put the workspace back above a confirmation left open under the lock.
  useScans(onScan, {
    active: true,
    onProblem: (pr) => {
      const m = problemMessage(pr);
      setNotice({ kind: 'problem', key: m.key, values: m.values });
    },
  });

  // Each notice is a new toast (a repeated refusal is announced again); its text and reason as before.
  const noticeSeq = useRef(0);
  const noticeToast = useMemo((): Toast | null => {
    if (!notice) return null;
    const message = notice.kind === 'refused' ? t('scan.refused', { reason: describeParseError(notice.reason)[lang] })
      : notice.kind === 'problem' ? tsc(notice.key, notice.values)
      : notice.kind === 'unknown' ? t('scan.unknown')
      : notice.code === null ? tq('queue:counter.ticketScanned', { label: notice.label })
      : tq('codes:queue.queue-ticket-other-day', { day: notice.day.split('-').reverse().join('/') });
    const reason = notice.kind === 'refused' ? notice.reason : notice.kind === 'ticket' ? notice.code ?? 'ticket' : notice.kind;
    // A ticket of today is news (polite, gone after a while); anything refused is an alert that stays.
    const tone: ToastTone = notice.kind === 'ticket' ? (notice.code === null ? 'info' : 'warning') : notice.kind === 'unknown' ? 'warning' : 'error';
    return { id: `scan-notice-${++noticeSeq.current}`, message, tone, timeoutMs: tone === 'info' ? POLITE_TIMEOUT_MS : null, testId: 'scan-notice', data: { reason } };
  }, [notice, t, tsc, tq, lang]);

  // Show the open dossier to the citizen as it changes (masked by the display link).
  const current = screen.kind === 'dossier' ? screen.code : null;
  const scannedRow = screen.kind === 'dossier' ? screen.row : undefined;
  useEffect(() => {
    if (current === null) return undefined;
    if (scannedRow) {
      display.show(scannedRow);
      return undefined;
    }
    let live = true;
    void db.dossiers.get(current).then((row) => { if (live && row) display.show(row); }, () => undefined);
    return () => { live = false; };
  }, [db, current, scannedRow, display]);

  const handedBack = (row: DossierRow): void => display.show(row, { askRating: true });

  return (
    <div ref={root} className="counter-workspace" hidden={locked} data-testid="workspace">
      <nav className="counter-nav" aria-label={t('nav.label')}>
        <Button variant="quiet" icon="inbox" aria-current={screen.kind === 'home' ? 'page' : undefined} onClick={() => go({ kind: 'home' })} data-testid="nav-home">{t('nav.home')}</Button>
        <Button variant="quiet" icon="doc-plus" shortcut="F2" aria-current={screen.kind === 'intake' ? 'page' : undefined} onClick={() => newIntake()} data-testid="nav-intake">{t('nav.intake')}</Button>
        <Button variant="quiet" aria-current={screen.kind === 'register' ? 'page' : undefined} onClick={() => go({ kind: 'register' })} data-testid="nav-register">{t('nav.register')}</Button>
        <Button variant="quiet" shortcut="F4" onClick={() => window.open(`${window.location.pathname}${window.location.search}#/citizen-display`, 'kiosk-citizen-display')} data-testid="open-display">{t('nav.display')}</Button>
      </nav>
      <SyncBar sync={sync} now={now} onAttention={() => go({ kind: 'attention' })} />
      <QueuePanel staffId={staff.id} dossierCode={screen.kind === 'dossier' || screen.kind === 'receipt' ? screen.code : null} />
      {/* The scan notice is a toast (docs/DESIGN.md): always in the page, so a refused scan is read
          out (assertive) the moment it shows; it stays until the next scan, a new screen or Dismiss. */}
      <ToastRegion toasts={noticeToast ? [noticeToast] : []} onDismiss={(id) => { if (id === noticeToast?.id) setNotice(null); }} placement="inline" />
      <main>
        {screen.kind === 'home' && (
          <Home onOpen={open} onIntake={() => newIntake()} focusSearch={screen.focusSearch ?? 0}
            attention={<Attention staffId={staff.id} signer={signer} onOpen={open} onSignInAgain={onSignOut} />} />
        )}
        {screen.kind === 'dossier' && (
          // One view per dossier: a note, a question or a "done" message about one dossier never
          // stays on screen when a scan opens another.
          <DossierView
            key={screen.code} code={screen.code} initial={screen.row} staff={staff} signer={signer} canShowFeeQr={feeAccount !== null} agencies={agencies}
            // "In giấy tiếp nhận" (F9) prints the receipt, as its name and docs/DESIGN.md say: the
            // page opens and prints at once, and stays for another copy or the way back.
            onPrint={(code) => go({ kind: 'receipt', code, autoPrint: true })}
            onForm={(code, form, autoPrint) => go({ kind: 'form', code, form, autoPrint })}
            onShowFeeQr={(row) => display.show(row, { fee: true })} onHandedBack={handedBack}
          />
        )}
        {screen.kind === 'intake' && (
          <Intake
            key={screen.key} staff={staff} signer={signer} fill={screen.fill}
            onSaved={(code) => {
              go({ kind: 'receipt', code, autoPrint: true, intake: true });
              // The citizen's display moves from the intake to the dossier just received: its code,
              // status and appointment, while the receipt prints.
              void db.dossiers.get(code).then((row) => {
                const current = shownScreen.current;
                if (row && current.kind === 'receipt' && current.code === code) display.show(row);
              }, () => undefined);
            }}
            onRefused={(code) => go({ kind: 'form', code, form: '03', autoPrint: true })}
            onPreview={display.intake}
          />
        )}
        {screen.kind === 'receipt' && (
          // Circular 03/2025: the control slip (mẫu 06) starts with the intake and goes with the
          // dossier: offered after an intake, printed from the same page the dossier's forms open.
          <Receipt
            code={screen.code} staff={staff} autoPrint={screen.autoPrint} onBack={() => open(screen.code)}
            {...(screen.intake ? { onControlSlip: () => go({ kind: 'form', code: screen.code, form: '06', autoPrint: true }) } : {})}
          />
        )}
        {screen.kind === 'form' && <FormSheet key={`${screen.code}-${screen.form}`} code={screen.code} form={screen.form} staff={staff} autoPrint={screen.autoPrint} onBack={() => open(screen.code)} />}
        {screen.kind === 'register' && <Register />}
        {screen.kind === 'attention' && <Attention staffId={staff.id} signer={signer} onOpen={open} onSignInAgain={onSignOut} />}
      </main>
    </div>
  );
}

export function CounterApp({ feeAccount, idleLockMs = DEFAULT_LOCK_MS }: CounterAppProps = {}) {
  const { t } = useTranslation('counter');
  const { db } = useAppServices();
  // The commune's fee account from the settings, kept current when a technician changes it; a prop wins.
  const configured = useSettings().feeAccount;
  const account = feeAccount !== undefined ? feeAccount : configured;
  // The signer (the officer's key, non-extractable) lives only here: forgotten at sign-out, kept
  // while the same officer's session is locked.
  const [session, setSession] = useState<{ staff: Staff; signer: OfficerSigner | null; locked: boolean; epoch: number } | null>(null);
  const idle = useIdleLock(session !== null && !session.locked, idleLockMs, () => setSession((s) => (s ? { ...s, locked: true } : s)));
  const poke = idle.poke;

  const signOut = (): void => {
    if (session) void db.audit.add({ at: Date.now(), kind: 'action', action: 'staff.signOut', staffId: session.staff.id }).catch(() => undefined);
    setSession(null);
  };
  const signedIn = (staff: Staff, signer: OfficerSigner | null): void => {
    setSession((s) => (
      // The same officer resumes where they were; another one starts afresh.
      s && s.staff.id === staff.id ? { ...s, signer, locked: false } : { staff, signer, locked: false, epoch: (s?.epoch ?? 0) + 1 }
    ));
    // Pages this officer stored without a signature (before a restart of an older version, or in a
    // session whose key could not be opened) are signed now, so the file lane can send them.
    if (signer) void signPendingAttachments(db, signer).catch(() => undefined);
  };

  return (
    <div className="counter-app" data-testid="counter-app">
      {session && (
        <header className="counter-header">
          <span data-testid="signed-in-as">{t('header.staff', { name: session.staff.name })}</span>
          {!session.locked && (
            <>
              <Button size="sm" icon="lock" onClick={() => setSession({ ...session, locked: true })} data-testid="lock">{t('header.lock')}</Button>
              <Button size="sm" icon="sign-out" onClick={signOut} data-testid="sign-out">{t('header.signOut')}</Button>
            </>
          )}
        </header>
      )}
      {idle.warning && (
        // Read out once when it appears (its words do not change), with one simple way to carry on:
        // any key, touch or click does it too (WCAG 2.2.1).
        <div className="counter-idle-warning" role="alert" data-testid="idle-warning">
          <p>{t('idle.warning', { seconds: Math.round(Math.min(LOCK_WARNING_MS, idleLockMs / 2) / 1000) })}</p>
          <Button size="sm" variant="primary" onClick={poke} data-testid="idle-stay">{t('idle.stay')}</Button>
        </div>
      )}
      {session && <Workspace key={session.epoch} staff={session.staff} signer={session.signer} locked={session.locked} feeAccount={account} onPoke={poke} onSignOut={signOut} />}
      {(!session || session.locked) && <SignIn lockedFor={session?.locked ? session.staff : null} onSignedIn={signedIn} />}
    </div>
  );
}
