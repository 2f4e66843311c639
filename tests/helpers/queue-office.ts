/**
 * One office's queue for end-to-end tests: the real gateway (PGlite, demo data), a kiosk browser
 * host that is the office's queue host (LAN port on loopback, no mDNS) and a counter browser host
 * that is its member ("Quầy 1"), both enrolled; each host has its own socat pty scanner (the
 * citizen kiosk reads ticket QRs, the counter reads dossier codes and tickets); one Chromium.
 *
 *   const office = await startQueueOffice();
 *   const kiosk = await office.open(`${office.kioskHost.host.url}#/kiosk`, { width: 1280, height: 1024 });
 *   …
 *   await office.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_AGENCIES, startGateway, type TestGateway } from './gateway';
import { launchChromium } from './browser';
import { ensureBuilt } from './build';
import { createPtyPair, type PtyPair } from './pty';
import { launchBrowserHost, type BrowserHost } from '../../src/main/web-host/launch';

export const QUEUE_AGENCY = DEMO_AGENCIES[0]!.code;

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

export interface QueueOffice {
  gw: TestGateway;
  /** The queue host, enrolled as a kiosk; its scanner is `kioskPty`. */
  kioskHost: BrowserHost;
  kioskPty: PtyPair;
  /** The member, enrolled as a counter ("Quầy 1"); its scanner is `counterPty`. */
  counterHost: BrowserHost;
  counterPty: PtyPair;
  browser: Browser;
  /** A page of its own (own context) at `url`. */
  open(url: string, viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function startQueueOffice(opts: { dossiersPerAgency?: number } = {}): Promise<QueueOffice> {
  ensureBuilt();
  const dirs: string[] = [];
  const dir = (): string => { const d = mkdtempSync(path.join(tmpdir(), 'queue-e2e-')); dirs.push(d); return d; };
  const gw = await startGateway({ storage: 'pglite', seed: 'demo', dossiersPerAgency: opts.dossiersPerAgency ?? 5 });
  const lanPort = await freePort();
  const kioskPty = await createPtyPair();
  const kioskHost = await launchBrowserHost({
    gatewayUrl: gw.url, dataDir: dir(), scanners: [{ id: 'scanner-1', path: kioskPty.portPath, baudRate: 9600 } as never],
    queue: { mode: 'host', port: lanPort, listen: '127.0.0.1', mdns: false },
  });
  const k = await gw.createEnrollCode(QUEUE_AGENCY, 'Ki-ốt', 'kiosk');
  await kioskHost.services.admin!.enroll(gw.url, k.code, 'kiosk', 'e2e kiosk');
  const counterPty = await createPtyPair();
  const counterHost = await launchBrowserHost({
    gatewayUrl: gw.url, dataDir: dir(), scanners: [{ id: 'scanner-1', path: counterPty.portPath, baudRate: 9600 } as never],
    queue: { mode: 'member', peers: [`127.0.0.1:${lanPort}`], mdns: false, counter: 'Quầy 1' },
  });
  const c = await gw.createEnrollCode(QUEUE_AGENCY, 'Quầy 1', 'counter');
  await counterHost.services.admin!.enroll(gw.url, c.code, 'counter', 'e2e counter');
  const browser = await launchChromium();
  return {
    gw, kioskHost, kioskPty, counterHost, counterPty, browser,
    async open(url, viewport = { width: 1366, height: 768 }) {
      const p = await (await browser.newContext({ viewport })).newPage();
      await p.goto(url);
      return p;
    },
    async close() {
      await browser.close().catch(() => undefined);
      await counterHost.close().catch(() => undefined);
      await kioskHost.close().catch(() => undefined);
      await kioskPty.close().catch(() => undefined);
      await counterPty.close().catch(() => undefined);
      await gw.close().catch(() => undefined);
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}
