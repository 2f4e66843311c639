/**
 * The sandboxed preload (built as CommonJS): exposes the bridge as plain data, `window.kioskIpc`
 * (src/shared/bridge/ipc.ts): `invoke(name, input)` resolves with the dispatcher's result, and
 * `subscribe(receive)` hands over host events. The page builds `window.kiosk`'s `KioskBridge` on
 * its side with the same client as the browser host, so a failed call keeps its machine code
 * (contextBridge would rebuild an Error from its message alone). The main process validates
 * every call (name, input, sender origin) and every event. Nothing else of Electron or Node
 * reaches the page.
 *
 * A sandboxed preload can `require` only electron and a few built-ins: everything imported here is
 * bundled into the preload at build time (electron.vite.config.ts), so it must stay free of
 * libraries.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcResult, KioskIpc } from '../../shared/bridge/ipc';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

const api: KioskIpc = {
  invoke: (name, input) => (ipcRenderer.invoke(CALL_CHANNEL, name, input) as Promise<IpcResult>).catch((err: unknown): IpcResult =>
    // ipc itself failed (no handler yet, an input that cannot be cloned): the host never ran it.
    ({ ok: false, error: { code: 'host-error', message: err instanceof Error ? err.message : String(err) } })),
  subscribe: (receive) => {
    ipcRenderer.on(EVENT_CHANNEL, (_e, name: string, payload: unknown) => receive(name, payload));
  },
};

contextBridge.exposeInMainWorld('kioskIpc', api);
