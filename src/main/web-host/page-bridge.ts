/**
 * Runs in the page before the app (served as /kiosk-bridge.js by the browser host): installs
 * `window.kiosk` over the host's WebSocket, with the same bridge client as the Electron preload
 * (src/shared/bridge/client.ts). Calls made while the socket is (re)connecting wait in a queue;
 * listeners survive reconnects. When the socket closes, the calls still waiting fail with
 * `host-unavailable` and the queued ones are dropped, so a call reported as failed never reaches the
 * host later.
 */
import { createBridgeClient } from '../../shared/bridge/client';
import { WireFromHost, BRIDGE_TOKEN_META, BRIDGE_WS_PATH, type WireCall } from '../../shared/bridge/wire';

function install(): void {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${BRIDGE_TOKEN_META}"]`);
  const token = meta?.content ?? '';
  meta?.remove(); // nothing else on the page needs to see it
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_WS_PATH}?token=${encodeURIComponent(token)}`;

  let ws: WebSocket | null = null;
  let open = false;
  let failures = 0;
  const queue: string[] = [];
  let receive: (msg: WireFromHost) => void = () => {};

  const client = createBridgeClient(
    (call: WireCall) => {
      const msg = JSON.stringify(call);
      if (open && ws) ws.send(msg);
      else queue.push(msg);
    },
    (r) => { receive = r; },
    { onListenerError: (event, err) => console.error('kiosk event handler failed', event, err) },
  );

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
      if (parsed.success) receive(parsed.data);
    };
    ws.onclose = () => {
      open = false;
      queue.length = 0;
      client.disconnected();
      failures += 1;
      // A host restarted with a new secret refuses the old one: reload to get the new page.
      if (failures >= 3) {
        void fetch('/', { method: 'HEAD', cache: 'no-store' }).then((r) => { if (r.ok) location.reload(); }, () => {});
      }
      setTimeout(connect, Math.min(5000, 200 * 2 ** Math.min(failures, 5)));
    };
  }

  const bridge = { call: client.call, on: client.on };
  Object.defineProperty(window, 'kiosk', { value: Object.freeze(bridge), writable: false, configurable: false });
  connect();
}

install();
