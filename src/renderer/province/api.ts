/**
 * The province console's calls to the gateway's admin API (same origin, the session cookie sent by
 * the browser): the protocol header on every call, the session's CSRF token on every POST, and a
 * refusal turned into an `ApiError` with the gateway's machine code and its catalogued message.
 */
import { CSRF_HEADER, ErrorBody, PROTOCOL_HEADER, PROTOCOL_VERSION, type ErrorCode, type LocalizedMessage } from '../../shared/protocol';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: ErrorCode | 'network' | 'http-error', readonly localized: LocalizedMessage | null, readonly details?: unknown) {
    super(code);
    this.name = 'ApiError';
  }
}

export interface ConsoleApi {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  /** The raw answer of a GET (a CSV download). */
  raw(path: string): Promise<Response>;
  setCsrf(token: string | null): void;
  /** Called when a call answers 401 (the session ended). */
  onUnauthorized: (() => void) | null;
}

export function createConsoleApi(base = ''): ConsoleApi {
  let csrf: string | null = null;
  const api: ConsoleApi = {
    onUnauthorized: null,
    setCsrf(token) { csrf = token; },
    async raw(path) {
      const res = await send('GET', path);
      return res;
    },
    async get<T>(path: string) { return answer<T>(await send('GET', path)); },
    async post<T>(path: string, body: unknown = {}) { return answer<T>(await send('POST', path, body)); },
  };
  async function send(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      if (csrf) headers[CSRF_HEADER] = csrf;
    }
    let res: Response;
    try {
      res = await fetch(base + path, { method, headers, credentials: 'same-origin', body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined });
    } catch {
      throw new ApiError(0, 'network', null);
    }
    if (res.ok) return res;
    const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
    const e = parsed.success
      ? new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details)
      : new ApiError(res.status, 'http-error', null);
    if (res.status === 401 && e.code === 'unauthorized') api.onUnauthorized?.();
    throw e;
  }
  async function answer<T>(res: Response): Promise<T> {
    return (await res.json()) as T;
  }
  return api;
}
