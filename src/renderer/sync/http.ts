/**
 * One gateway exchange as the engine sees it: an answer, or a SyncFailure saying what kind of
 * trouble it was, which decides what the engine does next (retry with backoff, ask for
 * enrollment, warn that the app is too old).
 */
import { bridgeErrorCode } from '../../shared/bridge/error';
import { httpStatusCode, type SyncFailureCode } from '../../shared/messages';
import { ErrorBody, type ErrorCode } from '../../shared/protocol';
import type { SyncRequest, SyncResponse, SyncTransport } from './transport';
import { jsonBytes, type LinkEstimator } from './link';

export type FailureKind =
  | 'offline' // no answer: link down, gateway down, timeout
  | 'server' // 5xx, 429, 503, an answer that breaks the protocol: retry later
  | 'auth' // 401: the gateway does not know (or revoked) this device
  | 'protocol' // 426: this app is older than the gateway accepts
  | 'client'; // another 4xx: a bug on one side; retried with backoff, shown to technicians

export class SyncFailure extends Error {
  /** `status`: the HTTP status of an answer (the only detail of `http-error`). */
  constructor(readonly code: SyncFailureCode, readonly kind: FailureKind, message: string, readonly status?: number) {
    super(message);
    this.name = 'SyncFailure';
  }
}

/** The gateway's error code, if the body is the protocol's error body (a proxy's page is not). */
export function gatewayErrorCode(body: unknown): ErrorCode | null {
  const parsed = ErrorBody.safeParse(body);
  return parsed.success ? parsed.data.error.code : null;
}

/** The `details` object of a gateway error body (null: not an error body, or no object there). */
export function gatewayErrorDetails(body: unknown): Record<string, unknown> | null {
  const parsed = ErrorBody.safeParse(body);
  const d = parsed.success ? parsed.data.error.details : undefined;
  return d !== null && typeof d === 'object' && !Array.isArray(d) ? d as Record<string, unknown> : null;
}

export function failureOf(res: SyncResponse): SyncFailure {
  const code = gatewayErrorCode(res.body) ?? 'http-error';
  const msg = `Gateway answered ${res.status} (${code === 'http-error' ? httpStatusCode(res.status) : code})`;
  if (res.status === 401) return new SyncFailure(code, 'auth', msg, res.status);
  if (res.status === 426) return new SyncFailure('protocol-version', 'protocol', msg, res.status);
  if (res.status >= 500 || res.status === 429 || res.status === 408) return new SyncFailure(code, 'server', msg, res.status);
  return new SyncFailure(code, 'client', msg, res.status);
}

/**
 * Sends one request with a deadline (the same for the host and for us, so even a bridge that never
 * answers cannot hang a sync run) and, with `link`, feeds the line's estimator (link.ts).
 */
export async function exchange(transport: SyncTransport, req: SyncRequest, timeoutMs: number, link?: LinkEstimator): Promise<SyncResponse> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SyncFailure('timeout', 'offline', `No answer within ${timeoutMs} ms`)), timeoutMs);
  });
  const t0 = performance.now();
  try {
    // The host gets the same deadline (its own default is for requests that name none).
    const res = await Promise.race([transport.request({ ...req, timeoutMs }), deadline]);
    link?.observe(performance.now() - t0, jsonBytes(req.body) + jsonBytes(res.body));
    return res;
  } catch (err) {
    if (err instanceof SyncFailure) throw err;
    const code = bridgeErrorCode(err);
    if (code === 'not-enrolled') throw new SyncFailure(code, 'auth', 'This device holds no gateway credential');
    if (code === 'insecure-url') throw new SyncFailure(code, 'client', 'The gateway address must use HTTPS');
    if (code === 'bad-response') throw new SyncFailure(code, 'server', 'The gateway answered something that is not JSON');
    throw new SyncFailure(code === 'timeout' ? 'timeout' : 'network', 'offline', err instanceof Error ? err.message : String(err));
  } finally {
    clearTimeout(timer);
  }
}
