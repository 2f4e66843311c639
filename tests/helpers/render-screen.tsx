/**
 * One way to put a screen on a test's DOM (happy-dom) with real parts: the host's own services
 * and bridge dispatcher (`createTestHost`, `createTestBridge`: the very handlers both hosts use;
 * only the WebSocket or IPC between page and host is left out), a KioskDb over fake-indexeddb,
 * the real scan stream, the app's own translations (`createI18n`) and the providers the app shell
 * puts around every screen.
 *
 *   const s = await renderScreen(<CounterApp />, { now: NOW, prepare: ({ db }) => seed(db!) });
 *   s.scan('000.17.22.H56-260305-0001');
 *   await until(() => screen.queryByTestId('dossier-view') !== null);
 *   await s.close();
 *
 * A screen harness (tests/counter, tests/citizen, tests/technician) adds only what is its own:
 * seed data, props, sign-in steps. Benchmarks that mount with their own root use
 * `createScreenParts` and `ScreenProviders`.
 */
import type { ReactElement, ReactNode } from 'react';
import { act, render, type RenderResult } from '@testing-library/react';
import type { i18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RawScan } from '../../src/shared/scan/raw-scan';
import { createHostServices, type HostOptions, type HostServices } from '../../src/main/services';
import { AppServicesProvider, type AppServices, type Role } from '../../src/renderer/app-services';
import { KioskDb } from '../../src/renderer/db/database';
import { createI18n, type Lang, type namespaces } from '../../src/renderer/i18n';
import { createScanStream, type ScanStream, type ScanStreamOptions } from '../../src/renderer/scanners/scan-stream';
import { ScanStreamContext } from '../../src/renderer/scanners/use-scans';
import type { SyncEngine } from '../../src/renderer/sync/engine';
import { bridgeOver, type CallHandlers, type TestBridge } from './test-bridge';

export type Namespace = keyof typeof namespaces;

let dbCount = 0;
/** A database name no other test in any worker uses. */
export const uniqueDbName = (prefix = 'screen'): string => `${prefix}-${process.pid}-${Date.now()}-${++dbCount}`;

/**
 * The host's services as both hosts build them, over a fresh data folder (settings, technician
 * PIN, logs, device secret) that `close()` removes. No gateway and no serial scanner unless given.
 */
export async function createTestHost(opts: Partial<Omit<HostOptions, 'dataDir'>> = {}): Promise<HostServices> {
  const dir = await mkdtemp(join(tmpdir(), 'kiosk-test-host-'));
  const host = await createHostServices({ name: 'test', version: '0.0.0', gatewayUrl: null, scanners: [], ...opts, dataDir: dir });
  const close = host.close.bind(host);
  let closing: Promise<void> | null = null;
  return {
    ...host,
    close: () => (closing ??= close().finally(() => rm(dir, { recursive: true, force: true }))),
  };
}

/**
 * The one untyped lookup of the tests: `t` here takes any key, since a test names the text it
 * expects on screen (a wrong key fails the assertion, not the build); the app's own `t` calls are
 * typed (src/renderer/i18n/i18next.d.ts).
 */
function lookup(inst: i18n, key: string, options: Record<string, unknown>): string {
  return (inst.t as (key: string, options: Record<string, unknown>) => string)(key, options);
}

/** A translator for one namespace on its own i18n instance (for expected texts in assertions). */
export function translator(ns: Namespace, lang: Lang = 'vi'): (key: string, values?: Record<string, unknown>) => string {
  const inst = createI18n(lang);
  return (key, values = {}) => lookup(inst, key, { ns, ...values });
}

export interface ScreenOptions {
  /** The host behind the bridge: the caller's (left open by `close`), or a fresh `createTestHost()`. */
  host?: HostServices;
  /** Calls answered by the test instead of the host (typed like the host's handlers). */
  calls?: CallHandlers;
  /** The offline database: a fresh KioskDb over fake-indexeddb by default, the caller's, or null
   * for a screen that has none. Whichever it is, `close` closes it. */
  db?: KioskDb | null;
  /** Runs once host, bridge and database exist, before the first render: seed data, set a PIN… */
  prepare?(parts: { host: HostServices; bridge: TestBridge; db: KioskDb | null }): Promise<unknown> | unknown;
  /** Language of the app's i18n instance (default Vietnamese, as the app starts). */
  lang?: Lang;
  /** Namespace `t` looks keys up in (default the app's default namespace). */
  ns?: Namespace;
  role?: Role;
  /** A clock for the services that moves only when the test sets `clock.now`; the real time by default. */
  now?: number;
  sync?: SyncEngine | null;
  /** Services over the ones made here: a replacement, or one the app shell gained since. */
  services?: Partial<AppServices>;
  /** Scan stream options; `{}` for the renderer's own. Default: no de-duplication, so a test may
   * scan one code twice. */
  scanStream?: Omit<ScanStreamOptions, 'bridge'>;
  /** Device named on the scans `scan` pushes (default 'serial-1'). */
  scanDevice?: string;
}

/** Everything a screen is rendered with, before anything is rendered. */
export interface ScreenParts {
  host: HostServices;
  bridge: TestBridge;
  /** Null when rendered with `db: null`. */
  db: KioskDb | null;
  stream: ScanStream;
  i18n: i18n;
  services: AppServices;
  /** The services' clock: set `now` to move it (only when the options gave `now`). */
  clock: { now: number };
  /** Disposes the stream, closes the database and a host made here. */
  dispose(): Promise<void>;
}

export async function createScreenParts(opts: ScreenOptions = {}): Promise<ScreenParts> {
  let db: KioskDb | null = null;
  if (opts.db === undefined) {
    db = new KioskDb(uniqueDbName());
    await db.open();
  } else {
    db = opts.db;
  }
  const host = opts.host ?? await createTestHost();
  const bridge = bridgeOver(host, opts.calls);
  const release = async () => {
    db?.close();
    if (!opts.host) await host.close();
  };
  try {
    await opts.prepare?.({ host, bridge, db });
  } catch (err) {
    await release();
    throw err;
  }
  const stream = createScanStream({ ...(opts.scanStream ?? { dedupeMs: 0 }), bridge });
  const fixed = opts.now;
  const clock = fixed === undefined ? { get now() { return Date.now(); } } as { now: number } : { now: fixed };
  const services: AppServices = {
    kiosk: bridge, scans: stream, db: db ?? (null as never), sync: opts.sync ?? null, i18n: createI18n(opts.lang ?? 'vi'),
    role: opts.role ?? 'counter', now: () => clock.now,
    ...opts.services,
  };
  return {
    host, bridge, db, stream: services.scans, i18n: services.i18n, services, clock,
    async dispose() {
      stream.dispose();
      await release();
    },
  };
}

/** The providers the app shell (App.tsx) puts around every screen. */
export function ScreenProviders({ services, children }: { services: AppServices; children?: ReactNode }) {
  return (
    <I18nextProvider i18n={services.i18n}>
      <ScanStreamContext.Provider value={services.scans}>
        <AppServicesProvider value={services}>{children}</AppServicesProvider>
      </ScanStreamContext.Provider>
    </I18nextProvider>
  );
}

export interface Screen extends ScreenParts {
  view: RenderResult;
  /** A text of the app's translations, in the instance's current language (`ns` by default). */
  t(key: string, values?: Record<string, unknown>): string;
  /** A scan as a serial scanner delivers it, one second after the previous one. */
  scan(text: string, source?: RawScan['source'], device?: string): void;
  /** Unmounts, then `dispose`. */
  close(): Promise<void>;
}

export async function renderScreen(ui: ReactElement, opts: ScreenOptions = {}): Promise<Screen> {
  const parts = await createScreenParts(opts);
  const view = render(<ScreenProviders services={parts.services}>{ui}</ScreenProviders>);
  let at = opts.now ?? Date.now();
  return {
    ...parts,
    view,
    t: (key, values) => lookup(parts.i18n, key, { ...(opts.ns ? { ns: opts.ns } : {}), ...values }),
    scan(text, source = 'serial', device = opts.scanDevice ?? 'serial-1') {
      act(() => { parts.stream.push({ source, device, text, at: (at += 1000) }); });
    },
    async close() {
      view.unmount();
      // Answers still on their way (a storage estimate, a bundle being written) land now, while
      // the DOM still exists, not after the test environment is torn down.
      await parts.bridge.settled();
      await parts.dispose();
    },
  };
}

/** Lets IndexedDB and promises run (fake-indexeddb schedules with setImmediate, which the idle
 * tests leave real) until `check` holds. Bounded by real time (process.hrtime, which fake timers
 * leave alone), not by a count of turns: on a loaded machine WebCrypto's PBKDF2 and IndexedDB
 * take many more turns than on an idle one. */
export async function until(check: () => boolean, maxMs = 15_000): Promise<void> {
  const deadline = process.hrtime.bigint() + BigInt(maxMs) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    if (check()) return;
    await act(async () => { await new Promise((r) => setImmediate(r)); });
  }
  if (check()) return;
  throw new Error('condition not reached');
}
