/**
 * The technician console on the shared screen harness (tests/helpers/render-screen): the host's
 * services as both hosts build them (scanner service, gateway client, settings store and
 * technician PIN in a temporary folder), the bridge dispatcher, the real scan stream and the
 * app's translations. What is the console's own: English, no database, a PIN set or not, and the
 * PIN gate passed as a technician would.
 */
import { fireEvent, waitFor } from '@testing-library/react';
import type { KioskDb } from '../../src/renderer/db/database';
import type { SyncEngine } from '../../src/renderer/sync/engine';
import { TechnicianConsole } from '../../src/renderer/technician/TechnicianConsole';
import { renderScreen, type Screen } from '../helpers/render-screen';
import type { CallHandlers } from '../helpers/test-bridge';

export const PIN = '284917';

export interface Console extends Screen {
  /** The host's technician state, as a bridge call sees it. */
  techStatus(): Promise<{ pinSet: boolean; unlocked: boolean }>;
  /** Bridge calls the console made, by name. */
  calls: string[];
}

export interface ConsoleOptions {
  pinSet?: boolean;
  sync?: SyncEngine | null;
  /** The offline database the storage health reads (default none; `close` closes it). */
  db?: KioskDb | null;
  lang?: 'vi' | 'en';
  /** Whatever the host should hold before the console opens (real host handlers). */
  prepare?: (host: Screen['host']) => Promise<void>;
  /** Calls answered by the test instead of the real host (the edge a host cannot be driven to). */
  calls?: CallHandlers;
}

export async function startConsole(opts: ConsoleOptions = {}): Promise<Console> {
  const s = await renderScreen(<TechnicianConsole />, {
    db: opts.db ?? null,
    sync: opts.sync ?? null,
    lang: opts.lang ?? 'en',
    ns: 'console',
    scanDevice: 'scanner-1',
    ...(opts.calls ? { calls: opts.calls } : {}),
    prepare: async ({ host }) => {
      await opts.prepare?.(host);
      if (!opts.pinSet) return;
      await host.handlers['technician.setPin']({ pin: PIN });
      await host.handlers['technician.lock']({});
    },
  });
  return { ...s, calls: s.bridge.calls, techStatus: async () => s.host.handlers['technician.status']({}) };
}

/** Waits until `check` holds (the console's texts and the host's answers arrive asynchronously). */
export async function until(check: () => boolean, timeout = 15_000): Promise<void> {
  await waitFor(() => { if (!check()) throw new Error('not yet'); }, { timeout });
}

/** A console with a PIN set, unlocked through the gate as a technician would. */
export async function openConsole(opts: Omit<ConsoleOptions, 'pinSet'> = {}): Promise<Console> {
  const c = await startConsole({ ...opts, pinSet: true });
  await until(() => c.view.queryByTestId('pin-input') !== null);
  fireEvent.change(c.view.getByTestId('pin-input'), { target: { value: PIN } });
  fireEvent.click(c.view.getByTestId('pin-submit'));
  await until(() => c.view.queryByTestId('general-save') !== null);
  return c;
}
