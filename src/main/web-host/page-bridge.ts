/**
 * Runs in the page before the app (served as /kiosk-bridge.js by the browser host): installs
 * `window.kiosk` over the host's WebSocket, exactly as the Electron preload does over ipc.
 * Calls made while the socket is (re)connecting wait in a queue; listeners survive reconnects.
 */
import type { KioskBridge, CallName, EventName } from '../../shared/bridge/contract';
import { BridgeError } from '../../shared/bridge/error';
import { WireFromHost, BRIDGE_TOKEN_META, BRIDGE_WS_PATH } from '../../shared/bridge/wire';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void };

function install(): void {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${BRIDGE_TOKEN_META}"]`);
  const token = meta?.content ?? '';
  meta?.remove(); // nothing else on the page needs to see it
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_WS_PATH}?token=${encodeURIComponent(token)}`;

  let ws: WebSocket | null = null;
  let open = false;
  let nextId = 1;
  let failures = 0;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();

  function connect() {
    ws = new WebSocket(url);
    ws.onopen = () => {
      open = true;
      failures = 0;
      for (const m of queue.splice(0)) ws!.send(m);
    };
    ws.onmessage = (ev) => {
      let parsed;
      try { parsed = WireFromHost.safeParse(JSON.parse(String(ev.data))); } catch { return; }
      if (!parsed.success) return;
      const msg = parsed.data;
      if (msg.t === 'event') {
        for (const fn of listeners.get(msg.name) ?? []) {
          try { fn(msg.payload); } catch (err) { console.error('kiosk event handler failed', err); }
        }
        return;
      }
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.value);
      else p.reject(new BridgeError(msg.error.code, msg.error.message));
    };
    ws.onclose = () => {
      open = false;
      for (const [id, p] of pending) { p.reject(new BridgeError('host-unavailable', 'The kiosk host is not reachable')); pending.delete(id); }
      failures += 1;
      // A host restarted with a new secret refuses the old one: reload to get the new page.
      if (failures >= 3) {
        void fetch('/', { method: 'HEAD', cache: 'no-store' }).then((r) => { if (r.ok) location.reload(); }, () => {});
      }
      setTimeout(connect, Math.min(5000, 200 * 2 ** Math.min(failures, 5)));
    };
  }

  const bridge: KioskBridge = {
    call(name: CallName, input: unknown) {
      const id = nextId++;
      const msg = JSON.stringify({ t: 'call', id, name, input });
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (open && ws) ws.send(msg);
        else queue.push(msg);
      }) as never;
    },
    on(event: EventName, handler: (p: never) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(handler as (p: unknown) => void);
      listeners.set(event, set);
      return () => { set.delete(handler as (p: unknown) => void); };
    },
  };
  Object.defineProperty(window, 'kiosk', { value: Object.freeze(bridge), writable: false, configurable: false });
  connect();
}

install();
