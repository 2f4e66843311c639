/**
 * Bridge handlers for the settings, technician and support services, keyed by the call names of
 * src/shared/settings/bridge.ts. Reading the public settings is open (every screen needs the role,
 * language and idle timeout); changing them, exporting, importing and building a support bundle
 * need an unlocked technician console.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { settingsBridgeCalls } from '../../shared/settings';
import { createSupportBundle } from '../support/bundle';
import { fileStamp } from './load';
import type { SettingsStore } from './store';
import type { TechnicianAuth } from './technician-auth';

type Calls = typeof settingsBridgeCalls;
export type SettingsHandlers = {
  [N in keyof Calls]: (input: z.output<Calls[N]['input']>) => Promise<z.input<Calls[N]['output']>> | z.input<Calls[N]['output']>;
};

export interface SettingsHandlerDeps {
  store: SettingsStore;
  auth: TechnicianAuth;
  logsDir: string;
  /** Where support bundles are written (e.g. `<data folder>/support`). */
  bundleDir: string;
  versions: () => Record<string, string>;
  scannerDiagnostics: () => unknown;
  health?: () => unknown;
  now?: () => number;
}

export function createSettingsHandlers(d: SettingsHandlerDeps): SettingsHandlers {
  const now = d.now ?? Date.now;
  const guard = () => d.auth.requireUnlocked();
  return {
    'settings.get': () => d.store.getPublic(),
    'settings.update': (patch) => { guard(); return d.store.update(patch); },
    'settings.export': () => { guard(); return { json: d.store.export() }; },
    'settings.import': ({ json }) => { guard(); return d.store.import(json); },
    'settings.alerts': () => { guard(); return d.store.alerts(); },
    'settings.dismissAlerts': async () => { guard(); await d.store.dismissAlerts(); return d.store.alerts(); },
    'technician.status': () => d.auth.status(),
    'technician.unlock': ({ pin }) => d.auth.unlock(pin),
    'technician.setPin': ({ pin, currentPin }) => d.auth.setPin(pin, currentPin),
    'technician.lock': () => { d.auth.lock(); return d.auth.status(); },
    'support.bundle': async () => {
      guard();
      await mkdir(d.bundleDir, { recursive: true });
      return createSupportBundle({
        logsDir: d.logsDir,
        settings: d.store.get(),
        alerts: d.store.alerts(),
        versions: d.versions(),
        scannerDiagnostics: d.scannerDiagnostics(),
        health: d.health?.() ?? null,
        outFile: join(d.bundleDir, `support-${fileStamp(now())}.json.gz`),
        now,
      });
    },
  };
}
