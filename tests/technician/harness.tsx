/**
 * Renders the technician console over real parts: the host's services as both hosts build them
 * (scanner service, gateway client, settings store and technician PIN in a temporary folder), the
 * bridge dispatcher, the real scan stream and i18next with the console's namespaces. Only the
 * WebSocket between page and host is left out.
 */
import { render, act, fireEvent, waitFor, type RenderResult } from '@testing-library/react';
import i18next, { type i18n } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BridgeError, type KioskBridge, type EventName } from '../../src/shared/bridge/contract';
import { createDispatcher } from '../../src/main/bridge/dispatcher';
import { createHostServices, type HostServices } from '../../src/main/services';
import { AppServicesProvider, type AppServices } from '../../src/renderer/app-services';
import { createScanStream, type ScanStream } from '../../src/renderer/scanners/scan-stream';
import { ScanStreamContext } from '../../src/renderer/scanners/use-scans';
import type { SyncEngine } from '../../src/renderer/sync/engine';
import { TechnicianConsole } from '../../src/renderer/technician/TechnicianConsole';
import consoleText from '../../src/renderer/i18n/console';
import technician from '../../src/renderer/i18n/technician';
import scanners from '../../src/renderer/i18n/scanners';
import camera from '../../src/renderer/i18n/camera';
import sync from '../../src/renderer/i18n/sync';
import type { RawScan } from '../../src/shared/scan/raw-scan';

export const PIN = '284917';

const NAMESPACES = { console: consoleText, technician, scanners, camera, sync } as const;

export function makeI18n(lang: 'vi' | 'en' = 'en'): i18n {
  const inst = i18next.createInstance();
  const resources: Record<string, Record<string, object>> = { vi: {}, en: {} };
  for (const [ns, r] of Object.entries(NAMESPACES)) {
    resources.vi![ns] = r.vi;
    resources.en![ns] = r.en;
  }
  void inst.use(initReactI18next).init({
    lng: lang, fallbackLng: 'vi', ns: Object.keys(NAMESPACES), defaultNS: 'console', resources,
    interpolation: { escapeValue: false }, initAsync: false,
  });
  return inst;
}

export interface Console {
  host: HostServices;
  /** The host's technician state, as a bridge call sees it. */
  techStatus(): Promise<{ pinSet: boolean; unlocked: boolean }>;
  bridge: KioskBridge;
  stream: ScanStream;
  i18n: i18n;
  view: RenderResult;
  /** Bridge calls the console made, by name. */
  calls: string[];
  t(key: string, values?: Record<string, unknown>): string;
  scan(text: string, source?: RawScan['source'], device?: string): void;
  close(): Promise<void>;
}

export interface ConsoleOptions {
  pinSet?: boolean;
  sync?: SyncEngine | null;
  lang?: 'vi' | 'en';
}

export async function startConsole(opts: ConsoleOptions = {}): Promise<Console> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-tech-'));
  const host = await createHostServices({ name: 'test', version: '0.0.0', gatewayUrl: null, scanners: [], dataDir: dir });
  if (opts.pinSet) {
    await host.handlers['technician.setPin']({ pin: PIN });
    await host.handlers['technician.lock']({});
  }
  const dispatcher = createDispatcher(host.handlers, { authorise: host.authorise });
  const calls: string[] = [];
  const bridge: KioskBridge = {
    async call(name, input) {
      calls.push(name);
      const r = await dispatcher.dispatch(name, input);
      if (!r.ok) throw new BridgeError(r.error.code, r.error.message);
      return r.value as never;
    },
    on(event: EventName, handler) {
      return host.events.subscribe((name, payload) => { if (name === event) (handler as (p: unknown) => void)(payload); });
    },
  };
  const stream = createScanStream({ bridge, dedupeMs: 0 });
  const inst = makeI18n(opts.lang ?? 'en');
  const services: AppServices = {
    kiosk: bridge, scans: stream, db: null as never, sync: opts.sync ?? null, i18n: inst, role: 'counter', now: () => Date.now(),
  };
  const view = render(
    <I18nextProvider i18n={inst}>
      <AppServicesProvider value={services}>
        <ScanStreamContext.Provider value={stream}>
          <TechnicianConsole />
        </ScanStreamContext.Provider>
      </AppServicesProvider>
    </I18nextProvider>,
  );
  let at = Date.now();
  return {
    host, bridge,
    techStatus: async () => host.handlers['technician.status']({}), stream, i18n: inst, view, calls,
    t: (key, values) => inst.t(key, { ns: 'console', ...values }),
    scan(text, source = 'serial', device = 'scanner-1') {
      act(() => { stream.push({ source, device, text, at: (at += 1000) }); });
    },
    async close() {
      view.unmount();
      stream.dispose();
      await host.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until the console (past the PIN gate) is on screen. */
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
