/**
 * What every console panel shares: bridge calls that send the console back to its PIN gate when the
 * host says the session ended (`technician-locked`: the host closes an idle console by itself), and
 * one way to turn a failure into words.
 */
import { createContext, useContext, useMemo } from 'react';
import type { TFunction } from 'i18next';
import type { CallInput, CallName, CallOutput, KioskBridge } from '../../shared/bridge/contract';

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
        if (errorCode(err) === 'technician-locked') onLocked();
        throw err;
      }
    },
    on: kiosk.on.bind(kiosk),
  }), [kiosk, onLocked]);
}

export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'host-error';
}

/** The console's own text for a code, else the settings service's, else the sync engine's. */
export function errorText(t: TFunction, err: unknown, values: Record<string, unknown> = {}): string {
  const code = errorCode(err);
  const detail = (err as { message?: unknown } | null)?.message;
  return t([`console:errors.${code}`, `technician:errors.${code}`, `sync:error.${code}`, 'console:errors.unknown'], {
    code, detail: typeof detail === 'string' ? detail : '', ...values,
  });
}
