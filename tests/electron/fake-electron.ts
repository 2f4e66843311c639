/**
 * A small fake of the `electron` module: records what the shell asks of it, so the tests can
 * check every window's options and every handler's decisions without the Electron binary.
 */
import { EventEmitter } from 'node:events';

export class FakeWebContents extends EventEmitter {
  url = '';
  sent: unknown[][] = [];
  /** The page side of ipc (a preload's `ipcRenderer.on`), fed by `send`. */
  readonly renderer = new EventEmitter();
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
  send(channel: string, ...args: unknown[]) {
    this.sent.push([channel, ...args]);
    this.renderer.emit(channel, { sender: null }, ...args);
  }
  getURL() { return this.url; }
  /** Emits an event with a preventable Electron-style event object; returns whether it was prevented. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => { prevented = true; } }, ...args);
    return prevented;
  }
}

export function createFakeElectron(opts: { gotLock?: boolean; packaged?: boolean; userData?: string } = {}) {
  const windows: FakeBrowserWindow[] = [];
  const handlers = new Map<string, (...a: unknown[]) => unknown>();
  const protocols = new Map<string, (r: Request) => Promise<Response>>();
  const schemes: unknown[] = [];
  const appEvents = new EventEmitter();
  const perm: { request?: (...a: never[]) => void; check?: (...a: never[]) => boolean } = {};
  let quit = false;
  const loginItems: unknown[] = [];
  /** Chromium switches appended, and whether the app was ready then (they only count before). */
  const switches: { name: string; value?: string; beforeReady: boolean }[] = [];
  let ready = false;

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
      whenReady: async () => { ready = true; },
      commandLine: { appendSwitch: (name: string, value?: string) => { switches.push({ name, ...(value !== undefined ? { value } : {}), beforeReady: !ready }); } },
      on: (e: string, fn: (...a: unknown[]) => void) => appEvents.on(e, fn),
      getName: () => 'mot-cua-kiosk',
      getVersion: () => '0.0.0',
      getPath: (name: string) => {
        if (name === 'userData' && opts.userData) return opts.userData;
        throw new Error(`the fake has no path ${name}`);
      },
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
  /**
   * The `electron` module as a sandboxed preload in `wc`'s page sees it: `ipcRenderer.invoke`
   * reaches the handler the shell registered with `ipcMain.handle` (from `wc`'s main frame), and
   * `contextBridge.exposeInMainWorld` records what the page would get.
   */
  function preloadModule(wc: FakeWebContents) {
    const exposed = new Map<string, unknown>();
    return {
      exposed,
      module: {
        ipcRenderer: {
          invoke: async (channel: string, ...args: unknown[]) => {
            const handler = handlers.get(channel);
            if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
            return handler({ senderFrame: { url: wc.url }, sender: wc }, ...args);
          },
          on: (channel: string, fn: (...a: unknown[]) => void) => { wc.renderer.on(channel, fn); },
        },
        contextBridge: {
          exposeInMainWorld: (key: string, api: unknown) => {
            if (exposed.has(key)) throw new Error('Cannot bind an API on top of an existing property on the window object');
            exposed.set(key, acrossContextBridge(api));
          },
        },
      },
    };
  }

  return { electron, windows, handlers, protocols, schemes, perm, appEvents, loginItems, switches, preloadModule, get quit() { return quit; } };
}

/**
 * What the page receives of an exposed value, as contextBridge copies it: plain data is cloned,
 * functions are proxied (their results copied the same way), and a rejected promise reaches the
 * page as a new Error built from the message alone (custom properties such as `code` are lost).
 */
export function acrossContextBridge(value: unknown): unknown {
  if (typeof value === 'function') {
    return (...args: unknown[]) => {
      const out = (value as (...a: unknown[]) => unknown)(...args);
      if (out instanceof Promise) {
        return out.then((v) => acrossContextBridge(v), (e: unknown) => Promise.reject(new Error(e instanceof Error ? e.message : String(e))));
      }
      return acrossContextBridge(out);
    };
  }
  if (value !== null && typeof value === 'object') {
    if (Object.values(value).some((v) => typeof v === 'function')) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, acrossContextBridge(v)]));
    }
    return structuredClone(value);
  }
  return value;
}
