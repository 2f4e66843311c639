/**
 * The page side of the bridge, for any message transport: the browser host's page script carries
 * it over a WebSocket, the Electron preload over ipc. It numbers calls, keeps the calls waiting for
 * their result, turns a failed result into a `BridgeError` with the host's code, and hands events to
 * their listeners, each on its own: a listener that throws never stops the others, nor the
 * transport.
 *
 * It neither parses nor validates calls' values: the transport hands over messages in the wire's
 * shapes (wire.ts), validated where they cross an untrusted boundary; only a refusal's issues
 * (words for a refused input) are checked here, and dropped if they do not fit. Its only library is the code lists' zod enums
 * (error.ts), to turn a failure code this build does not know into `host-error`; the sandboxed
 * preload never imports it (the renderer builds it over the preload's plain-data ipc).
 */
import type { CallName, EventName, KioskBridge } from './contract';
import { BridgeError, toBridgeErrorCode, type HostErrorCode } from './error';
import { BridgeErrorShape, type WireCall, type WireFromHost } from './wire';

export interface BridgeClientOptions {
  /** Told when an event listener throws (the client carries on with the next listener). */
  onListenerError?: (event: string, error: unknown) => void;
}

export interface BridgeClient extends KioskBridge {
  /** The transport lost the host: every call still waiting fails with `host-unavailable`. */
  disconnected(): void;
}

type Pending = { resolve: (value: unknown) => void; reject: (error: BridgeError) => void };
type Listener = (payload: unknown) => void;

export const HOST_UNAVAILABLE = 'host-unavailable' satisfies HostErrorCode;

/**
 * @param send hands a call to the transport. If it throws, that call fails with `host-error`.
 * @param onMessage registers the one receiver of the host's messages (results and events).
 */
export function createBridgeClient(
  send: (call: WireCall) => void,
  onMessage: (receive: (msg: WireFromHost) => void) => void,
  options: BridgeClientOptions = {},
): BridgeClient {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();

  onMessage((msg) => {
    if (msg.t === 'event') {
      // A copy: a listener that unsubscribes (or subscribes) while the event is handed out
      // changes what the next event sees, not this one.
      for (const fn of [...(listeners.get(msg.name) ?? [])]) {
        try {
          fn(msg.payload);
        } catch (err) {
          try { options.onListenerError?.(msg.name, err); } catch { /* the report must not stop the others either */ }
        }
      }
      return;
    }
    if (msg.t !== 'result') return;
    const p = pending.get(msg.id);
    if (!p) return; // not ours, or already failed when the host went away
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.value);
    // Over ipc nothing validated the result: a code this build does not know becomes `host-error`.
    else {
      const issues = BridgeErrorShape.shape.issues.safeParse((msg.error as { issues?: unknown }).issues);
      p.reject(new BridgeError(toBridgeErrorCode(msg.error.code), msg.error.message, issues.success ? issues.data : undefined));
    }
  });

  function call(name: CallName, input: unknown): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      try {
        send({ t: 'call', id, name, input });
      } catch (err) {
        pending.delete(id);
        reject(new BridgeError('host-error', `The call could not be sent: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }

  function on(event: EventName, handler: Listener): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(handler);
    return () => { set.delete(handler); };
  }

  return {
    call: call as KioskBridge['call'],
    on: on as KioskBridge['on'],
    disconnected() {
      const waiting = [...pending.values()];
      pending.clear();
      for (const p of waiting) p.reject(new BridgeError(HOST_UNAVAILABLE, 'The kiosk host is not reachable'));
    },
  };
}
