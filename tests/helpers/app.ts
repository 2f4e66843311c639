/**
 * The whole app for end-to-end tests: the real gateway on loopback (PGlite, demo data), the
 * browser host enrolled with it, a socat pseudo-terminal scanner, and real Chromium on the page.
 *
 *   const app = await startApp({ role: 'kiosk' });
 *   await app.pty.write('000.00.01.H08-…\r\n');
 *   await app.page.locator(…)…
 *   await app.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startGateway, type TestGateway, DEMO_AGENCIES } from './gateway';
import { createPtyPair, type PtyPair } from './pty';
import { launchChromium } from './browser';
import { ensureBuilt } from './build';
import { launchBrowserHost, type BrowserHost } from '../../src/main/web-host/launch';

export interface StartAppOptions {
  role?: 'counter' | 'kiosk';
  /** Demo data in the gateway (default) or procedures and holidays only. */
  seed?: 'demo' | 'catalog';
  dossiersPerAgency?: number;
  /** Open the page (default true). */
  open?: boolean;
  viewport?: { width: number; height: number };
  /** Enroll the host with the gateway (default true). */
  enroll?: boolean;
}

export interface TestApp {
  gateway: TestGateway;
  host: BrowserHost;
  pty: PtyPair;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The demo agency the host is enrolled with. */
  agency: string;
  /** The page's URL, including the role's hash. */
  url: string;
  /** The host's data folder (settings, device credential): a restarted host can reuse it. */
  dataDir: string;
  close(): Promise<void>;
}

export async function startApp(opts: StartAppOptions = {}): Promise<TestApp> {
  ensureBuilt();
  const role = opts.role ?? 'counter';
  const gateway = await startGateway({ storage: 'pglite', seed: opts.seed ?? 'demo', dossiersPerAgency: opts.dossiersPerAgency ?? 20 });
  const pty = await createPtyPair();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-host-'));
  const host = await launchBrowserHost({
    gatewayUrl: gateway.url, dataDir,
    scanners: [{ id: 'scanner-1', path: pty.portPath, baudRate: 9600 } as never],
  });
  const agency = DEMO_AGENCIES[0]!.code;
  if (opts.enroll !== false) {
    const { code } = await gateway.createEnrollCode(agency, role === 'kiosk' ? 'Ki-ốt' : 'Quầy 1', role);
    await host.services.admin!.enroll(gateway.url, code, role, `e2e ${role}`);
  }
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1366, height: 768 } });
  const page = await context.newPage();
  const url = `${host.host.url}${role === 'kiosk' ? '#/kiosk' : '#/counter'}`;
  if (opts.open !== false) await page.goto(url);
  return {
    gateway, host, pty, browser, context, page, agency, url, dataDir,
    async close() {
      await browser.close().catch(() => {});
      await host.close().catch(() => {});
      await pty.close().catch(() => {});
      await gateway.close().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
