/**
 * The host-side HTTP transport to the provincial gateway (docs/RELIABILITY.md item 22).
 *
 * Holds the device credential and adds it to every request; refuses plain HTTP except to a
 * loopback address (the embedded demo gateway); gives every request a deadline, so a stuck
 * connection becomes a `timeout` error instead of a hung sync run; pins every request to the
 * enrolled gateway's origin, so a path handed over by the renderer cannot reach another host.
 * Implements the renderer's SyncTransport contract as is (`request`), so the CLI and the tests use
 * the very same code the bridge calls.
 */
import { BridgeError } from '../../shared/bridge/error';
import { bilingual } from '../../shared/messages';
import { ErrorBody, type ErrorCode, type GatewayClientErrorCode } from '../../shared/protocol/errors';
import {
  AUTH_HEADER, COMPRESS_MIN_BYTES, COMPRESSION_HEADER, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, WIRE_CODINGS, bearer, type WireCoding,
} from '../../shared/protocol/version';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { EnrollResponse, normalizeEnrollCode, type DeviceIdentity } from '../../shared/protocol/enroll';
import type { CredentialStore, DeviceCredential } from './credentials';

export interface GatewayRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** Raw bytes sent as `application/octet-stream` (a file chunk), given directly (CLI, tests)… */
  bytes?: Uint8Array;
  /** …or as base64, as they cross the bridge from the renderer. */
  bytes64?: string;
  /** This request's deadline (ms) instead of the client's default: the sync engine's, from the line it measured. */
  timeoutMs?: number;
}

export interface GatewayResponse {
  status: number;
  body: unknown;
}

export interface GatewayClientOptions {
  store: CredentialStore;
  /** Deadline of one request (ms). A 100-mutation batch on a slow commune link fits well inside. */
  timeoutMs?: number;
  /** Largest answer read (bytes); a change-feed page is far below it. */
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  /** Sent at enrollment so the province can tell counters apart. */
  appVersion?: string;
  /**
   * Ask for compressed answers and compress bodies once the gateway said it takes them
   * (docs/SYNC-PROTOCOL.md §1.1). Default true.
   */
  compression?: boolean;
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** A request body in the coding the gateway accepts (brotli quality 4, gzip level 6, as the gateway). */
async function encodeBody(coding: WireCoding, text: string): Promise<Buffer> {
  const data = Buffer.from(text);
  return coding === 'br' ? brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }) : gzip(data, { level: 6 });
}

/** The first coding we know in the gateway's COMPRESSION_HEADER, or null. */
export function advertisedCoding(header: string | null): WireCoding | null {
  if (!header) return null;
  const offered = header.split(',').map((s) => s.trim().toLowerCase());
  return WIRE_CODINGS.find((c) => offered.includes(c)) ?? null;
}

export interface EnrollInput {
  url: string;
  code: string;
  deviceName?: string;
  kind?: 'counter' | 'kiosk';
}

export interface GatewayStatus {
  enrolled: boolean;
  gatewayUrl: string | null;
  /** Who this device is (agency, counter, idSalt) — everything but the token. */
  identity: DeviceIdentity | null;
}

/** Errors carry a machine code (the bridge passes it to the renderer untouched). */
export class GatewayClientError extends BridgeError {
  /** The client's own code, `bad-path` (a path leaving the gateway), or the gateway's own code on enrollment. */
  constructor(override readonly code: GatewayClientErrorCode | ErrorCode | 'bad-path', message: string, readonly status?: number) {
    super(code, message);
    this.name = 'GatewayClientError';
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Parses a gateway base URL; HTTPS is required unless the host is loopback. */
export function checkGatewayUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new GatewayClientError('insecure-url', 'Địa chỉ máy chủ không hợp lệ / Invalid gateway URL');
  }
  if (url.username || url.password) throw new GatewayClientError('insecure-url', 'Địa chỉ không được chứa mật khẩu / URL must not carry credentials');
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return url;
  throw new GatewayClientError('insecure-url', 'Máy chủ tỉnh phải dùng HTTPS / The gateway must use HTTPS (plain HTTP only on loopback)');
}

export function resolvePath(base: URL, path: string): URL {
  // `//evil.example/x` or an absolute URL would change the origin; `..` would climb out of a base path.
  if (!path.startsWith('/') || path.startsWith('//') || path.includes('\\') || /(^|\/)\.\.?(\/|$|\?)/.test(path)) {
    throw new GatewayClientError('bad-path', `Invalid gateway path`);
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const url = new URL(prefix + path, base.origin);
  if (url.origin !== base.origin) throw new GatewayClientError('bad-path', 'Invalid gateway path');
  return url;
}

/** Whether `path` under `base` is one of the gateway's credential-issuing routes, as the gateway's
 * router would read it (percent-decoded, trailing slashes ignored). */
export function issuesCredential(base: URL, path: string): boolean {
  const url = resolvePath(base, path);
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    throw new GatewayClientError('bad-path', 'Invalid gateway path');
  }
  const prefix = base.pathname.replace(/\/+$/, '');
  const own = decoded.startsWith(prefix) ? decoded.slice(prefix.length) : decoded;
  const route = own.replace(/\/+$/, '');
  return route === PATHS.enroll || route === PATHS.rotateToken;
}

export class GatewayClient {
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly fetchImpl: typeof fetch;
  private cached: DeviceCredential | null | undefined;
  /** What the gateway said it decodes in request bodies (null until an answer said so). */
  private bodyCoding: WireCoding | null = null;
  private readonly compression: boolean;

  constructor(private readonly opts: GatewayClientOptions) {
    this.timeoutMs = opts.timeoutMs ?? 15_000;
    this.maxBytes = opts.maxResponseBytes ?? 32 * 1024 * 1024;
    this.fetchImpl = opts.fetch ?? fetch;
    this.compression = opts.compression ?? true;
  }

  /** The coding request bodies are sent in (null: plain). For tests and the benchmarks. */
  get requestCoding(): WireCoding | null {
    return this.bodyCoding;
  }

  private async credential(): Promise<DeviceCredential | null> {
    if (this.cached === undefined) this.cached = await this.opts.store.load();
    return this.cached;
  }

  async status(): Promise<GatewayStatus> {
    const c = await this.credential();
    return { enrolled: c !== null, gatewayUrl: c?.gatewayUrl ?? null, identity: c?.identity ?? null };
  }

  /**
   * Trades a single-use enrollment code for a device credential, kept here and never returned:
   * the answer is the device's identity without the token.
   */
  async enroll(input: EnrollInput): Promise<DeviceIdentity> {
    const base = checkGatewayUrl(input.url);
    const body = {
      code: normalizeEnrollCode(input.code),
      deviceName: input.deviceName ?? 'kiosk',
      kind: input.kind ?? 'counter',
      appVersion: this.opts.appVersion ?? '0.0.0',
    };
    // A person waits for this one answer, and a lost one burns the single-use code: be patient.
    const res = await this.send(base, { method: 'POST', path: PATHS.enroll, body }, null, Math.max(this.timeoutMs, 30_000));
    const parsed = EnrollResponse.safeParse(res.body);
    if (res.status !== 200 && res.status !== 201) {
      // The gateway's own code (`enroll-code-used`, `enroll-code-expired`…) is what the UI translates.
      const refused = ErrorBody.safeParse(res.body);
      // A proxy in front of the gateway answering that it could not reach it (502/503/504 without
      // the gateway's own error body): the gateway was not reached, nothing was refused.
      if (!refused.success && [502, 503, 504].includes(res.status)) {
        throw new GatewayClientError('network', `Gateway not reachable behind a proxy (HTTP ${res.status})`, res.status);
      }
      const code = refused.success ? refused.data.error.code : 'enroll-failed';
      throw new GatewayClientError(code, `Enrollment refused (${code})`, res.status);
    }
    if (!parsed.success) throw new GatewayClientError('bad-response', 'Enrollment answer did not match the protocol');
    const { token, serverTime: _serverTime, ...identity } = parsed.data;
    const cred: DeviceCredential = { gatewayUrl: base.href, deviceId: identity.deviceId, token, identity, enrolledAt: Date.now() };
    await this.opts.store.save(cred);
    this.cached = cred;
    return identity;
  }

  /** Drops the credential (after the province revoked it, before enrolling again). */
  async forget(): Promise<void> {
    await this.opts.store.clear();
    this.cached = null;
  }

  /**
   * The renderer's requests (`gateway.request`), with the device token added. Any HTTP answer
   * resolves (4xx/5xx included); only a missing answer rejects. The paths that answer with a
   * credential (enrollment, token rotation) are refused: the token never reaches the renderer
   * (docs/SECURITY.md), and enrolling is `gateway.enroll`, a technician's call.
   */
  async request(req: GatewayRequest): Promise<GatewayResponse> {
    const c = await this.credential();
    if (!c) throw new GatewayClientError('not-enrolled', bilingual('sync', 'not-enrolled'));
    const base = checkGatewayUrl(c.gatewayUrl);
    if (issuesCredential(base, req.path)) throw new GatewayClientError('bad-path', 'This gateway path is not open to the screens');
    return this.send(base, req, c.token, req.timeoutMs ?? this.timeoutMs);
  }

  private async send(base: URL, req: GatewayRequest, token: string | null, timeoutMs = this.timeoutMs): Promise<GatewayResponse> {
    const url = resolvePath(base, req.path);
    const headers: Record<string, string> = { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), accept: 'application/json' };
    if (token) headers[AUTH_HEADER] = bearer(token);
    headers['accept-encoding'] = this.compression ? 'br, gzip' : 'identity';
    let body: string | Uint8Array<ArrayBuffer> | undefined;
    const raw = req.bytes instanceof Uint8Array ? req.bytes : req.bytes64 !== undefined ? Buffer.from(req.bytes64, 'base64') : null;
    if (raw) {
      // A file chunk: raw bytes, never compressed (photos and PDFs are compressed already).
      headers['content-type'] = 'application/octet-stream';
      // A view of a whole ArrayBuffer goes as it is (a run of chunks is up to 4 MiB: no copy).
      body = raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength && raw.buffer instanceof ArrayBuffer
        ? raw as Uint8Array<ArrayBuffer>
        : new Uint8Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer);
    } else if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
      const coding = this.compression ? this.bodyCoding : null;
      if (coding && Buffer.byteLength(body) >= COMPRESS_MIN_BYTES) {
        body = new Uint8Array(await encodeBody(coding, body));
        headers['content-encoding'] = coding;
      }
    }
    const signal = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method: req.method,
        headers,
        body,
        signal,
        redirect: 'error', // a redirect could leave the pinned origin or downgrade to HTTP
      });
    } catch (err) {
      throw this.wrap(err, signal);
    }
    // Only an answer of the gateway itself says what it decodes (a proxy's error page does not).
    if (res.headers.get(PROTOCOL_HEADER) !== null) this.bodyCoding = advertisedCoding(res.headers.get(COMPRESSION_HEADER));
    let text: string;
    try {
      text = await readCapped(res, this.maxBytes);
    } catch (err) {
      throw this.wrap(err, signal);
    }
    if (text === '') return { status: res.status, body: null };
    try {
      return { status: res.status, body: JSON.parse(text) };
    } catch {
      if (res.status >= 500) return { status: res.status, body: null };
      throw new GatewayClientError('bad-response', `Gateway answered ${res.status} with a body that is not JSON`);
    }
  }

  private wrap(err: unknown, signal: AbortSignal): GatewayClientError {
    if (err instanceof GatewayClientError) return err;
    if (signal.aborted) return new GatewayClientError('timeout', bilingual('sync', 'timeout'));
    const cause = err instanceof Error ? (err.cause as { code?: string } | undefined)?.code ?? err.message : String(err);
    return new GatewayClientError('network', `Không kết nối được máy chủ / Cannot reach the gateway (${cause})`);
  }
}

async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new GatewayClientError('bad-response', 'Gateway answer too large');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
