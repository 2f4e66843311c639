/**
 * The kiosk settings the citizen screen depends on (the commune's fee account, the idle timeout),
 * read from the host (`settings.get`) and kept current (`settings.changed`), unless the app shell
 * passes them as props. If the host cannot answer, the safe defaults apply: 60 s, fees at the
 * counter.
 */
import { useEffect, useState } from 'react';
import type { KioskBridge } from '../../shared/bridge/contract';
import { DEFAULT_IDLE_MS } from './idle';
import type { FeeAccountInfo } from './view-model';

export interface CitizenSettings {
  idleTimeoutMs: number;
  feeAccount: FeeAccountInfo | null;
}

interface HostSettings {
  idleTimeoutSeconds: number;
  feeAccount: FeeAccountInfo | null;
}

const fromHost = (s: HostSettings): CitizenSettings => ({ idleTimeoutMs: s.idleTimeoutSeconds * 1000, feeAccount: s.feeAccount });

export function useCitizenSettings(kiosk: KioskBridge, given: Partial<CitizenSettings>): CitizenSettings {
  const [host, setHost] = useState<CitizenSettings | null>(null);
  const needed = given.idleTimeoutMs === undefined || given.feeAccount === undefined;

  useEffect(() => {
    if (!needed) return undefined;
    let live = true;
    kiosk.call('settings.get', {}).then((s) => { if (live) setHost(fromHost(s)); }, () => undefined);
    let off: () => void = () => undefined;
    try {
      off = kiosk.on('settings.changed', (s) => { if (live) setHost(fromHost(s)); });
    } catch {
      // A host without settings events: the first answer stays.
    }
    return () => {
      live = false;
      off();
    };
  }, [kiosk, needed]);

  return {
    idleTimeoutMs: given.idleTimeoutMs ?? host?.idleTimeoutMs ?? DEFAULT_IDLE_MS,
    feeAccount: given.feeAccount !== undefined ? given.feeAccount : (host?.feeAccount ?? null),
  };
}
