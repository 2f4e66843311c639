/**
 * The browser host as its own OS process, for crash tests (tests/helpers/host-process.ts starts
 * it): `node --import tsx tests/helpers/host-main.ts '<json config>'`. Prints one JSON line
 * `{"url","port","pid","screenUrl"}` on stdout once it serves (`screenUrl`: the page a host opens,
 * at the screen of the role in the settings), so a test can SIGKILL it and start it again on
 * the same data folder and port (the port is the page's origin, hence its IndexedDB).
 */
import { launchBrowserHost } from '../../src/main/web-host/launch';
import type { QueueConfigInput } from '../../src/shared/queue';

export interface HostMainConfig {
  dataDir: string;
  port?: number;
  gatewayUrl?: string | null;
  /** A serial scanner to open (a socat pty in tests). */
  scannerPath?: string | null;
  /** Enroll with the gateway at start (first launch only: the credential is kept in dataDir). */
  enroll?: { url: string; code: string; kind: 'counter' | 'kiosk'; deviceName: string } | null;
  /** The office queue's configuration (tests/queue). */
  queue?: QueueConfigInput;
  /** The profile of the Chromium the test runs beside (BrowserHostOptions.browserProfile). */
  browserProfile?: string | null;
  /** Crash points (src/main/services.ts HostOptions.failpoints). */
  failpoints?: { journalAppend?: 'kill-before' | 'kill-after' };
}

const cfg = JSON.parse(process.argv[2] ?? '{}') as HostMainConfig;
const host = await launchBrowserHost({
  port: cfg.port ?? 0,
  gatewayUrl: cfg.gatewayUrl ?? null,
  dataDir: cfg.dataDir,
  scanners: cfg.scannerPath ? [{ id: 'scanner-1', path: cfg.scannerPath, baudRate: 9600 } as never] : [],
  ...(cfg.queue ? { queue: cfg.queue } : {}),
  ...(cfg.failpoints ? { failpoints: cfg.failpoints } : {}),
  browserProfile: cfg.browserProfile ?? null,
});
if (cfg.enroll) await host.services.admin!.enroll(cfg.enroll.url, cfg.enroll.code, cfg.enroll.kind, cfg.enroll.deviceName);
process.stdout.write(`${JSON.stringify({ url: host.host.url, port: host.host.port, pid: process.pid, screenUrl: host.screenUrl })}\n`);

const stop = () => {
  void host.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// The test holds our stdin open: when it dies without stopping us, do not linger.
process.stdin.on('end', stop);
process.stdin.resume();
