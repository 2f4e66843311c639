/** The parts around the current view: the attract screen, the display toolbar, the transient
 * notice for a scan that is not a receipt, and the idle warning. */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CODE_MARK, WithCode } from './CodeText';

export function Attract({ onType, onTicket }: { onType: () => void; onTicket?: () => void }) {
  const { t } = useTranslation(['citizen', 'queue']);
  return (
    <section className="citizen-attract" data-testid="attract" aria-labelledby="attract-heading">
      <div className="attract-art" aria-hidden="true">
        <svg viewBox="0 0 120 120" width="160" height="160">
          <rect x="6" y="6" width="108" height="108" rx="10" fill="none" stroke="currentColor" strokeWidth="6" />
          <rect x="22" y="22" width="28" height="28" fill="currentColor" />
          <rect x="70" y="22" width="28" height="28" fill="currentColor" />
          <rect x="22" y="70" width="28" height="28" fill="currentColor" />
          <rect x="70" y="70" width="12" height="12" fill="currentColor" />
          <rect x="86" y="86" width="12" height="12" fill="currentColor" />
        </svg>
      </div>
      <h1 id="attract-heading">{t('attract.heading')}</h1>
      <p className="lead">{t('attract.lead')}</p>
      <p>{t('attract.orType')}</p>
      <div className="attract-actions">
        <button type="button" className="big primary" onClick={onType} data-testid="open-keypad">⌨ {t('attract.typeCode')}</button>
        {onTicket && <button type="button" className="big primary" onClick={onTicket} data-testid="take-ticket">{t('queue:takeTicket')}</button>}
      </div>
      <p className="privacy">{t('attract.privacy')}</p>
    </section>
  );
}

export interface DisplayPrefs {
  scaleStep: number;
  contrast: boolean;
}

/** Text size steps: 100 % to 200 % (WCAG 1.4.4 asks for 200 % without loss of content). */
export const SCALE_STEPS = [1, 1.25, 1.5, 1.75, 2] as const;

export function Toolbar({ prefs, onChange, onLanguage }: {
  prefs: DisplayPrefs;
  onChange: (p: DisplayPrefs) => void;
  onLanguage: () => void;
}) {
  const { t } = useTranslation('citizen');
  const last = SCALE_STEPS.length - 1;
  return (
    <div className="citizen-toolbar" role="toolbar" aria-label={t('a11y.toolbar')} data-testid="toolbar">
      <button type="button" onClick={() => onChange({ ...prefs, scaleStep: Math.max(0, prefs.scaleStep - 1) })}
        disabled={prefs.scaleStep === 0} aria-label={t('a11y.smallerLabel')} data-testid="text-smaller">{t('a11y.smaller')}</button>
      <button type="button" onClick={() => onChange({ ...prefs, scaleStep: Math.min(last, prefs.scaleStep + 1) })}
        disabled={prefs.scaleStep === last} aria-label={t('a11y.largerLabel')} data-testid="text-larger">{t('a11y.larger')}</button>
      <button type="button" onClick={() => onChange({ ...prefs, contrast: !prefs.contrast })}
        aria-pressed={prefs.contrast} data-testid="contrast">◐ {t('a11y.contrast')}</button>
      <button type="button" onClick={onLanguage} aria-label={t('a11y.languageLabel')} data-testid="citizen-language">{t('a11y.language')}</button>
    </div>
  );
}

/** A scan (or a typed code) that is not a receipt: one fixed sentence, in the layout flow where it
 * covers no control (above the code field on the keypad, above the view elsewhere), announced as
 * an alert when it appears. */
export function Notice({ text, onDismiss }: { text: string; onDismiss: () => void }) {
  const { t } = useTranslation('citizen');
  // Dismissed, the button goes with it: the focus goes where the citizen was heading (the code
  // field on the keypad, `data-notice-return`), else to the screen's main region, never to the page.
  const dismiss = (e: { currentTarget: HTMLElement }): void => {
    const main = e.currentTarget.closest<HTMLElement>('.citizen-main');
    onDismiss();
    const next = main?.querySelector<HTMLElement>('[data-notice-return]') ?? main;
    if (next && next === main && !main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
    next?.focus();
  };
  return (
    <div className="citizen-notice" role="alert" data-testid="notice">
      <p>{text}</p>
      <button type="button" className="big secondary" onClick={dismiss} data-testid="notice-dismiss">{t('notice.dismiss')}</button>
    </div>
  );
}

/** A lookup that found nothing to show (not found, offline): one sentence, the code kept whole in
 * it, and the way back. */
export function Message({ kind, code, onBack }: { kind: 'notFound' | 'offline' | 'failed'; code: string; onBack: () => void }) {
  const { t } = useTranslation('citizen');
  const text = t(`notice.${kind}`, { code: CODE_MARK });
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [text]);
  return (
    <section className="citizen-message" data-testid="message" data-message={kind}>
      <p role="alert" ref={ref} tabIndex={-1}><WithCode text={text} code={code} /></p>
      <button type="button" className="big primary" onClick={onBack} data-testid="message-back">{t('notice.back')}</button>
    </section>
  );
}

export function IdleWarning({ secondsLeft, onContinue }: { secondsLeft: number; onContinue: () => void }) {
  const { t } = useTranslation('citizen');
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // The one touch that keeps the session must be where a keyboard user already is.
    button.current?.focus();
  }, []);
  return (
    <div className="citizen-idle-backdrop">
      <div className="citizen-idle" role="alertdialog" aria-modal="true" aria-labelledby="idle-heading" aria-describedby="idle-body" data-testid="idle-warning">
        <h2 id="idle-heading">{t('idle.heading')}</h2>
        <p id="idle-body" data-testid="idle-seconds">{t('idle.body', { seconds: secondsLeft })}</p>
        <button ref={button} type="button" className="big primary" onClick={onContinue} data-testid="idle-continue">{t('idle.continue')}</button>
      </div>
    </div>
  );
}
