/**
 * The one door between the sync engine and the provincial gateway.
 *
 * The renderer never holds the device token (docs/RELIABILITY.md item 22): in the app, a request goes over the
 * bridge (`window.kiosk.call('gateway.request', {method, path, body})`) and the host's
 * GatewayClient adds the credential, enforces HTTPS and a timeout. In Node (CLI, tests) the
 * GatewayClient is called directly; it satisfies this interface as it is.
 */
import { bridgeErrorCode, type BridgeErrorCode } from '../../shared/bridge/error';
import { toBase64 } from '../../shared/base64';
import { BRIDGE_MAX_REQUEST_BYTES } from '../../shared/protocol/files';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface SyncRequest {
  method: HttpMethod;
  /** Path under the gateway's base URL, starting with `/` (query string allowed). */
  path: string;
  body?: unknown;
  /**
   * Raw bytes instead of a JSON body (a file chunk: `application/octet-stream`, never compressed).
   * Over the bridge they travel as base64 (`bytes64`), turned back into bytes by the host.
   */
  bytes?: Uint8Array;
  /** The deadline of this request (ms): the engine's, from the line's estimate (link.ts). */
  timeoutMs?: number;
}

/** A request as it crosses the bridge: raw bytes as base64. */
export type BridgeSyncRequest = Omit<SyncRequest, 'bytes'> & { bytes64?: string };

export interface SyncResponse {
  status: number;
  body: unknown;
}

export interface SyncTransport {
  /**
   * Resolves with any HTTP answer (4xx/5xx included); rejects only when no answer arrived, with an
   * error carrying a machine `code` (a `BridgeErrorCode`, see TransportError).
   */
  request(req: SyncRequest): Promise<SyncResponse>;
  /**
   * The most raw bytes one request may carry (absent: no limit of its own). The file lane sends
   * runs of chunks no larger than this (docs/SYNC-PROTOCOL.md §13).
   */
  readonly maxRequestBytes?: number;
}

/**
 * Why no HTTP answer arrived: the bridge's code as it came (the gateway client's `network`,
 * `timeout`, `not-enrolled`, `insecure-url`, `bad-response`; the bridge's own `host-error`,
 * `host-unavailable`…). The engine sorts them (./http.ts `exchange`).
 */
export class TransportError extends Error {
  constructor(readonly code: BridgeErrorCode, message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

/**
 * Transport through the host bridge. `invoke` is `(req) => window.kiosk.call('gateway.request', req)`;
 * a bridge failure (a `{code, message}` error) is rethrown as a TransportError with the same code
 * (`host-error` for anything without a known one).
 */
export function createBridgeTransport(invoke: (req: BridgeSyncRequest) => Promise<SyncResponse>): SyncTransport {
  return {
    // The bridge's message holds a run of up to BRIDGE_FILE_CHUNKS chunks as base64
    // (shared/bridge/contract.ts `bytes64`, shared/protocol/files.ts).
    maxRequestBytes: BRIDGE_MAX_REQUEST_BYTES,
    async request(req) {
      const { bytes, ...rest } = req;
      try {
        return await invoke(bytes ? { ...rest, bytes64: toBase64(bytes) } : rest);
      } catch (err) {
        throw new TransportError(bridgeErrorCode(err), err instanceof Error ? err.message : String(err));
      }
    },
  };
}
