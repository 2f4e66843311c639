/**
 * The Electron glue, kept thin and written against the `electron` module passed in, so that
 * tests can drive it with a small fake of that module (the binary cannot run on CI machines).
 * All the kiosk's behaviour lives in src/main services, shared with the browser host.
 */
import type * as Electron from 'electron';
import { createDispatcher } from '../bridge/dispatcher';
import { hostLog } from '../logging';
import type { HostServices } from '../services';
import { contentSecurityPolicy } from '../csp';
import { createAssetResolver } from '../assets';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { ROLE_HASH, startRole, type Role } from '../role';
import path from 'node:path';
import { chromiumOriginId, type BrowserStorageSource } from '../storage/broken-storage';

export { CALL_CHANNEL, EVENT_CHANNEL };
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://kiosk`;

export type ElectronModule = Pick<typeof Electron, 'app' | 'BrowserWindow' | 'ipcMain' | 'protocol' | 'session'>;

export interface ShellOptions {
  rendererDir: string;
  preloadFile: string;
  services: () => Promise<HostServices>;
  /** A development override (`KIOSK_ROLE`); without one, the role in the settings picks the
   * screen and the window's kiosk mode. Read once: a new role applies at the next start. */
  role?: Role | null;
  log: (msg: string, data?: object) => void;
  /** Bounds of a second monitor for the citizen display (from electron's screen), if any. */
  secondDisplay?: () => { x: number; y: number; width: number; height: number } | undefined;
  /**
   * Chromium's own language (date fields, file pickers, spelling), set before the app is ready:
   * the settings' language at start (settings/store.ts `languageAtStart`).
   */
  nativeLanguage?: 'vi' | 'en';
}

/** Must run before `app.ready`: `app://` is standard and secure, so IndexedDB and fetch work. */
export function registerSchemes(electron: ElectronModule): void {
  electron.protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/**
 * Where Chromium keeps the app's IndexedDB in Electron's profile (`userData/IndexedDB`, folders
 * named after `app://kiosk`): the host copies them when the renderer reports a broken database.
 */
export function electronBrowserStorage(electron: Pick<ElectronModule, 'app'>): BrowserStorageSource {
  return { indexedDbDir: path.join(electron.app.getPath('userData'), 'IndexedDB'), originId: chromiumOriginId(APP_ORIGIN) };
}

export function hardenedWebPreferences(preload: string, packaged: boolean): Electron.WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    devTools: !packaged,
  };
}

export function isAppUrl(url: string): boolean {
  // URL.origin is "null" for custom schemes outside Chromium, so compare scheme and host.
  try { const u = new URL(url); return u.protocol === `${APP_SCHEME}:` && u.host === 'kiosk'; } catch { return false; }
}

/** Serves the built renderer on app://kiosk/ (never file://), with the CSP on every response. */
export function appProtocolHandler(rendererDir: string) {
  const resolve = createAssetResolver(rendererDir);
  const headers = { 'Content-Security-Policy': contentSecurityPolicy(APP_ORIGIN) };
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.host !== 'kiosk') return new Response(null, { status: 404, headers });
    const asset = await resolve(url.pathname);
    if (asset.status !== 200) return new Response(null, { status: asset.status, headers });
    return new Response(asset.body, { headers: { ...headers, 'Content-Type': asset.contentType } });
  };
}

export async function startShell(electron: ElectronModule, opts: ShellOptions): Promise<void> {
  const { app, BrowserWindow, ipcMain, protocol, session } = electron;
  if (!app.requestSingleInstanceLock()) {
    opts.log('another instance is running: quitting');
    app.quit();
    return;
  }
  // Only before `ready` does the switch reach Chromium.
  if (opts.nativeLanguage) app.commandLine.appendSwitch('lang', opts.nativeLanguage);
  await app.whenReady();
  // A kiosk is switched on at the wall: an installed app starts with the session by itself.
  if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: true });
  protocol.handle(APP_SCHEME, appProtocolHandler(opts.rendererDir));

  // Deny every permission except the camera for the app's own origin. An empty media-type list
  // is treated as a request for everything, so it is denied.
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) => {
    const media = (details as { mediaTypes?: string[] }).mediaTypes ?? [];
    const ok = permission === 'media' && isAppUrl(details.requestingUrl ?? wc.getURL())
      && media.length > 0 && media.every((m) => m === 'video');
    callback(ok);
  });
  session.defaultSession.setPermissionCheckHandler((_wc, permission, origin) => permission === 'media' && isAppUrl(origin));

  const services = await opts.services();
  // From here on, the host's log goes through the services' redacting logger too.
  const log = hostLog(services.logger, opts.log);
  const dispatcher = createDispatcher(services.handlers, { authorise: services.authorise, log });
  const role = await startRole(services, opts.role ?? null);
  const startUrl = `${APP_ORIGIN}/${ROLE_HASH[role]}`;
  log('opening the screen of the role', { role, from: opts.role ? 'KIOSK_ROLE' : 'settings' });
  const guard = { role, log };

  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, input: unknown) => {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!isAppUrl(frameUrl)) {
      log('ipc refused from a foreign frame', { frameUrl });
      return { ok: false, error: { code: 'forbidden', message: 'Forbidden' } };
    }
    return dispatcher.dispatch(name, input, {
      printToPdf: async () => new Uint8Array(await event.sender.printToPDF({ pageSize: 'A4', printBackground: true })),
      print: (deviceName) => new Promise<void>((resolve, reject) => {
        event.sender.print({ silent: true, deviceName, printBackground: true }, (ok, reason) => {
          if (ok) resolve();
          else reject(new Error(reason || 'print failed'));
        });
      }),
    });
  });

  const windows = new Set<Electron.BrowserWindow>();
  services.events.subscribe((name, payload) => {
    for (const w of windows) if (!w.isDestroyed()) w.webContents.send(EVENT_CHANNEL, name, payload);
  });

  const win = new BrowserWindow({
    width: 1280, height: 800, show: true,
    kiosk: role === 'kiosk', fullscreen: role === 'kiosk', autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(opts.preloadFile, app.isPackaged),
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  guardContents(win.webContents, guard, {
    // The counter's citizen-facing second display is the one window a page may open, hardened
    // like the first and placed on the second monitor when there is one.
    citizenDisplay: () => ({
      ...(opts.secondDisplay?.() ?? {}),
      autoHideMenuBar: true,
      fullscreen: opts.secondDisplay?.() !== undefined,
      webPreferences: hardenedWebPreferences(opts.preloadFile, app.isPackaged),
    }),
  });
  win.webContents.on('did-create-window', (child) => {
    windows.add(child);
    child.on('closed', () => windows.delete(child));
    guardContents(child.webContents, guard);
  });
  win.webContents.on('render-process-gone', (_e, details) => {
    log('renderer gone: reloading the safe screen', { reason: details.reason });
    void win.loadURL(startUrl);
  });
  await win.loadURL(startUrl);

  app.on('second-instance', () => { if (win.isMinimized()) win.restore(); win.focus(); });
  app.on('window-all-closed', () => { void services.close().finally(() => app.quit()); });
}

export const CITIZEN_DISPLAY_URL = `${APP_ORIGIN}/#/citizen-display`;

/** Navigation away from the app is always denied, and every new window except the citizen display. */
export function guardContents(
  wc: Electron.WebContents,
  opts: { role: Role; log: ShellOptions['log'] },
  allow: { citizenDisplay?: () => Electron.BrowserWindowConstructorOptions } = {},
): void {
  wc.on('will-navigate', (e, url) => { if (!isAppUrl(url)) { e.preventDefault(); opts.log('navigation denied', { url: url.slice(0, 80) }); } });
  wc.on('will-redirect', (e, url) => { if (!isAppUrl(url)) e.preventDefault(); });
  wc.setWindowOpenHandler(({ url }) => {
    if (allow.citizenDisplay && opts.role === 'counter' && url === CITIZEN_DISPLAY_URL) {
      return { action: 'allow', overrideBrowserWindowOptions: allow.citizenDisplay() };
    }
    return { action: 'deny' };
  });
  wc.on('before-input-event', (e, input) => {
    if (opts.role !== 'kiosk') return;
    const key = input.key.toLowerCase();
    const mod = input.control || input.meta;
    const blocked = key === 'f5' || key === 'f11' || key === 'f12'
      || (mod && ['r', 'w', '+', '-', '=', '0'].includes(key))
      || (mod && input.shift && ['i', 'j', 'c'].includes(key));
    if (blocked) e.preventDefault();
  });
}
