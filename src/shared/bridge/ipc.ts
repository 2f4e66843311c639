/**
 * The bridge over Electron's contextBridge. contextBridge copies what crosses into the page, and
 * rebuilds an Error from its message alone: a `BridgeError`'s `code` would be lost on the way. So
 * the preload exposes only plain data (each call resolves with the dispatcher's `{ok, value}` or
 * `{ok: false, error: {code, message, issues?}}`), and the page builds the `KioskBridge` on its side with
 * the same client as the browser host (./client.ts), where `BridgeError`s keep their codes.
 */
import { createBridgeClient, type BridgeClient, type BridgeClientOptions } from './client';
import type { BridgeErrorShape } from './error';

export type IpcResult = { ok: true; value: unknown } | { ok: false; error: BridgeErrorShape };

/** What the preload exposes (as `window.kioskIpc`): plain data and functions only. */
export interface KioskIpc {
  /** Resolves with the host's result; never rejects (an ipc failure is a `host-error` result). */
  invoke(name: string, input: unknown): Promise<IpcResult>;
  /** Registers the page's one receiver of host events. */
  subscribe(receive: (name: string, payload: unknown) => void): void;
}

export function bridgeOverIpc(ipc: KioskIpc, options: BridgeClientOptions = {}): BridgeClient {
  let receive: Parameters<Parameters<typeof createBridgeClient>[1]>[0] = () => {};
  return createBridgeClient(
    ({ id, name, input }) => {
      void ipc.invoke(name, input).then(
        (r) => receive({ t: 'result', id, ...r }),
        (err: unknown) => receive({ t: 'result', id, ok: false, error: { code: 'host-error', message: err instanceof Error ? err.message : String(err) } }),
      );
    },
    (r) => {
      receive = r;
      ipc.subscribe((name, payload) => receive({ t: 'event', name, payload }));
    },
    options,
  );
}
