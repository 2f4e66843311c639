/**
 * The Fastify app. Order of checks for every request: shutting down? → authentication (before
 * the body is read: a request without a valid token gets 401 whatever its body) → protocol
 * version → scope (a device route outside its kind's scopes: 403 `forbidden`) → rate limit →
 * body parsing (a compressed body decoded first, its decoded size under the limit: compression.ts)
 * → zod validation → handler.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { z } from 'zod';
import { CSRF_HEADER, deviceMay, MAX_BODY_BYTES, MIN_PROTOCOL_VERSION, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, SESSION_COOKIE } from '../../shared/protocol';
import { forbidden, GatewayError, validationDetails } from '../errors';
import { authenticateAdmin, authenticateDevice } from '../store/devices';
import { authenticateSession } from '../store/console';
import { registerConsole } from './console-page';
import { cookieValue } from './cookies';
import type { RouteContext } from './context';
import { ROUTES } from './routes';
import { openApiDocument } from './openapi';
import { registerCompression } from './compression';

export interface ServerOptions {
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
  /** Requests per minute per device (or per address when unauthenticated). */
  rateLimitPerMinute?: number;
  /** Limit of the endpoints that declare a stricter one (enrollment: 20/min per address; signing-key registration: 10/min per device). */
  strictRateLimitPerMinute?: number;
  /** Extra admin tokens accepted besides those in the database (e.g. from the environment). */
  adminTokens?: string[];
  version?: string;
  /** Registers demo-only admin endpoints (seeding). */
  demoAdmin?: boolean;
  /** The built province console (`out/console`); the default is the build output of this checkout. */
  consoleDir?: string;
  /** The gateway terminates TLS itself (`serve --tls-cert/--tls-key`): PEM key and certificate chain. */
  tls?: { key: Buffer | string; cert: Buffer | string };
  /**
   * Addresses of the reverse proxy that terminates TLS in front of the gateway (`serve
   * --trust-proxy`: IPs or CIDRs, comma-separated): its `X-Forwarded-Proto`/`-For` are believed
   * from these only (the session cookie's `Secure`, the rate limit's client address).
   */
  trustProxy?: string;
}

function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9_\-.~+/=]{16,256})$/.exec(h.trim());
  return m?.[1] ?? null;
}

function parse<T extends z.ZodType>(schema: T | undefined, value: unknown, part: 'body' | 'query' | 'params'): z.infer<T> | undefined {
  if (!schema) return undefined;
  const r = schema.safeParse(value);
  if (!r.success) throw new GatewayError('validation', validationDetails(r.error, part));
  return r.data;
}

/** What a console session whose password must be changed may still call. */
const PASSWORD_CHANGE_ROUTES = new Set<string>([PATHS.adminSession, PATHS.adminSessionLogout, PATHS.adminSessionPassword]);

export async function buildServer(ctx: RouteContext, opts: ServerOptions = {}): Promise<{ app: FastifyInstance; inFlight: () => number; setClosing(): void }> {
  const app = Fastify({
    logger: opts.logger === undefined || opts.logger === false ? false : {
      ...(opts.logger === true ? { level: 'info' } : opts.logger),
      // Tokens never reach a log; bodies are never logged (they carry personal data).
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.body'], censor: '[redacted]' },
    },
    bodyLimit: MAX_BODY_BYTES,
    return503OnClosing: false,
    trustProxy: opts.trustProxy ?? false,
    ...(opts.tls ? { https: { key: opts.tls.key, cert: opts.tls.cert } } : {}),
  }) as unknown as FastifyInstance;
  let closing = false;
  let inFlight = 0;
  const adminExtra = new Set(opts.adminTokens ?? []);

  app.addHook('onRequest', async (req, reply) => {
    if (closing) {
      reply.header('connection', 'close');
      throw new GatewayError('shutting-down');
    }
    const cfg = req.routeOptions.config;
    if (cfg.auth === 'device' || (cfg.auth === 'admin' && req.headers.authorization !== undefined)) {
      const token = bearerToken(req);
      if (!token) throw new GatewayError('unauthorized');
      if (cfg.auth === 'device') {
        // A feed page request reads its streams' heads (the page cache's key) in the same statement.
        const { device, feedHeads } = await authenticateDevice(ctx.db, token, req.routeOptions.url === PATHS.changes);
        req.device = device;
        if (feedHeads) req.feedHeads = feedHeads;
      } else {
        const actor = adminExtra.has(token) ? 'env' : await authenticateAdmin(ctx.db, token);
        if (actor === null) throw new GatewayError('unauthorized');
        req.isAdmin = true;
        req.adminActor = actor;
        req.admin = { actor, role: 'province', agency: null };
      }
    }
    if (cfg.auth === 'admin' && !req.admin) {
      // The province console: a session cookie instead of a bearer token (docs/SECURITY.md §8).
      const cookie = cookieValue(req, SESSION_COOKIE);
      const session = cookie === null ? null : await authenticateSession(ctx.db, cookie);
      if (!session) throw new GatewayError('unauthorized');
      // Every state-changing call of a cookie session echoes the session's CSRF token.
      if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers[CSRF_HEADER] !== session.csrfToken) {
        throw forbidden('csrf');
      }
      // A password another admin set must be replaced first: until then the session may only say
      // who it is, sign out, or change the password (store/console.ts resetAdminPassword).
      if (session.session?.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(req.routeOptions.url ?? '')) {
        throw forbidden('password-change-required');
      }
      req.isAdmin = true;
      req.adminActor = session.actor;
      req.admin = session;
    }
    if (cfg.adminRole === 'province' && req.admin && req.admin.role !== 'province') throw forbidden('role');
    if (cfg.versioned) {
      const got = req.headers[PROTOCOL_HEADER];
      const v = typeof got === 'string' && /^\d{1,4}$/.test(got) ? Number(got) : NaN;
      if (!(v >= MIN_PROTOCOL_VERSION && v <= PROTOCOL_VERSION)) {
        throw new GatewayError('protocol-version', { min: MIN_PROTOCOL_VERSION, max: PROTOCOL_VERSION, got: typeof got === 'string' ? got.slice(0, 16) : null });
      }
    }
    // Least privilege per device kind, enforced here once for every device route (routes.ts).
    if (cfg.scope && req.device && !deviceMay(req.device.kind, cfg.scope)) {
      throw forbidden('scope', { scope: cfg.scope, deviceKind: req.device.kind });
    }
  });
  registerCompression(app);
  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header(PROTOCOL_HEADER, String(PROTOCOL_VERSION));
    // While closing, an answer finishing an in-flight batch ends its keep-alive connection,
    // so close() does not wait for the client's idle timeout.
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  app.setErrorHandler((err: FastifyError | GatewayError, req, reply) => {
    let g: GatewayError;
    if (err instanceof GatewayError) {
      g = err;
      // The operator's view of a file store that does not answer (files/s3.ts: what S3 said, never credentials).
      if (g.code === 'storage-unavailable') req.log.error({ err: { code: g.code, cause: g.cause } }, 'file storage unavailable');
    }
    else if (err.statusCode === 413) g = new GatewayError('payload-too-large', { limit: MAX_BODY_BYTES });
    else if (err.statusCode === 429) g = new GatewayError('rate-limited');
    else if (err.statusCode === 415 || (err.code ?? '').startsWith('FST_ERR_CTP') || err instanceof SyntaxError) g = new GatewayError('malformed');
    else if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) g = new GatewayError('malformed');
    else {
      req.log.error({ err: { message: err.message, code: (err as FastifyError).code, stack: err.stack } }, 'request failed');
      g = new GatewayError('internal');
    }
    if ((g.code === 'unauthorized' && req.headers.cookie === undefined) || g.code === 'device-revoked') reply.header('www-authenticate', 'Bearer');
    void reply.code(g.status).send(g.body());
  });
  app.setNotFoundHandler((_req, reply) => {
    const g = new GatewayError('not-found');
    void reply.code(g.status).send(g.body());
  });

  await app.register(rateLimit, {
    global: true,
    max: opts.rateLimitPerMinute ?? 6000,
    timeWindow: 60_000,
    keyGenerator: (req) => req.device?.id ?? req.ip,
    errorResponseBuilder: () => new GatewayError('rate-limited'),
  });

  const routes = ROUTES.filter((r) => !r.demoOnly || opts.demoAdmin === true);
  for (const r of routes) {
    if (r.auth === 'device' && !r.scope) throw new Error(`device route ${r.method} ${r.path} declares no scope`);
  }
  const doc = openApiDocument(routes, opts.version ?? '0.0.0');
  app.get(PATHS.openapi, { config: { auth: 'none', versioned: false } }, async () => doc);

  // File chunks arrive as raw bytes (routes with `rawBody`, each with its own limit).
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.path,
      ...(r.rawBody !== undefined ? { bodyLimit: r.rawBody } : {}),
      config: { auth: r.auth, versioned: r.versioned, ...(r.scope ? { scope: r.scope } : {}), ...(r.adminRole ? { adminRole: r.adminRole } : {}), ...(r.rateLimit ? { rateLimit: { ...r.rateLimit, max: opts.strictRateLimitPerMinute ?? r.rateLimit.max } } : {}) },
      handler: async (req, reply) => {
        inFlight++;
        try {
          const input = {
            body: (r.rawBody !== undefined ? undefined : parse(r.body, req.body ?? {}, 'body')) as never,
            query: parse(r.query, req.query, 'query') as never,
            params: parse(r.params, req.params, 'params') as never,
          };
          return await r.handler(ctx, input, req, reply);
        } finally {
          inFlight--;
        }
      },
    });
  }
  registerConsole(app, opts.consoleDir);
  return { app, inFlight: () => inFlight, setClosing: () => { closing = true; } };
}
