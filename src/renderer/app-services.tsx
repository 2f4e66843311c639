/**
 * What every screen may use, provided once by the app shell: the host bridge, the scan stream,
 * the offline database, the sync engine and the translation instance. Screens take these from
 * `useAppServices()` instead of reaching for globals, so tests can render them with their own.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { i18n } from 'i18next';
import type { KioskBridge } from '../shared/bridge/contract';
import type { KioskDb } from './db/database';
import type { SyncEngine } from './sync/engine';
import type { ScanStream } from './scanners';

export type Role = 'counter' | 'kiosk';

export interface AppServices {
  kiosk: KioskBridge;
  scans: ScanStream;
  db: KioskDb;
  /** Null until the device is enrolled with a gateway. */
  sync: SyncEngine | null;
  i18n: i18n;
  role: Role;
  /** Server-corrected clock (epoch ms). */
  now: () => number;
}

const Ctx = createContext<AppServices | null>(null);

export function AppServicesProvider({ value, children }: { value: AppServices; children: ReactNode }) {
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useAppServices(): AppServices {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAppServices outside AppServicesProvider');
  return v;
}
