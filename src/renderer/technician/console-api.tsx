/**
 * What every console panel shares: bridge calls that send the console back to its PIN gate when the
 * host says the session ended (`technician-locked`: the host closes an idle console by itself), and
 * one way to turn a failure into words.
 */
import { createContext, useContext, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import { SettingsPatch, type PublicSettings } from '../../shared/settings/schema';
import type { CallInput, CallName, CallOutput, KioskBridge } from '../../shared/bridge/contract';
import { bridgeErrorCode, type BridgeIssue } from '../../shared/bridge/error';
import { issuesText } from '../../shared/messages/issues';
import { bridgeErrorKey } from '../i18n/codes';

export interface ConsoleApi {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on: KioskBridge['on'];
}

const Ctx = createContext<ConsoleApi | null>(null);
export const ConsoleApiProvider = Ctx.Provider;

export function useConsoleApi(): ConsoleApi {
  const v = useContext(Ctx);
  if (!v) throw new Error('useConsoleApi outside the technician console');
  return v;
}

export function useLockingApi(kiosk: KioskBridge, onLocked: () => void): ConsoleApi {
  return useMemo(() => ({
    async call(name, input) {
      try {
        return await kiosk.call(name, input);
      } catch (err) {
        if (bridgeErrorCode(err) === 'technician-locked') onLocked();
        throw err;
      }
    },
    on: kiosk.on.bind(kiosk),
  }), [kiosk, onLocked]);
}

/** Codes whose host message says what exactly was wrong (a field, zod's report, a file's
 * problem): written by the host in English, so shown after the translated words, labelled as
 * the technical detail it is. */
const DETAILED = new Set(['invalid-input', 'settings-invalid', 'import-invalid', 'bundle-failed']);

/**
 * A failed call in words (see `bridgeErrorKey`): with a refused value's problems in the console's
 * language where the host carried them (zod's issues, worded by shared/messages/issues.ts), else
 * with the host's detail where it has one.
 */
export function errorText(t: TFunction<readonly ['console', 'codes']>, err: unknown): string {
  const code = bridgeErrorCode(err);
  const words = t(bridgeErrorKey(code));
  const issues = (err as { issues?: readonly BridgeIssue[] } | null)?.issues;
  if (DETAILED.has(code) && Array.isArray(issues) && issues.length > 0) {
    const lang = t('issuesLanguage') === 'en' ? 'en' : 'vi';
    return `${words} ${t('inputProblems', { problems: issuesText(issues, lang) })}`;
  }
  const detail = (err as { message?: unknown } | null)?.message;
  return DETAILED.has(code) && typeof detail === 'string' && detail.trim() !== ''
    ? `${words} ${t('technicalDetail', { detail: detail.trim() })}`
    : words;
}

/**
 * After a refused save, the keyboard goes to the first field the design system marked invalid
 * (its error is read out with it, through aria-describedby). Called before React renders the
 * errors, so it waits for that render.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  setTimeout(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}

/**
 * A settings form's save (General, Digitised documents): the patch checked against the shared
 * schema first (the fields it refuses marked invalid, the keyboard on the first of them), then
 * sent; the answer, or the host's refusal, kept as the form's result (`done` adds what the
 * success says).
 */
export function useSettingsSave<F extends string, R extends object = Record<never, never>>(fields: readonly F[]) {
  const api = useConsoleApi();
  const [invalid, setInvalid] = useState<ReadonlySet<F>>(new Set());
  const [result, setResult] = useState<({ ok: true } & R) | { ok: false; error: unknown } | null>(null);
  const save = async (form: HTMLFormElement, patch: SettingsPatch, done: (next: PublicSettings) => R): Promise<PublicSettings | null> => {
    const checked = SettingsPatch.safeParse(patch);
    if (!checked.success) {
      const { fieldErrors } = z.flattenError(checked.error);
      setInvalid(new Set(fields.filter((f) => (fieldErrors as Record<string, unknown>)[f] !== undefined)));
      setResult(null);
      focusFirstInvalid(form);
      return null;
    }
    setInvalid(new Set());
    try {
      const next = await api.call('settings.update', patch);
      setResult({ ok: true, ...done(next) });
      return next;
    } catch (error) {
      setResult({ ok: false, error });
      return null;
    }
  };
  return { invalid, result, save };
}

