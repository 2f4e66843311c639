/**
 * Bridge handlers for the settings, technician and support services, keyed by the call names of
 * src/shared/settings/bridge.ts. Which calls need an unlocked technician console is declared there
 * (`requires: 'technician'`) and enforced by the host's dispatcher before a handler runs.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { settingsBridgeCalls } from '../../shared/settings';
import { queueOfficeSettings, type QueueConfig } from '../../shared/queue';
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
  /** The office queue's configuration: its shared part travels in a settings export. */
  queue?: { config(): QueueConfig; configure(next: QueueConfig): Promise<QueueConfig> };
  now?: () => number;
}

export function createSettingsHandlers(d: SettingsHandlerDeps): SettingsHandlers {
  const now = d.now ?? Date.now;
  return {
    'settings.get': () => d.store.getPublic(),
    'settings.update': (patch) => d.store.update(patch),
    'settings.export': () => ({ json: d.store.export(d.queue ? { queue: queueOfficeSettings(d.queue.config()) } : {}) }),
    'settings.import': ({ json }) => {
      const queue = d.queue;
      return d.store.import(json, queue && (async (office) => { await queue.configure({ ...queue.config(), ...office }); }));
    },
    'settings.alerts': () => d.store.alerts(),
    'settings.dismissAlerts': async () => { await d.store.dismissAlerts(); return d.store.alerts(); },
    'technician.status': () => d.auth.status(),
    'technician.unlock': ({ pin }) => d.auth.unlock(pin),
    'technician.setPin': ({ pin, currentPin }) => d.auth.setPin(pin, currentPin),
    'technician.lock': () => { d.auth.lock(); return d.auth.status(); },
    'support.bundle': async () => {
      await mkdir(d.bundleDir, { recursive: true });
      return createSupportBundle({
        logsDir: d.logsDir,
        settings: d.store.get(),
        alerts: d.store.alerts(),
        versions: d.versions(),
        scannerDiagnostics: d.scannerDiagnostics(),
        health: (await d.health?.()) ?? null,
        outFile: join(d.bundleDir, `support-${fileStamp(now())}.json.gz`),
        now,
      });
    },
  };
}
