import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import { v7 as uuidv7 } from 'uuid';
import { freshDatabase, startGateway, TEST_PG_URL, type TestGateway } from '../helpers/gateway';
import { migrate, MIGRATIONS } from '../../src/gateway/db/migrations';
import { openPg } from '../../src/gateway/db/pg';
import { DEVICE_SCOPES, Mutation, PROTOCOL_HEADER } from '../../src/shared/protocol';

type Op = { security: Record<string, string[]>[]; 'x-kiosk-scope'?: string; description?: string; parameters: { name: string; in: string; required: boolean }[]; requestBody?: { content: Record<string, { schema: object }> }; responses: Record<string, unknown> };

describe('OpenAPI document', () => {
  let gw: TestGateway;
  let doc: {
    openapi: string; paths: Record<string, Record<string, Op>>; components: { securitySchemes: Record<string, { scheme: string }> };
    'x-kiosk-device-scopes': unknown;
  };
  beforeAll(async () => {
    gw = await startGateway();
    doc = (await (await fetch(`${gw.url}/openapi.json`)).json()) as typeof doc;
  });
  afterAll(async () => gw?.close());

  it('is OpenAPI 3.1 and every secured operation declares its bearer scheme', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.deviceBearer?.scheme).toBe('bearer');
    const open = new Set(['GET /v1/health', 'POST /v1/enroll', 'POST /v1/admin/session', 'GET /v1/admin/session/state']);
    let secured = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (open.has(key)) {
          expect(op.security, key).toEqual([]);
          continue;
        }
        secured++;
        // A device route: its bearer token; an admin route: a bearer token or the console's session.
        expect(op.security.map((x) => Object.keys(x)[0]), key).toEqual(path.startsWith('/v1/admin/') ? ['adminBearer', 'consoleSession'] : ['deviceBearer']);
        expect(op.responses['401'], key).toBeDefined();
        expect(op.parameters.find((p) => p.name === PROTOCOL_HEADER)?.required, key).toBe(true);
      }
    }
    expect(secured).toBeGreaterThanOrEqual(12);
  });

  it('shows the scope of every device route and the kinds that hold it, and its 403', () => {
    expect(doc['x-kiosk-device-scopes']).toEqual(DEVICE_SCOPES);
    const scopes: Record<string, string> = {};
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (Object.keys(op.security[0] ?? {})[0] !== 'deviceBearer') {
          expect(op['x-kiosk-scope'], key).toBeUndefined();
          continue;
        }
        expect(op['x-kiosk-scope'], key).toBeDefined();
        scopes[key] = op['x-kiosk-scope']!;
        expect(op.description, key).toContain(`scope \`${op['x-kiosk-scope']}\``);
        expect(op.responses['403'], key).toBeDefined();
      }
    }
    expect(scopes).toMatchObject({
      'GET /v1/changes': 'feed', 'POST /v1/mutations': 'rate', 'POST /v1/mutations/status': 'mutation-status',
      'POST /v1/leases': 'lease', 'GET /v1/leases': 'lease', 'POST /v1/leases/{id}/release': 'lease', 'POST /v1/staff/keys': 'staff-key',
      'GET /v1/lookup/{code}': 'lookup', 'POST /v1/heartbeat': 'heartbeat', 'POST /v1/device/rotate': 'rotate',
    });
    expect(doc.paths['/v1/leases']?.post?.description).toContain('device kinds counter.');
    expect(doc.paths['/v1/changes']?.get?.description).toContain('device kinds kiosk, counter.');
  });

  it('describes request bodies a kiosk actually sends', () => {
    const schema = doc.paths['/v1/mutations']?.post?.requestBody?.content['application/json']?.schema;
    expect(schema).toBeDefined();
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(schema as object);
    const m = Mutation.parse({ id: uuidv7(), type: 'dossier.rate', at: new Date().toISOString(), payload: { code: '000.00.01.H08-250101-0001', score: 4 } });
    expect(validate({ mutations: [m] })).toBe(true);
    expect(validate({ mutations: [] })).toBe(false);
  });
});

describe('migrations', () => {
  it('are numbered, recorded, and safe to run from two processes at once on PostgreSQL', async () => {
    // Strictly increasing (numbers are handed out to parallel work ahead, so a gap may wait for its step).
    const ids = MIGRATIONS.map((m) => m.id);
    expect(ids).toEqual([...new Set(ids)].sort((x, y) => x - y));
    expect(ids[0]).toBe(1);
    const fresh = await freshDatabase(TEST_PG_URL);
    const a = await openPg(fresh.url, 2);
    const b = await openPg(fresh.url, 2);
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      expect([...ra, ...rb].sort((x, y) => x - y)).toEqual(MIGRATIONS.map((m) => m.id));
      expect(await migrate(a)).toEqual([]);
      const rows = await a.query<{ id: number }>('select id from schema_migrations order by id');
      expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    } finally {
      await a.close();
      await b.close();
      await fresh.drop();
    }
  });

  it('16 gives the stored citizen views their `rated` from the dossier\'s rating', async () => {
    const gw = await startGateway({ seed: 'demo', dossiersPerAgency: 3 });
    try {
      const codes = (await gw.db.query<{ code: string }>('select code from dossiers order by code limit 2')).map((r) => r.code);
      // As stored before the migration: no `rated`; one of the two rated.
      await gw.db.query(`update dossiers set data = jsonb_set(data::jsonb, '{rating}', '{"score":3,"at":"2026-03-20T03:00:00.000Z"}')::jsonb where code = $1`, [codes[0]]);
      await gw.db.query(`update dossiers set data = jsonb_set(data::jsonb, '{rating}', 'null')::jsonb where code = $1`, [codes[1]]);
      await gw.db.query(`update dossiers set public_data = (public_data::jsonb - 'rated')::json where code = any($1)`, [codes]);
      await gw.db.query(MIGRATIONS.find((m) => m.id === 16)!.sql);
      const rows = await gw.db.query<{ code: string; rated: string }>(`select code, public_data->>'rated' as rated from dossiers where code = any($1) order by code`, [codes]);
      expect(rows.map((r) => r.rated)).toEqual(['true', 'false']);
    } finally {
      await gw.close();
    }
  });
});
