/** Starts the browser host with the project's built renderer: used by `npm start` and the e2e tests. */
import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SerialScannerConfig } from '../../shared/bridge/contract';
import { APP_VERSION } from '../../shared/version';
import { ROLE_HASH, startRole, type Role } from '../role';
import { createHostServices, type HostOptions, type HostServices } from '../services';
import { startWebHost, type WebHost } from './server';
import { chromiumOriginId, type BrowserStorageSource } from '../storage/broken-storage';
import { lockInstance, type InstanceLock } from '../instance-lock';
import type { QueueConfigInput } from '../../shared/queue';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const rendererDir = path.join(projectRoot, 'out/renderer');
export const pageBridgeFile = path.join(projectRoot, 'out/web-host/kiosk-bridge.js');

export interface BrowserHostOptions {
  port?: number;
  gatewayUrl?: string | null;
  scanners?: SerialScannerConfig[];
  version?: string;
  /** Host data (device credential); in memory when omitted. */
  dataDir?: string | null;
  /** A development override (`npm start -- --role`); without one, the role in the settings. */
  role?: Role | null;
  log?: (msg: string, data?: object) => void;
  /** The office queue's configuration for this start (tests); else the host's `queue.json`. */
  queue?: QueueConfigInput;
  /**
   * The profile folder (`--user-data-dir`) of the Chromium this host's page runs in, when the
   * launcher started that Chromium itself: a broken kiosk database is then copied from it. Unknown
   * (null) otherwise, and the host only records that the browser's copy could not be kept.
   */
  browserProfile?: string | null;
  /** Crash points of the durability tests (HostOptions.failpoints); the launcher never sets them. */
  failpoints?: HostOptions['failpoints'];
}

export interface BrowserHost {
  host: WebHost;
  services: HostServices;
  /** The role this start opens (read once: a new role applies at the next start). */
  role: Role;
  /** The page to open: the served app at the role's screen (`#/counter` or `#/kiosk`). */
  screenUrl: string;
  close(): Promise<void>;
}

export async function launchBrowserHost(opts: BrowserHostOptions = {}): Promise<BrowserHost> {
  if (!existsSync(path.join(rendererDir, 'index.html')) || !existsSync(pageBridgeFile)) {
    throw new Error('The renderer is not built: run `npm run build` first');
  }
  // One host per data folder (instance-lock.ts): a second one would write the same journal and settings.
  let lock: InstanceLock | null = null;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    lock = await lockInstance(opts.dataDir);
    if (!lock) throw new InstanceLockedError(opts.dataDir);
  }
  try {
    return await launchLocked(opts, lock);
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

/** Another host holds the data folder (its words in both languages: said before any screen). */
export class InstanceLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(`Một phiên kiosk khác đang dùng thư mục dữ liệu ${dataDir}: hãy đóng phiên đó trước. / Another kiosk host is using the data folder ${dataDir}: close it first.`);
    this.name = 'InstanceLockedError';
  }
}

async function launchLocked(opts: BrowserHostOptions, lock: InstanceLock | null): Promise<BrowserHost> {
  // The page's origin (hence its IndexedDB folder) is known once the host listens.
  let storage: BrowserStorageSource | null = null;
  const services = await createHostServices({
    name: 'mot-cua-kiosk',
    version: opts.version ?? APP_VERSION,
    gatewayUrl: opts.gatewayUrl ?? null,
    scanners: opts.scanners ?? [],
    dataDir: opts.dataDir ?? null,
    ...(opts.queue ? { queue: opts.queue } : {}),
    ...(opts.failpoints ? { failpoints: opts.failpoints } : {}),
    browserStorage: () => storage,
  });
  const host = await startWebHost({ services, rendererDir, pageBridgeFile, port: opts.port, log: opts.log });
  if (opts.browserProfile) {
    storage = { indexedDbDir: path.join(opts.browserProfile, 'Default', 'IndexedDB'), originId: chromiumOriginId(host.url) };
  }
  const role = await startRole(services, opts.role ?? null);
  return {
    host,
    services,
    role,
    screenUrl: `${host.url}${ROLE_HASH[role]}`,
    async close() {
      await host.close();
      await services.close();
      await lock?.release();
    },
  };
}
