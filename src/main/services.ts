/**
 * The host's services, independent of which host carries them (Electron or the browser host).
 * Each bridge call maps to one service method; services push events through the EventHub.
 */
import { mkdtempSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { BridgeError } from '../shared/bridge/contract';
import { atomicWriteFile } from './settings/atomic-file';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SerialScannerConfig } from '../shared/bridge/contract';
import { publicSettings } from '../shared/settings';
import { ScannerService } from './scanners';
import { EventHub, type Authoriser, type CallContext, type Handlers } from './bridge/dispatcher';
import { ScanFolderWatcher } from './scan-folder/watcher';
import { GatewayClient } from './gateway-client/client';
import type { CredentialStore } from './gateway-client/credentials';
import { SettingsStore, TechnicianAuth, createSettingsHandlers } from './settings';
import { chooseSecretStore, KeySealer, SecretCredentialStore, type SafeStorageLike } from './secrets';
import { createFileLogger, type Logger } from './logging';
import { Journal } from './journal';
import { BrokenStorageKeeper, type BrowserStorageSource } from './storage/broken-storage';
import { startQueue } from './queue';
import { QueueAction, QueueConfig, QueueError, type QueueConfigInput } from '../shared/queue';

export interface HostOptions {
  name: string;
  version: string;
  gatewayUrl: string | null;
  /** Serial scanners to open at start; when empty, those saved in the settings. */
  scanners: SerialScannerConfig[];
  scannerService?: ScannerService;
  /** The scanner's folder to watch instead of the settings' `scanFolder` (tests, the launcher). */
  scanFolder?: string | null;
  /** Where the host keeps its files (settings, logs, device secret); a fresh temporary folder when null (tests). */
  dataDir: string | null;
  /** Electron's safeStorage (OS-protected secrets); the browser host has none. */
  safeStorage?: SafeStorageLike | null;
  credentialStore?: CredentialStore;
  /** Mirror logs to stderr (development). */
  mirrorLogs?: boolean;
  /** The office queue's configuration for this start (launcher, tests); else `queue.json`. */
  queue?: QueueConfigInput;
  /** The queue's clock (tests: a device whose clock is off). */
  queueClock?: () => number;
  /**
   * Crash points for the durability tests (docs/RELIABILITY.md item 9): the host SIGKILLs itself
   * just before the journal append (the action is committed in IndexedDB only) or just after it
   * (on disk, not yet answered). Only the test launcher sets it; no setting or variable reaches it.
   */
  failpoints?: { journalAppend?: 'kill-before' | 'kill-after' };
  /**
   * Where the browser keeps the app's IndexedDB (Electron: its userData; the browser host: the
   * profile of the Chromium it launched), read when broken storage is kept; null when unknown.
   */
  browserStorage?: () => BrowserStorageSource | null;
}

export interface HostServices {
  handlers: Handlers;
  /** Grants what the contract says a call requires (`requires`): hosts hand it to their dispatcher. */
  authorise: Authoriser;
  events: EventHub;
  logger?: Logger;
  /** For the launcher only (demo auto-enrollment, tests): never reachable from a page. */
  admin?: { enroll(url: string, code: string, kind: 'counter' | 'kiosk', deviceName: string): Promise<unknown> };
  close(): Promise<void>;
}

/** A failpoint's crash: the process dies at once, as with a power cut (no handler, no flush). */
function crashNow(logger: Logger, where: string): never {
  logger.warn('failpoint: SIGKILL', { where });
  process.kill(process.pid, 'SIGKILL');
  // SIGKILL is not delivered synchronously on every platform: never go on past the point.
  throw new Error('killed at a failpoint');
}

export async function createHostServices(opts: HostOptions): Promise<HostServices> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'kiosk-host-'));
  const { logger } = createFileLogger({ dir: path.join(dataDir, 'logs'), mirror: opts.mirrorLogs });
  const log = logger.fn;
  const events = new EventHub();
  const settings = await SettingsStore.open(dataDir, { log });
  const auth = await TechnicianAuth.open(settings, { log });

  const scanners = opts.scannerService ?? new ScannerService();
  const unsubscribe = [
    scanners.on('scan', (e) => events.emit('scan', e)),
    scanners.on('status', (s) => events.emit('scanner.status', s)),
    scanners.on('error', (e) => events.emit('scanner.error', e)),
    scanners.on('raw', (e) => events.emit('scanner.raw', e)),
    settings.onChange((next) => events.emit('settings.changed', publicSettings(next))),
  ];
  await scanners.configure(opts.scanners.length > 0 ? opts.scanners : settings.get().serialScanners);
  // The scanner's folder (settings `scanFolder`, or the launcher's option), followed live.
  const scanFolder = new ScanFolderWatcher({ onFile: (f) => events.emit('scanFolder.file', f), log });
  await scanFolder.configure(opts.scanFolder ?? settings.get().scanFolder);
  unsubscribe.push(settings.onChange((next) => void scanFolder.configure(opts.scanFolder ?? next.scanFolder)));

  const secrets = chooseSecretStore(dataDir, opts.safeStorage ?? null, log);
  const store = opts.credentialStore ?? new SecretCredentialStore(secrets);
  // Officers' signing keys, sealed for the renderer's store (never logged).
  const sealer = new KeySealer(secrets);
  const gateway = new GatewayClient({ store, appVersion: opts.version });
  // The second durable copy of confirmed actions (docs/ARCHITECTURE.md, "Host-side journal").
  const journal = new Journal({ dir: path.join(dataDir, 'journal'), secrets, log });
  // Closing waits for it: it may still be creating the journal's directory or files.
  const pruned = journal.prune().then(() => undefined, (err: unknown) => logger.warn('journal not readable at start', { error: err instanceof Error ? err.message : String(err) }));

  // A kiosk database that does not open is kept for support before the renderer replaces it.
  const broken = new BrokenStorageKeeper({
    dataDir, source: opts.browserStorage ?? (() => null),
    log: (level, msg, data) => logger[level](msg, data),
  });

  // The office queue (docs/ARCHITECTURE.md, "The office queue").
  const queue = await startQueue({
    dataDir, override: opts.queue, gateway, secrets, log, ...(opts.queueClock ? { now: opts.queueClock } : {}),
    emit: (snapshot) => events.emit('queue.state', snapshot),
  });

  const settingsHandlers = createSettingsHandlers({
    store: settings, auth,
    logsDir: path.join(dataDir, 'logs'),
    bundleDir: path.join(dataDir, 'support'),
    versions: () => ({ app: opts.version, node: process.version, ...(process.versions.electron ? { electron: process.versions.electron } : {}) }),
    scannerDiagnostics: () => ({ config: scanners.getConfig(), status: scanners.status() }),
    // Broken storage kept: listed (names, sizes), never included (it holds personal data).
    health: async () => ({ brokenStorage: await broken.list() }),
    queue,
  });

  /** Prints the calling window on the configured printer without a dialog (Electron). The printer
   * is read at each print: one set in the console applies to the next receipt or ticket. */
  const printSilently = async (ctx: CallContext | undefined, what: Record<string, unknown>): Promise<string> => {
    const printer = settings.get().printerName;
    if (printer === null) throw new BridgeError('no-printer', 'No printer is set: the print dialog chooses one');
    if (!ctx?.print) throw new BridgeError('unsupported', 'This host cannot choose a printer: the print dialog chooses one');
    try {
      await ctx.print(printer);
    } catch (err) {
      logger.warn('not printed', { ...what, printer, error: err instanceof Error ? err.message : String(err) });
      throw new BridgeError('print-failed', err instanceof Error ? err.message : String(err));
    }
    return printer;
  };

  const handlers: Handlers = {
    'app.info': () => ({ name: opts.name, version: opts.version, gatewayUrl: opts.gatewayUrl }),
    'scanner.listPorts': () => scanners.listPorts(),
    'scanner.getConfig': () => scanners.getConfig(),
    'scanner.setConfig': async ({ scanners: configs }) => {
      const status = await scanners.configure(configs);
      await settings.update({ serialScanners: scanners.getConfig() });
      return status;
    },
    'scanner.status': () => scanners.status(),
    'gateway.request': (req) => gateway.request(req),
    'gateway.enroll': (input) => gateway.enroll(input),
    'gateway.status': () => gateway.status(),
    'gateway.forget': async () => { await gateway.forget(); return { ok: true as const }; },
    'print.receipt': async ({ code, form = '01' }, ctx) => {
      const printer = await printSilently(ctx, { code, form });
      logger.info('form printed', { code, form, printer });
      return { printer };
    },
    'print.ticket': async ({ label, size }, ctx) => {
      const printer = await printSilently(ctx, { ticket: label, size });
      logger.info('queue ticket printed', { label, size, printer });
      return { printer };
    },
    'keys.seal': async ({ data }) => ({ sealed: await sealer.seal(Buffer.from(data, 'base64')) }),
    'keys.open': async ({ sealed }) => ({ data: (await sealer.open(sealed)).toString('base64') }),
    'print.receiptPdf': async ({ code, form = '01' }, ctx) => {
      if (!ctx?.printToPdf) throw new BridgeError('unsupported', 'Saving a PDF is done by the print dialog in this host');
      // The receipt keeps its folder and name (support staff know them); the other forms beside it.
      const dir = path.join(dataDir, form === '01' ? 'receipts' : 'forms');
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, form === '01' ? `${code}.pdf` : `${code}-mau-${form}.pdf`);
      await atomicWriteFile(file, await ctx.printToPdf());
      logger.info('form saved as PDF', { code, form });
      return { path: file };
    },
    'journal.append': async ({ mutations }) => {
      if (opts.failpoints?.journalAppend === 'kill-before') crashNow(logger, 'journal.append: before the append');
      const r = await journal.append(mutations);
      if (opts.failpoints?.journalAppend === 'kill-after') crashNow(logger, 'journal.append: after the append, before the answer');
      return r;
    },
    'journal.pending': async () => ({ mutations: await journal.pending() }),
    'journal.ack': ({ ids }) => journal.ack(ids),
    'journal.stats': () => journal.stats(),
    'storage.marker': (update) => journal.marker(update),
    'storage.keepBroken': (input) => broken.keepBroken(input),
    'storage.broken': async () => ({ kept: await broken.list() }),
    'storage.check': () => broken.check(),
    'queue.status': () => queue.service().snapshot(),
    'queue.act': (action) => queue.service().act(QueueAction.parse(action)).catch((err: unknown) => {
      if (err instanceof QueueError) throw new BridgeError(err.code, err.message);
      throw err;
    }),
    'queue.config': () => queue.config(),
    'queue.configure': (next) => queue.configure(QueueConfig.parse(next)),
    'queue.forgetBackup': async () => { await queue.service().forgetBackup(); return { ok: true as const }; },
    'scanFolder.list': async () => ({ folder: scanFolder.folder, files: scanFolder.list() }),
    'scanFolder.read': async ({ name, offset, length }) => ({ bytes64: Buffer.from(await scanFolder.read(name, offset, length)).toString('base64') }),
    'scanFolder.done': async ({ name }) => {
      await scanFolder.done(name);
      return { ok: true as const };
    },
    ...settingsHandlers,
  } as Handlers;

  // The one place where a call's `requires` is granted: an unlocked technician console (each
  // granted call extends its session). Handlers never check it themselves.
  const authorise: Authoriser = (requirement) => {
    switch (requirement) {
      case 'technician': auth.requireUnlocked(); return;
      default: throw new BridgeError('forbidden', `Unknown requirement ${String(requirement satisfies never)}`);
    }
  };

  return {
    handlers,
    authorise,
    events,
    logger,
    admin: { enroll: (url, code, kind, deviceName) => gateway.enroll({ url, code, kind, deviceName }) },
    async close() {
      for (const u of unsubscribe) u();
      await queue.close();
      scanFolder.close();
      await scanners.close();
      await pruned;
      await journal.close();
      await settings.flush();
    },
  };
}
