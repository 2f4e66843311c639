/**
 * Processes a crash test can SIGKILL: the browser host (tests/helpers/host-main.ts under
 * `node --import tsx`) and Chromium on a persistent profile, each started as a child of the test
 * in its own process group, so a kill takes the whole group (Chromium's renderer, GPU and storage
 * helpers included) and nothing else.
 *
 *   const host = await startHostProcess({ dataDir, gatewayUrl, scannerPath, enroll });
 *   const chrome = await launchChromiumProcess(profileDir);
 *   const page = await chrome.newPage(host.url + '#/counter');
 *   await chrome.kill(); await host.kill();            // SIGKILL, then wait for the exit
 *   host = await startHostProcess({ dataDir, port: host.port, … });   // same origin, same IndexedDB
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumExecutable } from './browser';
import { ensureBuilt } from './build';
import { startFaultProxy, type FaultProxy } from '../../src/cli/fault-proxy';
import { DEMO_AGENCIES, startGateway, type TestGateway } from './gateway';
import type { HostMainConfig } from './host-main';
import { createPtyPair, type PtyPair } from './pty';

export interface OwnedProcess {
  readonly pid: number;
  /** SIGKILL to the process group, resolved once the leader has exited. */
  kill(): Promise<void>;
  /** A clean stop (SIGTERM, SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

export interface HostProcess extends OwnedProcess {
  url: string;
  port: number;
  /** The page a host opens: `url` at the screen of the role in the host's settings. */
  screenUrl: string;
  /** Resolves when the process has exited, however (a failpoint's SIGKILL of itself). */
  exited: Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Process groups still alive: killed when the test process exits, however the test ended. */
const live = new Set<number>();
process.once('exit', () => {
  for (const pid of live) {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
  }
});

function owned(child: ChildProcess): OwnedProcess {
  const pid = child.pid!;
  live.add(pid);
  child.once('exit', () => live.delete(pid));
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* the group is already gone */
    }
  };
  return {
    pid,
    async kill() {
      signal('SIGKILL');
      await exited(child);
    },
    async stop(graceMs = 5000) {
      signal('SIGTERM');
      const t = setTimeout(() => signal('SIGKILL'), graceMs);
      await exited(child);
      clearTimeout(t);
      // Helpers of the group may outlive the leader by a moment.
      signal('SIGKILL');
    },
  };
}

/** Reads `child`'s stream until `pattern` matches; rejects on exit or after `timeoutMs`. */
function waitForLine(child: ChildProcess, stream: NodeJS.ReadableStream, pattern: RegExp, what: string, timeoutMs: number): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const done = (err: Error | null, m?: RegExpExecArray) => {
      clearTimeout(timer);
      stream.off('data', onData);
      child.off('exit', onExit);
      // Keep draining: a full pipe would block the child.
      stream.resume();
      if (err) reject(err);
      else resolve(m!);
    };
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-64_000);
      const m = pattern.exec(seen);
      if (m) done(null, m);
    };
    const onExit = (code: number | null, sig: string | null) => done(new Error(`${what} exited (${code ?? sig}) before it was ready:\n${seen.slice(-2000)}`));
    const timer = setTimeout(() => done(new Error(`${what} not ready after ${timeoutMs} ms:\n${seen.slice(-2000)}`)), timeoutMs);
    stream.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Starts the browser host as a separate process; resolves when it serves. */
export async function startHostProcess(cfg: HostMainConfig, opts: { timeoutMs?: number } = {}): Promise<HostProcess> {
  const script = path.join(process.cwd(), 'tests/helpers/host-main.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(cfg)], {
    // stdin is a pipe only so the host notices when this process dies (see host-main.ts).
    cwd: process.cwd(), detached: true, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-8000); });
  try {
    const m = await waitForLine(child, child.stdout!, /^(\{.*"url".*\})$/m, 'browser host', opts.timeoutMs ?? 30_000);
    const info = JSON.parse(m[1]!) as { url: string; port: number; screenUrl: string };
    return { ...owned(child), url: info.url, port: info.port, screenUrl: info.screenUrl, exited: exited(child) };
  } catch (err) {
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
    throw new Error(`${(err as Error).message}\n${stderr}`);
  }
}

export interface ChromiumProcess extends OwnedProcess {
  browser: Browser;
  /** The profile's default (persistent) context. */
  context: BrowserContext;
  /** The first tab, navigated to `url`. */
  open(url: string): Promise<Page>;
}

/**
 * Chromium on a persistent profile (`userDataDir`), started by us so its pid is ours to kill,
 * and driven over the DevTools protocol.
 */
export async function launchChromiumProcess(userDataDir: string, opts: { timeoutMs?: number; size?: [number, number]; args?: readonly string[] } = {}): Promise<ChromiumProcess> {
  const [w, h] = opts.size ?? [1366, 768];
  const child = spawn(chromiumExecutable(), [
    ...CHROMIUM_ARGS, ...(opts.args ?? []), '--remote-debugging-port=0', `--user-data-dir=${userDataDir}`, `--window-size=${w},${h}`,
    // A killed browser must not come back asking to restore the session.
    '--hide-crash-restore-bubble', '--no-default-browser-check', 'about:blank',
  ], { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  const proc = owned(child);
  try {
    const m = await waitForLine(child, child.stderr!, /DevTools listening on (ws:\/\/\S+)/, 'chromium', opts.timeoutMs ?? 30_000);
    const browser = await chromium.connectOverCDP(m[1]!);
    const context = browser.contexts()[0]!;
    return {
      ...proc,
      browser,
      context,
      async open(url) {
        const page = context.pages()[0] ?? await context.newPage();
        await page.goto(url);
        return page;
      },
      async stop(graceMs) {
        await browser.close().catch(() => {});
        await proc.stop(graceMs);
      },
    };
  } catch (err) {
    await proc.kill();
    throw err;
  }
}

/**
 * The counter app split into killable parts: the real gateway in the test process (so the test
 * can query its database) behind a fault proxy (the network the test can cut), a pty scanner,
 * the browser host process and Chromium on a persistent profile, enrolled as a counter.
 */
export interface CrashRig {
  gateway: TestGateway;
  proxy: FaultProxy;
  pty: PtyPair;
  host: HostProcess;
  chrome: ChromiumProcess;
  page: Page;
  agency: string;
  /** Chromium's persistent profile folder (its IndexedDB files are under `Default/IndexedDB`). */
  profile: string;
  /** The host's data folder (settings, journal, device credential), kept across restarts. */
  dataDir: string;
  /** SIGKILL the browser and/or the host, and wait until they are gone. */
  kill(what: { browser?: boolean; host?: boolean }): Promise<void>;
  /**
   * Starts again what was killed, on the same data folder, port and profile, and reopens the page;
   * `failpoints` go to the new host (it kills itself at one: see `hostExited`).
   */
  restart(opts?: { failpoints?: HostMainConfig['failpoints'] }): Promise<Page>;
  /** Waits until the host has died by itself (a failpoint), then counts it as killed. */
  hostExited(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `chromiumArgs`: extra switches for every Chromium the rig starts (a fake camera, for instance). */
export async function startCrashRig(opts: { dossiersPerAgency?: number; role?: 'counter' | 'kiosk'; chromiumArgs?: readonly string[] } = {}): Promise<CrashRig> {
  ensureBuilt();
  const role = opts.role ?? 'counter';
  const gateway = await startGateway({ storage: 'pglite', seed: 'demo', dossiersPerAgency: opts.dossiersPerAgency ?? 10 });
  const proxy = await startFaultProxy({ target: gateway.url, rate: 0 });
  const pty = await createPtyPair();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-crash-host-'));
  const profile = mkdtempSync(path.join(tmpdir(), 'kiosk-crash-profile-'));
  const agency = DEMO_AGENCIES[0]!.code;
  const { code } = await gateway.createEnrollCode(agency, role === 'kiosk' ? 'Ki-ốt' : 'Quầy 1', role);
  // The host knows the profile of the Chromium beside it (it keeps a broken database from it).
  const base: HostMainConfig = { dataDir, gatewayUrl: proxy.url, scannerPath: pty.portPath, browserProfile: profile };
  let host: HostProcess | null = await startHostProcess({ ...base, enroll: { url: proxy.url, code, kind: role, deviceName: `crash ${role}` } });
  const port = host.port;
  let chrome: ChromiumProcess | null = null;
  let page: Page | null = null;
  const hash = role === 'kiosk' ? '#/kiosk' : '#/counter';

  async function openPage(): Promise<Page> {
    if (!chrome) {
      chrome = await launchChromiumProcess(profile, opts.chromiumArgs ? { args: opts.chromiumArgs } : {});
      // Headless Chromium has no print dialog; the receipt screen prints on arrival.
      await chrome.context.addInitScript(() => { window.print = () => {}; });
    }
    page = await chrome.open(`${host!.url}${hash}`);
    return page;
  }
  await openPage();

  const rig: CrashRig = {
    gateway, proxy, pty, agency, profile, dataDir,
    get host() { return host!; },
    get chrome() { return chrome!; },
    get page() { return page!; },
    async kill(what) {
      await Promise.all([
        what.browser && chrome ? chrome.kill() : null,
        what.host && host ? host.kill() : null,
      ]);
      if (what.browser) { chrome = null; page = null; }
      if (what.host) host = null;
    },
    async restart(restartOpts = {}) {
      const hostWasDown = host === null;
      host ??= await startHostProcess({ ...base, port, ...(restartOpts.failpoints ? { failpoints: restartOpts.failpoints } : {}) });
      // A page that outlived its host holds a dead bridge (and the old launch's secret): reload it.
      if (page && hostWasDown) {
        await page.reload();
        return page;
      }
      return page ?? openPage();
    },
    async hostExited(timeoutMs = 15_000) {
      const h = host;
      if (!h) return;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        h.exited,
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`the host did not exit within ${timeoutMs} ms`)), timeoutMs); }),
      ]).finally(() => clearTimeout(timer));
      host = null;
    },
    async close() {
      await chrome?.stop().catch(() => {});
      await host?.stop().catch(() => {});
      await proxy.close().catch(() => {});
      await pty.close().catch(() => {});
      await gateway.close().catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return rig;
}

/** Waits until the counter's sync bar says idle with nothing pending. */
export async function waitSynced(page: Page, timeoutMs = 30_000): Promise<void> {
  const bar = page.getByTestId('sync-bar');
  const state = async () => `${await bar.getAttribute('data-phase')}/${await bar.getAttribute('data-pending')}`;
  await until(async () => (await state().catch(() => '')) === 'idle/0', timeoutMs, async () => `sync bar ${await state()}`);
}

/**
 * Receives one dossier through the counter's UI: the CCCD `payload` scanned on the rig's pty fills
 * the intake (the applicant `name`), a procedure is chosen, the intake saved; resolves with the
 * dossier's code once the receipt shows (within `receiptMs`).
 */
export async function counterIntake(rig: CrashRig, payload: string, name: string, receiptMs = 30_000): Promise<string> {
  const page = rig.page;
  await page.getByTestId('nav-home').click();
  await page.getByTestId('new-intake').waitFor();
  await rig.pty.write(`${payload}\r\n`);
  await until(async () => (await page.getByTestId('intake-name').inputValue().catch(() => '')) === name, 15_000,
    async () => `the CCCD fills the intake (notice: ${await page.getByTestId('scan-notice').getAttribute('data-reason', { timeout: 500 }).catch(() => 'none')}; intake form: ${await page.getByTestId('intake-name').count()})`);
  await page.getByTestId('procedure-search').fill('xac nhan tinh trang hon nhan');
  await page.getByTestId('procedure-option').first().click();
  await page.getByTestId('intake-save').click();
  const receipt = page.getByTestId('receipt');
  await receipt.waitFor({ timeout: receiptMs });
  return (await receipt.getAttribute('data-code'))!;
}

/** Signs in at the counter (first staff member listed) when the sign-in screen shows. */
export async function signIn(page: Page, pin: string): Promise<void> {
  const staff = page.locator('[data-testid^="staff-"]').first();
  await staff.waitFor({ timeout: 30_000 });
  await staff.check();
  await page.getByTestId('pin').fill(pin);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('workspace').waitFor();
}

/** The gateway's own record of mutations: stored status, and how many changes each one made. */
export async function gatewayLedger(gw: TestGateway, ids: string[]): Promise<{ status: Map<string, string>; events: Map<string, number> }> {
  const rows = await gw.db.query<{ id: string; status: string }>('select id::text as id, status from mutations where id = any($1::uuid[])', [ids]);
  const ev = await gw.db.query<{ id: string; n: number }>(
    'select mutation_id::text as id, count(*)::int as n from dossier_events where mutation_id = any($1::uuid[]) group by mutation_id', [ids]);
  return { status: new Map(rows.map((r) => [r.id, r.status])), events: new Map(ev.map((r) => [r.id, Number(r.n)])) };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `check` until true (usable outside a test body, unlike expect.poll). */
export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string | (() => Promise<string>)): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms: ${typeof what === 'string' ? what : await what()}`);
    await sleep(50);
  }
}
