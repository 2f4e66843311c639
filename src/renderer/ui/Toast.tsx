/**
 * Short notices that do not take focus. Two live regions that are always in the page (a region
 * added at the moment of the message is often not read): `role="status"` (polite) for news —
 * info and success, gone after a while — and `role="alert"` (assertive) for what went wrong —
 * warning and error, which stay until dismissed. Hovering or focusing a notice pauses its timer.
 * The same notice again replaces the one shown (no stack of copies); at most `MAX_TOASTS` stay.
 *
 *   <ToastProvider> … const toast = useToast(); toast.show({ message: t('saved'), tone: 'success' }) … </ToastProvider>
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, type IconName } from './icons';

export type ToastTone = 'info' | 'success' | 'warning' | 'error';

export interface ToastInput {
  message: string;
  tone?: ToastTone;
  /** Milliseconds before it goes; null stays until dismissed. Default: 6 s polite, never for assertive. */
  timeoutMs?: number | null;
  /** The card's `data-testid` (default `toast`) and extra `data-*` attributes (keys without `data-`). */
  testId?: string;
  data?: Readonly<Record<string, string>>;
}

export interface Toast {
  id: string; message: string; tone: ToastTone; timeoutMs: number | null;
  testId?: string; data?: Readonly<Record<string, string>>;
}

export interface ToastApi {
  show(toast: ToastInput): string;
  dismiss(id: string): void;
}

export const POLITE_TIMEOUT_MS = 6000;
const ICONS: Record<ToastTone, IconName> = { info: 'info', success: 'success', warning: 'warning', error: 'error' };
export const isAssertive = (tone: ToastTone): boolean => tone === 'warning' || tone === 'error';

/** Notices shown at most at once: beyond it the oldest news goes first, then the oldest problem. */
export const MAX_TOASTS = 4;

/**
 * The same notice shown again (same tone and words: a retry that failed the same way, a button
 * pressed twice) replaces the one shown, which moves to the end with a fresh timer, instead of
 * stacking copies; and at most `MAX_TOASTS` stay.
 */
function keepFew(toasts: Toast[]): Toast[] {
  const out = [...toasts];
  while (out.length > MAX_TOASTS) {
    const news = out.findIndex((x) => !isAssertive(x.tone));
    out.splice(news >= 0 && news < out.length - 1 ? news : 0, 1);
  }
  return out;
}

const ToastContext = createContext<ToastApi | null>(null);

/** The toast functions of the nearest `ToastProvider`. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast needs a <ToastProvider> above it');
  return api;
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const seq = useRef(0);
  const dismiss = useCallback((id: string) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((input: ToastInput) => {
    const tone = input.tone ?? 'info';
    const id = `toast-${++seq.current}`;
    const timeoutMs = input.timeoutMs !== undefined ? input.timeoutMs : isAssertive(tone) ? null : POLITE_TIMEOUT_MS;
    const toast: Toast = { id, message: input.message, tone, timeoutMs, ...(input.testId ? { testId: input.testId } : {}), ...(input.data ? { data: input.data } : {}) };
    setToasts((all) => keepFew([...all.filter((x) => x.tone !== tone || x.message !== input.message), toast]));
    return id;
  }, []);
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <ToastRegion toasts={toasts} onDismiss={dismiss} />
    </ToastContext.Provider>
  );
}

/** One notice as it looks, outside any live region (for the gallery and for previews). */
export function ToastCard({ toast, onDismiss, onPause }: { toast: Toast; onDismiss(id: string): void; onPause?(paused: boolean): void }) {
  const { t } = useTranslation('ui');
  const data = Object.fromEntries(Object.entries(toast.data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div
      {...data} className="ui-toast" data-tone={toast.tone} data-testid={toast.testId ?? 'toast'}
      onMouseEnter={() => onPause?.(true)} onMouseLeave={() => onPause?.(false)}
      onFocus={() => onPause?.(true)} onBlur={() => onPause?.(false)}
    >
      <Icon name={ICONS[toast.tone]} className="ui-toast-icon" />
      <p className="ui-toast-message">{toast.message}</p>
      <button type="button" className="ui-toast-dismiss" aria-label={t('toast.dismiss')} onClick={() => onDismiss(toast.id)}>
        <Icon name="x" />
      </button>
    </div>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss(id: string): void }) {
  const [paused, setPaused] = useState(false);
  useEffect(() => {
    if (toast.timeoutMs === null || paused) return undefined;
    const timer = setTimeout(() => onDismiss(toast.id), toast.timeoutMs);
    return () => clearTimeout(timer);
  }, [toast, paused, onDismiss]);
  return <ToastCard toast={toast} onDismiss={onDismiss} onPause={setPaused} />;
}

/** The two live regions and the notices in them (rendered by `ToastProvider`; usable alone). */
export function ToastRegion({ toasts, onDismiss, placement = 'fixed' }: { toasts: readonly Toast[]; onDismiss(id: string): void; placement?: 'fixed' | 'inline' }) {
  const { t } = useTranslation('ui');
  return (
    <section className="ui-toasts" data-placement={placement} aria-label={t('toast.region')}>
      <div role="status" aria-live="polite" className="ui-toast-list" data-testid="toasts-polite">
        {toasts.filter((x) => !isAssertive(x.tone)).map((x) => <ToastItem key={x.id} toast={x} onDismiss={onDismiss} />)}
      </div>
      <div role="alert" aria-live="assertive" className="ui-toast-list" data-testid="toasts-assertive">
        {toasts.filter((x) => isAssertive(x.tone)).map((x) => <ToastItem key={x.id} toast={x} onDismiss={onDismiss} />)}
      </div>
    </section>
  );
}
