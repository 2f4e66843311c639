/**
 * The host's services, independent of which host carries them (Electron or the browser host).
 * Each bridge call maps to one service method; services push events through the EventHub.
 */
import type { SerialScannerConfig } from '../shared/bridge/contract';
import { ScannerService } from './scanners';
import { EventHub, type Handlers } from './bridge/dispatcher';

export interface HostOptions {
  name: string;
  version: string;
  gatewayUrl: string | null;
  /** Serial scanners to open at start (from settings, flags or the environment). */
  scanners: SerialScannerConfig[];
  scannerService?: ScannerService;
}

export interface HostServices {
  handlers: Handlers;
  events: EventHub;
  close(): Promise<void>;
}

export async function createHostServices(opts: HostOptions): Promise<HostServices> {
  const events = new EventHub();
  const scanners = opts.scannerService ?? new ScannerService();
  const unsubscribe = [
    scanners.on('scan', (e) => events.emit('scan', e)),
    scanners.on('status', (s) => events.emit('scanner.status', s)),
    scanners.on('error', (e) => events.emit('scanner.error', e)),
    scanners.on('raw', (e) => events.emit('scanner.raw', e)),
  ];
  await scanners.configure(opts.scanners);

  const handlers: Handlers = {
    'app.info': () => ({ name: opts.name, version: opts.version, gatewayUrl: opts.gatewayUrl }),
    'scanner.listPorts': () => scanners.listPorts(),
    'scanner.getConfig': () => scanners.getConfig(),
    'scanner.setConfig': ({ scanners: configs }) => scanners.configure(configs),
    'scanner.status': () => scanners.status(),
  };

  return {
    handlers,
    events,
    async close() {
      for (const u of unsubscribe) u();
      await scanners.close();
    },
  };
}
