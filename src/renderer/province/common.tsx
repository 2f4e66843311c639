/** What every panel of the province console shares: the API, the session, errors in words, formats. */
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/protocol';
import { ForbiddenReason } from '../../shared/protocol';
import { ApiError, type ConsoleApi } from './api';
import { codeKey } from '../i18n/codes';
import { Button, Dialog } from '../ui';

export interface ConsoleContext { api: ConsoleApi; session: SessionInfo }
export const ConsoleCtx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const c = useContext(ConsoleCtx);
  if (!c) throw new Error('useConsole outside the console');
  return c;
}

/**
 * A question before an action that is hard to take back (disable an account, deactivate an
 * officer): an `alertdialog` whose title names whom it concerns, "cancel" focused first, the
 * action's own words on the button. A refusal is shown in it; done, it closes (`onDone`).
 */
export function ConfirmDialog({ title, description, confirmLabel, danger, onConfirm, onClose, onDone, testId, children, confirmDisabled }: {
  title: string; description: string; confirmLabel: string; danger?: boolean;
  onConfirm(): Promise<void>; onClose(): void; onDone(): void;
  /** What the action needs besides the yes (a reason), above the refusal. */
  children?: ReactNode;
  confirmDisabled?: boolean;
  /** `<testId>-dialog`, `<testId>-confirm`, `<testId>-error`. */
  testId: string;
}) {
  const { t } = useTranslation(['province', 'codes']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    try {
      await onConfirm();
      onDone();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog open onClose={onClose} role="alertdialog" size="sm" busy={busy} data-testid={`${testId}-dialog`} title={title} description={description}
      actions={<>
        <Button onClick={onClose} data-autofocus data-testid={`${testId}-cancel`}>{t('cancel')}</Button>
        <Button variant={danger ? 'danger' : 'primary'} busy={busy} disabled={confirmDisabled} onClick={() => void confirm()} data-testid={`${testId}-confirm`}>{confirmLabel}</Button>
      </>}>
      {children}
      {error && <p role="alert" className="pc-error" data-testid={`${testId}-error`}>{error}</p>}
    </Dialog>
  );
}

/** A failed call in the reader's language: the catalogued message of the gateway's code (a 403's reason's own). */
export function errorText(t: TFunction<['province', 'codes']>, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.code === 'network') return t('province:network');
    if (err.code === 'http-error') return t('codes:sync.http-error', { status: err.status });
    if (err.code === 'forbidden') {
      const reason = ForbiddenReason.safeParse((err.details as { reason?: unknown } | undefined)?.reason);
      if (reason.success) return t(codeKey('forbidden', reason.data));
    }
    return t(codeKey('gateway', err.code));
  }
  return t('province:network');
}

/** The gateway's refusal of an agency the province does not have (404 `not-found` naming the agency). */
export function isUnknownAgency(err: unknown): boolean {
  return err instanceof ApiError && err.code === 'not-found' && typeof (err.details as { agency?: unknown } | undefined)?.agency === 'string';
}

const DATE_TIME: Intl.DateTimeFormatOptions = { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' };
const LOCALE = { vi: 'vi-VN', en: 'en-GB' } as const;

export function formatTime(iso: string | null, lang: string): string | null {
  if (!iso) return null;
  return new Intl.DateTimeFormat(LOCALE[lang === 'en' ? 'en' : 'vi'], DATE_TIME).format(new Date(iso));
}

/** "5 phút", "2 giờ", "3 ngày": a duration, short. */
export function formatAge(ms: number, lang: string): string {
  const l = LOCALE[lang === 'en' ? 'en' : 'vi'];
  const unit = (n: number, u: 'second' | 'minute' | 'hour' | 'day'): string =>
    new Intl.NumberFormat(l, { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return unit(s, 'second');
  if (s < 3600) return unit(Math.floor(s / 60), 'minute');
  if (s < 86_400) return unit(Math.floor(s / 3600), 'hour');
  return unit(Math.floor(s / 86_400), 'day');
}

export function formatNumber(n: number, lang: string, digits = 0): string {
  return new Intl.NumberFormat(LOCALE[lang === 'en' ? 'en' : 'vi'], { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(n);
}

/** Seconds with one decimal, from milliseconds, in the reader's locale ("0,2", "-1,3"): a value
 * that rounds to zero is "0,0", never "-0,0". */
export function formatSeconds(ms: number, lang: string): string {
  return formatNumber(Math.abs(ms) < 50 ? 0 : ms / 1000, lang, 1);
}

export function formatPercent(r: number | null, lang: string): string | null {
  if (r === null) return null;
  return new Intl.NumberFormat(LOCALE[lang === 'en' ? 'en' : 'vi'], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(r);
}
