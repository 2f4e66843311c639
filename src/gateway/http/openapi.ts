/** OpenAPI 3.1 document generated from the route table and the shared zod schemas. */
import { z } from 'zod';
import { CSRF_HEADER, DEVICE_SCOPES, ErrorBody, PROTOCOL_HEADER, PROTOCOL_VERSION, SESSION_COOKIE, type ErrorCode, type Scope } from '../../shared/protocol';
import { STATUS } from '../errors';
import type { RouteSpec } from './routes';

const json = (s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

/** The device kinds whose scopes include `scope` (trust.ts DEVICE_SCOPES). */
export const kindsWith = (scope: Scope): string[] =>
  Object.entries(DEVICE_SCOPES).filter(([, scopes]) => scopes.includes(scope)).map(([kind]) => kind);

export function openApiDocument(routes: RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorSchema = json(ErrorBody, 'output');
  for (const r of routes) {
    const oaPath = r.path.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    if (r.versioned) {
      parameters.push({ name: PROTOCOL_HEADER, in: 'header', required: true, schema: { type: 'string', const: String(PROTOCOL_VERSION) } });
    }
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      if (!schema) continue;
      const js = json(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    const responses: Record<string, unknown> = {
      200: { description: 'OK', content: { 'application/json': { schema: json(r.response, 'output') } } },
    };
    // A device route outside the device kind's scopes answers 403 forbidden (server.ts).
    const errors: ErrorCode[] = r.scope && !r.errors.includes('forbidden') ? [...r.errors, 'forbidden'] : r.errors;
    for (const code of errors) {
      const status = String(STATUS[code]);
      const prev = responses[status] as { description: string } | undefined;
      responses[status] = {
        description: prev ? `${prev.description}, ${code}` : code,
        content: { 'application/json': { schema: errorSchema } },
      };
    }
    paths[oaPath] = {
      ...paths[oaPath],
      [r.method.toLowerCase()]: {
        operationId: r.operationId,
        summary: r.summary,
        ...(r.scope ? {
          description: `Device scope \`${r.scope}\`: device kinds ${kindsWith(r.scope).join(', ')}. Any other kind is answered 403 forbidden (details.reason = scope).`,
          'x-kiosk-scope': r.scope,
        } : {}),
        // An admin route takes a bearer token or the console's session cookie (with the CSRF header on a POST).
        security: r.auth === 'device' ? [{ deviceBearer: [] }] : r.auth === 'admin' ? [{ adminBearer: [] }, { consoleSession: [] }] : [],
        ...(r.adminRole ? { 'x-kiosk-admin-role': r.adminRole } : {}),
        parameters,
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(r.body, 'input') } } } } : {}),
        ...(r.rawBody !== undefined ? { requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary', maxLength: r.rawBody } } } } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Một Cửa Kiosk provincial gateway',
      version,
      description: `Kiosk sync protocol v${PROTOCOL_VERSION}. Every /v1 request except /v1/health carries the ${PROTOCOL_HEADER} header. `
        + 'Each device route names the scope it needs (x-kiosk-scope); x-kiosk-device-scopes lists the scopes of each device kind. See docs/SYNC-PROTOCOL.md and docs/SECURITY.md.',
    },
    'x-kiosk-device-scopes': DEVICE_SCOPES,
    components: {
      securitySchemes: {
        deviceBearer: { type: 'http', scheme: 'bearer', description: 'Device token from /v1/enroll.' },
        adminBearer: { type: 'http', scheme: 'bearer', description: 'Province administrator token (acts as the province role).' },
        consoleSession: {
          type: 'apiKey', in: 'cookie', name: SESSION_COOKIE,
          description: `The province console's session (POST /v1/admin/session). A POST also carries the session's CSRF token in ${CSRF_HEADER}, else 403 forbidden (reason csrf). An agency admin may reach its own agency only (403 forbidden, reason agency); routes marked x-kiosk-admin-role: province refuse it (reason role).`,
        },
      },
    },
    paths,
  };
}
