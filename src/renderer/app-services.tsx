/**
 * What every screen may use, provided once by the app shell: the host bridge, the scan stream,
 * the offline database, the sync engine, the translation instance and the kiosk's settings.
 * Screens take these from `useAppServices()` / `useSettings()` instead of reaching for globals, so
 * tests can render them with their own.
 *
 * The provider also applies a new `language` setting to the translation instance as soon as the
 * host reports it (the boot code created that instance in the language the settings had then).
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { i18n } from 'i18next';
import type { KioskBridge } from '../shared/bridge/contract';
import type { PublicSettings } from '../shared/settings/schema';
import type { KioskDb } from './db/database';
import type { SyncEngine } from './sync/engine';
import type { ScanStream } from './scanners';
import { createSettingsSource, type SettingsSource } from './settings';
import { applyTheme } from './ui/theme';

export type Role = 'counter' | 'kiosk';

export interface AppServices {
  kiosk: KioskBridge;
  scans: ScanStream;
  db: KioskDb;
  /** Null until the device is enrolled with a gateway. */
  sync: SyncEngine | null;
  i18n: i18n;
  /** The configured role (settings `role`), unless the URL hash names a role's screen. */
  role: Role;
  /** Server-corrected clock (epoch ms). */
  now: () => number;
  /** The kiosk's settings, followed live. The boot code passes the one it read at start; when
   * absent, the provider reads them through `kiosk` itself. */
  settings?: SettingsSource;
}

export type ProvidedServices = AppServices & { settings: SettingsSource };

const Ctx = createContext<ProvidedServices | null>(null);

export function AppServicesProvider({ value, children }: { value: AppServices; children: ReactNode }) {
  const [own] = useState(() => (value.settings ? null : createSettingsSource(value.kiosk)));
  const settings = value.settings ?? own!;
  useEffect(() => {
    if (!own) return undefined;
    void own.start();
    return () => own.stop();
  }, [own]);

  const { i18n: inst } = value;
  useEffect(() => settings.subscribe((next, prev) => {
    // A change of the setting, not the first answer: the instance was created in the boot language,
    // and a screen may have switched it for a while (a citizen's toggle), which the first answer
    // must not undo.
    if (prev !== null && next.language !== prev.language && inst.language !== next.language) void inst.changeLanguage(next.language);
  }), [settings, inst]);

  // The screens' theme follows the setting at once (tokens.css switches on the root's data-theme).
  useEffect(() => {
    applyTheme(settings.get().theme);
    return settings.subscribe((next) => applyTheme(next.theme));
  }, [settings]);

  const provided = useMemo(() => ({ ...value, settings }), [value, settings]);
  return <Ctx.Provider value={provided}>{children}</Ctx.Provider>;
}

/** The services when a provider is there (a screen also rendered on its own, like the citizen display, in tests); else null. */
export function useAppServicesOrNull(): ProvidedServices | null {
  return useContext(Ctx);
}

export function useAppServices(): ProvidedServices {
  const v = useContext(Ctx);
  if (!v) throw new Error('useAppServices outside AppServicesProvider');
  return v;
}

/** The kiosk's public settings, re-rendering when the host reports a change. */
export function useSettings(): PublicSettings {
  const { settings } = useAppServices();
  const subscribe = useCallback((cb: () => void) => settings.subscribe(cb), [settings]);
  return useSyncExternalStore(subscribe, settings.get);
}

/** The settings when rendered inside the app's services, null elsewhere (a component under test alone). */
export function useOptionalSettings(): PublicSettings | null {
  const settings = useContext(Ctx)?.settings ?? null;
  const subscribe = useCallback((cb: () => void) => (settings ? settings.subscribe(cb) : () => undefined), [settings]);
  return useSyncExternalStore(subscribe, () => (settings ? settings.get() : null));
}
