/**
 * The one door between the sync engine and the provincial gateway.
 *
 * The renderer never holds the device token (FAILURES.md 22): in the app, a request goes over the
 * bridge (`window.kiosk.call('gateway.request', {method, path, body})`) and the host's
 * GatewayClient adds the credential, enforces HTTPS and a timeout. In Node (CLI, tests) the
 * GatewayClient is called directly; it satisfies this interface as it is.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface SyncRequest {
  method: HttpMethod;
  /** Path under the gateway's base URL, starting with `/` (query string allowed). */
  path: string;
  body?: unknown;
}

export interface SyncResponse {
  status: number;
  body: unknown;
}

export interface SyncTransport {
  /**
   * Resolves with any HTTP answer (4xx/5xx included); rejects only when no answer arrived, with an
   * error carrying a machine `code` (see TransportErrorCode).
   */
  request(req: SyncRequest): Promise<SyncResponse>;
}

/** Why no HTTP answer arrived. */
export type TransportErrorCode =
  | 'network' // connection refused, reset, DNS
  | 'timeout' // no answer in time: the server may or may not have committed
  | 'not-enrolled' // the host holds no device credential
  | 'insecure-url' // plain http to a non-loopback host
  | 'bad-response' // answer that is not JSON
  | 'host-error'; // the bridge itself failed

export class TransportError extends Error {
  constructor(readonly code: TransportErrorCode | string, message: string) {
    super(message);
    this.name = 'TransportError';
  }
}

export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return 'unknown';
}

/**
 * Transport through the host bridge. `invoke` is `(req) => window.kiosk.call('gateway.request', req)`;
 * a bridge failure (a `{code, message}` error) is rethrown as a TransportError with the same code.
 */
export function createBridgeTransport(invoke: (req: SyncRequest) => Promise<SyncResponse>): SyncTransport {
  return {
    async request(req) {
      try {
        return await invoke(req);
      } catch (err) {
        throw new TransportError(errorCode(err) === 'unknown' ? 'host-error' : errorCode(err),
          err instanceof Error ? err.message : String(err));
      }
    },
  };
}
