/**
 * A small fake of the `electron` module: records what the shell asks of it, so the tests can
 * check every window's options and every handler's decisions without the Electron binary.
 */
import { EventEmitter } from 'node:events';

export class FakeWebContents extends EventEmitter {
  url = '';
  sent: unknown[][] = [];
  openHandler: ((d: { url: string }) => { action: string; overrideBrowserWindowOptions?: { webPreferences?: Record<string, unknown> } & Record<string, unknown> }) | null = null;
  setWindowOpenHandler(fn: FakeWebContents['openHandler']) { this.openHandler = fn; }
  async printToPDF(_o: object) { return Buffer.from('%PDF-1.7 fake'); }
  /** Silent prints asked of this window; `printFails` makes the next ones fail with that reason. */
  printed: Record<string, unknown>[] = [];
  printFails: string | null = null;
  print(o: Record<string, unknown>, cb: (ok: boolean, reason: string) => void) {
    this.printed.push(o);
    setTimeout(() => cb(this.printFails === null, this.printFails ?? ''), 0);
  }
  send(...args: unknown[]) { this.sent.push(args); }
  getURL() { return this.url; }
  /** Emits an event with a preventable Electron-style event object; returns whether it was prevented. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => { prevented = true; } }, ...args);
    return prevented;
  }
}

export function createFakeElectron(opts: { gotLock?: boolean; packaged?: boolean } = {}) {
  const windows: FakeBrowserWindow[] = [];
  const handlers = new Map<string, (...a: unknown[]) => unknown>();
  const protocols = new Map<string, (r: Request) => Promise<Response>>();
  const schemes: unknown[] = [];
  const appEvents = new EventEmitter();
  const perm: { request?: (...a: never[]) => void; check?: (...a: never[]) => boolean } = {};
  let quit = false;
  const loginItems: unknown[] = [];

  class FakeBrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    destroyed = false;
    constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
      super();
      windows.push(this);
    }
    async loadURL(url: string) { this.webContents.url = url; }
    isDestroyed() { return this.destroyed; }
    isMinimized() { return false; }
    restore() {}
    focus() {}
  }

  const electron = {
    app: {
      isPackaged: opts.packaged ?? true,
      requestSingleInstanceLock: () => opts.gotLock ?? true,
      quit: () => { quit = true; },
      whenReady: async () => {},
      on: (e: string, fn: (...a: unknown[]) => void) => appEvents.on(e, fn),
      getName: () => 'mot-cua-kiosk',
      getVersion: () => '0.0.0',
      setLoginItemSettings: (o: unknown) => { loginItems.push(o); },
    },
    BrowserWindow: FakeBrowserWindow,
    ipcMain: { handle: (ch: string, fn: (...a: unknown[]) => unknown) => { handlers.set(ch, fn); } },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => { schemes.push(...s); },
      handle: (scheme: string, fn: (r: Request) => Promise<Response>) => { protocols.set(scheme, fn); },
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: never) => { perm.request = fn; },
        setPermissionCheckHandler: (fn: never) => { perm.check = fn; },
      },
    },
  };
  return { electron, windows, handlers, protocols, schemes, perm, appEvents, loginItems, get quit() { return quit; } };
}
