/**
 * The sandboxed preload (built as CommonJS): exposes exactly the bridge contract as `window.kiosk`.
 * Nothing else of Electron or Node reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';

const CALL_CHANNEL = 'kiosk:call';
const EVENT_CHANNEL = 'kiosk:event';

class BridgeError extends Error {
  constructor(readonly code: string, message: string) { super(message); this.name = 'BridgeError'; }
}

const listeners = new Map<string, Set<(p: unknown) => void>>();
ipcRenderer.on(EVENT_CHANNEL, (_e, name: string, payload: unknown) => {
  for (const fn of listeners.get(name) ?? []) fn(payload);
});

contextBridge.exposeInMainWorld('kiosk', {
  async call(name: string, input: unknown) {
    const r = (await ipcRenderer.invoke(CALL_CHANNEL, name, input)) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    if (r.ok) return r.value;
    throw new BridgeError(r.error?.code ?? 'host-error', r.error?.message ?? '');
  },
  on(event: string, handler: (p: unknown) => void) {
    const set = listeners.get(event) ?? new Set();
    set.add(handler);
    listeners.set(event, set);
    return () => { set.delete(handler); };
  },
});
