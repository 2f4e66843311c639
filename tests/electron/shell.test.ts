import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFakeElectron, type FakeWebContents } from './fake-electron';
import { startShell, registerSchemes, APP_ORIGIN, CALL_CHANNEL, CITIZEN_DISPLAY_URL } from '../../src/main/electron/shell';
import { EventHub, type Handlers } from '../../src/main/bridge/dispatcher';
import { createHostServices, type HostServices } from '../../src/main/services';
import { BridgeError } from '../../src/shared/bridge/contract';
import type * as Electron from 'electron';

function services(): HostServices {
  // The edge of this unit test: the shell only routes calls, so fixed handlers are enough here.
  const handlers = {
    'app.info': () => ({ name: 'k', version: '1', gatewayUrl: null }),
    'scanner.listPorts': () => [],
    'scanner.getConfig': () => [],
    'scanner.setConfig': () => [],
    'scanner.status': () => [],
  } as unknown as Handlers;
  // As a locked technician console answers: calls the contract marks `requires` are refused.
  const authorise = () => { throw new BridgeError('technician-locked', 'the technician console is locked'); };
  return { handlers, authorise, events: new EventHub(), close: async () => {} };
}

function rendererDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'renderer-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<html><head></head><body>kiosk</body></html>');
  writeFileSync(path.join(dir, 'assets/app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'assets/worker.mjs'), 'export {}');
  writeFileSync(path.join(dir, 'favicon.ico'), '');
  writeFileSync(path.join(dir, 'assets/font.woff2'), '');
  return dir;
}

async function boot(opts: { gotLock?: boolean; packaged?: boolean; role?: 'counter' | 'kiosk'; nativeLanguage?: 'vi' | 'en' } = {}) {
  const fake = createFakeElectron(opts);
  const logs: string[] = [];
  const electron = fake.electron as unknown as Parameters<typeof startShell>[0];
  registerSchemes(electron);
  await startShell(electron, {
    rendererDir: rendererDir(), preloadFile: '/app/preload.cjs', role: opts.role ?? 'counter',
    log: (m) => logs.push(m), services: async () => services(),
    ...(opts.nativeLanguage ? { nativeLanguage: opts.nativeLanguage } : {}),
  });
  return { fake, logs };
}

const ipcEvent = (url: string) => ({ senderFrame: { url } }) as unknown as Electron.IpcMainInvokeEvent;

describe('Electron shell (against a fake electron module)', () => {
  it('creates every window with the hardened options', async () => {
    const { fake } = await boot();
    expect(fake.windows).toHaveLength(1);
    for (const w of fake.windows) {
      expect(w.options.webPreferences).toMatchObject({
        contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true,
        nodeIntegrationInWorker: false, webviewTag: false, allowRunningInsecureContent: false, devTools: false,
      });
      expect(w.webContents.url).toBe(`${APP_ORIGIN}/#/counter`);
    }
  });

  it('starts Chromium in the settings\' language before the app is ready (its own date fields and file pickers follow it)', async () => {
    expect((await boot({ nativeLanguage: 'vi' })).fake.switches).toEqual([{ name: 'lang', value: 'vi', beforeReady: true }]);
    expect((await boot({ nativeLanguage: 'en' })).fake.switches).toEqual([{ name: 'lang', value: 'en', beforeReady: true }]);
    expect((await boot()).fake.switches).toEqual([]);
  });

  it('starts at login when installed, not when run from the source tree', async () => {
    expect((await boot()).fake.loginItems).toEqual([{ openAtLogin: true }]);
    expect((await boot({ packaged: false })).fake.loginItems).toEqual([]);
  });

  it('turns dev tools on only when not packaged', async () => {
    const { fake } = await boot({ packaged: false });
    expect(fake.windows[0]!.options.webPreferences!.devTools).toBe(true);
  });

  it('registers app:// as a privileged standard, secure scheme (IndexedDB works there)', async () => {
    const { fake } = await boot();
    expect(fake.schemes).toEqual([expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) })]);
  });

  it('quits when another instance already runs', async () => {
    const { fake } = await boot({ gotLock: false });
    expect(fake.quit).toBe(true);
    expect(fake.windows).toHaveLength(0);
  });

  it('validates every ipc call and refuses foreign sender frames', async () => {
    const { fake } = await boot();
    const handle = fake.handlers.get(CALL_CHANNEL)!;
    await expect(handle(ipcEvent(`${APP_ORIGIN}/`), 'app.info', {})).resolves.toMatchObject({ ok: true, value: { name: 'k' } });
    await expect(handle(ipcEvent('https://evil.example/'), 'app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(handle(ipcEvent('file:///etc/passwd'), 'app.info', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(handle(ipcEvent(`${APP_ORIGIN}/`), 'fs.readFile', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    await expect(handle(ipcEvent(`${APP_ORIGIN}/`), 'app.info', { extra: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await expect(handle(ipcEvent(`${APP_ORIGIN}/`), 'scanner.setConfig', { scanners: [{ id: 'x' }] })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('asks the host services\' authoriser before a call the contract marks as requiring the technician', async () => {
    const { fake } = await boot();
    const handle = fake.handlers.get(CALL_CHANNEL)!;
    await expect(handle(ipcEvent(`${APP_ORIGIN}/`), 'scanner.setConfig', { scanners: [] })).resolves.toEqual({ ok: false, error: { code: 'technician-locked', message: 'the technician console is locked' } });
    await expect(handle(ipcEvent(`${APP_ORIGIN}/`), 'scanner.status', {})).resolves.toEqual({ ok: true, value: [] });
  });

  it('denies every permission except the camera for the app origin, including empty media lists', async () => {
    const { fake } = await boot();
    const wc = fake.windows[0]!.webContents as FakeWebContents;
    const ask = (permission: string, details: object) => new Promise<boolean>((r) => (fake.perm.request as unknown as (...a: unknown[]) => void)(wc, permission, r, details));
    expect(await ask('media', { requestingUrl: `${APP_ORIGIN}/`, mediaTypes: ['video'] })).toBe(true);
    expect(await ask('media', { requestingUrl: `${APP_ORIGIN}/`, mediaTypes: [] })).toBe(false);
    expect(await ask('media', { requestingUrl: `${APP_ORIGIN}/`, mediaTypes: ['audio'] })).toBe(false);
    expect(await ask('media', { requestingUrl: 'https://evil.example/', mediaTypes: ['video'] })).toBe(false);
    for (const p of ['notifications', 'geolocation', 'openExternal', 'clipboard-read', 'fullscreen']) {
      expect(await ask(p, { requestingUrl: `${APP_ORIGIN}/` })).toBe(false);
    }
  });

  it('denies navigation away from the app and every new window', async () => {
    const { fake } = await boot();
    const wc = fake.windows[0]!.webContents as FakeWebContents;
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.fire('will-navigate', 'javascript:alert(1)')).toBe(true);
    expect(wc.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.fire('will-navigate', `${APP_ORIGIN}/#/citizen`)).toBe(false);
    expect(wc.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: `${APP_ORIGIN}/` })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: `${APP_ORIGIN}/#/citizen-display?x=1` })).toEqual({ action: 'deny' });
  });

  it('opens only the citizen display as a second window, hardened like the first', async () => {
    const { fake } = await boot();
    const wc = fake.windows[0]!.webContents as FakeWebContents;
    const decision = wc.openHandler!({ url: CITIZEN_DISPLAY_URL });
    expect(decision.action).toBe('allow');
    expect(decision.overrideBrowserWindowOptions!.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    const kiosk = (await boot({ role: 'kiosk' })).fake.windows[0]!.webContents as FakeWebContents;
    expect(kiosk.openHandler!({ url: CITIZEN_DISPLAY_URL })).toEqual({ action: 'deny' });
  });

  it('guards a window the page opened as it guards the first', async () => {
    const { fake } = await boot();
    const child = new (fake.electron.BrowserWindow)({});
    fake.windows[0]!.webContents.emit('did-create-window', child);
    const wc = child.webContents as FakeWebContents;
    expect(wc.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(wc.openHandler!({ url: CITIZEN_DISPLAY_URL })).toEqual({ action: 'deny' });
  });

  it('gives calls from a window a way to print that window to PDF', async () => {
    const fake = createFakeElectron();
    const seen: unknown[] = [];
    const svc = services();
    (svc.handlers as unknown as Record<string, unknown>)['print.receiptPdf'] = async (_i: unknown, ctx: { printToPdf?: () => Promise<Uint8Array> }) => {
      seen.push(Buffer.from(await ctx.printToPdf!()).toString());
      return { path: '/x.pdf' };
    };
    await startShell(fake.electron as unknown as Parameters<typeof startShell>[0], {
      rendererDir: rendererDir(), preloadFile: '/p.cjs', role: 'counter', log: () => {}, services: async () => svc,
    });
    const sender = fake.windows[0]!.webContents;
    const r = await fake.handlers.get(CALL_CHANNEL)!({ senderFrame: { url: `${APP_ORIGIN}/` }, sender }, 'print.receiptPdf', { code: '000.00.01.H08-261126-0001' });
    expect(r).toMatchObject({ ok: true, value: { path: '/x.pdf' } });
    expect(seen).toEqual(['%PDF-1.7 fake']);
  });

  it('blocks reload, dev-tools and zoom shortcuts in the kiosk role', async () => {
    const { fake } = await boot({ role: 'kiosk' });
    const wc = fake.windows[0]!.webContents as FakeWebContents;
    const key = (k: string, mods: object = {}) => wc.fire('before-input-event', { key: k, control: false, meta: false, shift: false, ...mods });
    expect(key('F5')).toBe(true);
    expect(key('r', { control: true })).toBe(true);
    expect(key('I', { control: true, shift: true })).toBe(true);
    expect(key('+', { control: true })).toBe(true);
    expect(key('a')).toBe(false);
    expect(fake.windows[0]!.options.kiosk).toBe(true);
  });

  it('reloads the safe screen when the renderer crashes', async () => {
    const { fake, logs } = await boot();
    const w = fake.windows[0]!;
    w.webContents.url = `${APP_ORIGIN}/#/somewhere`;
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    await new Promise((r) => setTimeout(r, 0));
    expect(w.webContents.url).toBe(`${APP_ORIGIN}/#/counter`);
    expect(logs.some((l) => l.includes('renderer gone'))).toBe(true);
  });

  it('serves the renderer on app:// with the CSP, and refuses path traversal', async () => {
    const { fake } = await boot();
    const serve = fake.protocols.get('app')!;
    const index = await serve(new Request(`${APP_ORIGIN}/`));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('content-security-policy')).not.toMatch(/[^-]'unsafe-eval'/);
    expect((await serve(new Request(`${APP_ORIGIN}/assets/app.js`))).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await serve(new Request(`${APP_ORIGIN}/..%2f..%2f..%2fetc%2fhosts.txt`))).status).toBe(403);
    expect((await serve(new Request(`${APP_ORIGIN}/..%2f..%2fetc%2fpasswd`))).status).toBe(403);
    expect((await serve(new Request(`${APP_ORIGIN}/assets/..%5C..%5Capp.js`))).status).toBe(403);
    // A dotted path is normalised by the URL parser and lands inside the app (the SPA shell), never outside.
    expect(await (await serve(new Request(`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`))).text()).toContain('kiosk');
    expect((await serve(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('serves with the same MIME table as the browser host, and puts the CSP on refusals too', async () => {
    const { fake } = await boot();
    const serve = fake.protocols.get('app')!;
    const type = async (p: string) => (await serve(new Request(`${APP_ORIGIN}${p}`))).headers.get('content-type');
    expect(await type('/')).toBe('text/html; charset=utf-8');
    expect(await type('/assets/worker.mjs')).toBe('text/javascript; charset=utf-8');
    expect(await type('/favicon.ico')).toBe('image/x-icon');
    expect(await type('/assets/font.woff2')).toBe('font/woff2');
    for (const url of [`${APP_ORIGIN}/missing.js`, `${APP_ORIGIN}/..%2fsecret.txt`, 'app://other/index.html']) {
      const res = await serve(new Request(url));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });
});

/** The role and the printer come from the host's settings: real services on a data folder that
 * outlives a start, as userData does. */
describe('Electron shell with the settings', () => {
  const PIN = '284917';
  const frame = { senderFrame: { url: `${APP_ORIGIN}/` } };

  async function start(dataDir: string, role: 'counter' | 'kiosk' | null = null) {
    const fake = createFakeElectron();
    const svc = await createHostServices({ name: 'k', version: '1', gatewayUrl: null, scanners: [], dataDir });
    await startShell(fake.electron as unknown as Parameters<typeof startShell>[0], {
      rendererDir: rendererDir(), preloadFile: '/p.cjs', role, log: () => {}, services: async () => svc,
    });
    const win = fake.windows[0]!;
    const call = (name: string, input: object = {}) => fake.handlers.get(CALL_CHANNEL)!({ ...frame, sender: win.webContents }, name, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
    return { fake, svc, win, call };
  }

  /** What a technician does in the console: unlock, then save. */
  async function saveInConsole(call: Awaited<ReturnType<typeof start>>['call'], patch: object) {
    const status = await call('technician.status');
    expect(status.ok).toBe(true);
    if (!(status.value as { pinSet: boolean }).pinSet) expect((await call('technician.setPin', { pin: PIN })).ok).toBe(true);
    expect(await call('technician.unlock', { pin: PIN })).toMatchObject({ ok: true, value: { ok: true } });
    expect(await call('settings.update', patch)).toMatchObject({ ok: true });
  }

  it('opens the screen of the role in the settings, from the next start on; KIOSK_ROLE overrides it', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'electron-data-'));
    const first = await start(dataDir);
    expect(first.win.webContents.url).toBe(`${APP_ORIGIN}/#/counter`);
    expect(first.win.options).toMatchObject({ kiosk: false, fullscreen: false });

    await saveInConsole(first.call, { role: 'kiosk' });
    // Read once at start: the running window stays what it is until the app starts again.
    expect(first.win.webContents.url).toBe(`${APP_ORIGIN}/#/counter`);
    await first.svc.close();

    const second = await start(dataDir);
    expect(second.win.webContents.url).toBe(`${APP_ORIGIN}/#/kiosk`);
    expect(second.win.options).toMatchObject({ kiosk: true, fullscreen: true });
    // The kiosk role's guards follow the settings too: no second window, no reload shortcut.
    expect((second.win.webContents as FakeWebContents).openHandler!({ url: CITIZEN_DISPLAY_URL })).toEqual({ action: 'deny' });
    expect((second.win.webContents as FakeWebContents).fire('before-input-event', { key: 'F5', control: false, meta: false, shift: false })).toBe(true);
    // After a crash, the same screen again.
    second.win.webContents.url = `${APP_ORIGIN}/#/technician`;
    second.win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    await new Promise((r) => setTimeout(r, 0));
    expect(second.win.webContents.url).toBe(`${APP_ORIGIN}/#/kiosk`);
    await second.svc.close();

    const overridden = await start(dataDir, 'counter');
    expect(overridden.win.webContents.url).toBe(`${APP_ORIGIN}/#/counter`);
    expect(overridden.win.options).toMatchObject({ kiosk: false });
    await overridden.svc.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints a receipt and a queue ticket on the printer named in the settings, without a dialog', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'electron-data-'));
    const { svc, win, call } = await start(dataDir);
    const code = '000.17.22.H56-260310-0021';
    const wc = win.webContents as FakeWebContents;
    expect(await call('print.receipt', { code })).toMatchObject({ ok: false, error: { code: 'no-printer' } });
    expect(wc.printed).toEqual([]);

    await saveInConsole(call, { printerName: 'EPSON TM-T82 Receipt' });
    expect(await call('print.receipt', { code })).toEqual({ ok: true, value: { printer: 'EPSON TM-T82 Receipt' } });
    expect(wc.printed).toEqual([expect.objectContaining({ silent: true, deviceName: 'EPSON TM-T82 Receipt' })]);

    // A queue ticket at the kiosk goes to the same printer the same way.
    expect(await call('print.ticket', { label: 'A012' })).toEqual({ ok: true, value: { printer: 'EPSON TM-T82 Receipt' } });
    expect(wc.printed).toHaveLength(2);
    // A printer that is off or misnamed: the renderer falls back to the print dialog.
    wc.printFails = 'Invalid deviceName provided';
    expect(await call('print.receipt', { code })).toMatchObject({ ok: false, error: { code: 'print-failed' } });
    expect(await call('print.ticket', { label: 'A013' })).toMatchObject({ ok: false, error: { code: 'print-failed' } });
    expect(await call('print.ticket', { label: 'A013<script>' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await svc.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
});
