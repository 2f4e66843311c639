/**
 * The sandboxed preload (built as CommonJS): exposes exactly the bridge contract as `window.kiosk`,
 * with the same bridge client as the browser host's page script (src/shared/bridge/client.ts),
 * carried over ipc. Nothing else of Electron or Node reaches the page.
 *
 * A sandboxed preload can `require` only electron and a few built-ins: everything imported here is
 * bundled into the preload at build time (electron.vite.config.ts), so it must stay free of
 * libraries (no zod here; the main process validates every call and every event).
 *
 * Known gap: contextBridge rebuilds an Error that crosses into the page from its message alone, so
 * the page receives a rejected call as a plain Error without the BridgeError's `code`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridgeClient } from '../../shared/bridge/client';
import type { WireFromHost } from '../../shared/bridge/wire';
import type { DispatchResult } from '../bridge/dispatcher';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

let receive: (msg: WireFromHost) => void = () => {};

const client = createBridgeClient(
  ({ id, name, input }) => {
    ipcRenderer.invoke(CALL_CHANNEL, name, input).then(
      (r: DispatchResult) => receive({ t: 'result', id, ...r }),
      // ipc itself failed (no handler yet, an input that cannot be cloned): the host never ran it.
      (err: unknown) => receive({ t: 'result', id, ok: false, error: { code: 'host-error', message: err instanceof Error ? err.message : String(err) } }),
    );
  },
  (r) => { receive = r; },
  { onListenerError: (event, err) => console.error('kiosk event handler failed', event, err) },
);

ipcRenderer.on(EVENT_CHANNEL, (_e, name: string, payload: unknown) => receive({ t: 'event', name, payload }));

contextBridge.exposeInMainWorld('kiosk', { call: client.call, on: client.on });
