/** OpenAPI 3.1 document generated from the route table and the shared zod schemas. */
import { z } from 'zod';
import { ErrorBody, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/protocol';
import { STATUS } from '../errors';
import type { RouteSpec } from './routes';

const json = (s: z.ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

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
    for (const code of r.errors) {
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
        security: r.auth === 'device' ? [{ deviceBearer: [] }] : r.auth === 'admin' ? [{ adminBearer: [] }] : [],
        parameters,
        ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: json(r.body, 'input') } } } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Một Cửa Kiosk provincial gateway',
      version,
      description: `Kiosk sync protocol v${PROTOCOL_VERSION}. Every /v1 request except /v1/health carries the ${PROTOCOL_HEADER} header. See docs/SYNC-PROTOCOL.md.`,
    },
    components: {
      securitySchemes: {
        deviceBearer: { type: 'http', scheme: 'bearer', description: 'Device token from /v1/enroll.' },
        adminBearer: { type: 'http', scheme: 'bearer', description: 'Province administrator token.' },
      },
    },
    paths,
  };
}
