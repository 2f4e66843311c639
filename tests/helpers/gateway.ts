/**
 * A real provincial gateway on 127.0.0.1 (port 0) for tests.
 *
 *   const gw = await startGateway({ storage: 'pglite', seed: 'demo' });
 *   const { code } = await gw.createEnrollCode('000.00.01.H08');
 *   … fetch(gw.url + '/v1/…') …
 *   await gw.close();
 *
 * `storage: { databaseUrl }` runs on a real PostgreSQL server: by default a fresh database is
 * created there (role needs CREATEDB) and dropped on close, so test files never collide.
 */
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGateway, migratedTemplate, type Gateway, type GatewayOptions } from '../../src/gateway/gateway';
import { MIGRATIONS } from '../../src/gateway/db/migrations';
import type { Db } from '../../src/gateway/db/types';
import type { Meta } from '../../src/gateway/store/meta';
import { createAdminToken, createEnrollCode } from '../../src/gateway/store/devices';
import { seedCatalog, seedDemo } from '../../src/gateway/demo/seed';
import { DEMO_AGENCIES } from '../../src/gateway/demo/catalog';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, type DeviceKind, type EnrollCodeResponse, type EnrollResponse } from '../../src/shared/protocol';

export const TEST_PG_URL = process.env.KIOSK_TEST_PG_URL ?? 'postgresql://kiosk:kiosk@127.0.0.1:5432/kiosk_test';
export { DEMO_AGENCIES };

export type TestStorage = 'pglite' | { databaseUrl: string; fresh?: boolean };

export interface StartOptions extends Partial<Omit<GatewayOptions, 'storage'>> {
  storage?: TestStorage;
  /** `demo`: the whole demo; `catalog`: procedures and holidays only. */
  seed?: 'demo' | 'catalog';
  dossiersPerAgency?: number;
}

export interface TestGateway {
  url: string;
  gateway: Gateway;
  db: Db;
  meta: Meta;
  /** An admin bearer token for /v1/admin/*, and its id (the actor in the audit log). */
  adminToken: string;
  adminTokenId: string;
  /** The database URL when on PostgreSQL (the fresh one). */
  databaseUrl: string | null;
  /** A code for a device of `kind` (default counter). */
  createEnrollCode(agency: string, counter?: string, kind?: DeviceKind): Promise<EnrollCodeResponse>;
  /** Enrolls a device of `agency` (with a code issued for its kind) and returns its identity and token. */
  enroll(agency: string, opts?: { counter?: string; kind?: 'counter' | 'kiosk'; name?: string }): Promise<EnrollResponse>;
  close(): Promise<void>;
}

/** Creates an empty database next to `baseUrl`'s and returns its URL and a dropper. */
export async function freshDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kiosk_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      try {
        // A closed pool's backends may still be exiting on the server for a moment.
        for (let i = 0; ; i++) {
          try {
            await c.query(`drop database if exists ${name}`);
            return;
          } catch (err) {
            if (i >= 50) throw err;
            await new Promise((r) => setTimeout(r, 100));
          }
        }
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * A migrated empty PGlite database, cached on disk across test processes (keyed by the
 * migrations), because initdb in WebAssembly costs seconds per process on a busy machine.
 */
export async function pgliteTemplate(): Promise<Blob> {
  const key = createHash('sha256').update(JSON.stringify(MIGRATIONS)).digest('hex').slice(0, 16);
  const file = join(tmpdir(), `kiosk-gateway-template-${key}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    const blob = await migratedTemplate();
    const tmp = `${file}.${process.pid}`;
    writeFileSync(tmp, Buffer.from(await blob.arrayBuffer()));
    renameSync(tmp, file);
    return blob;
  }
}

export async function startGateway(opts: StartOptions = {}): Promise<TestGateway> {
  const { storage = 'pglite', seed, dossiersPerAgency, ...rest } = opts;
  let drop: (() => Promise<void>) | null = null;
  let databaseUrl: string | null = null;
  if (storage !== 'pglite') {
    if (storage.fresh === false) {
      databaseUrl = storage.databaseUrl;
    } else {
      const f = await freshDatabase(storage.databaseUrl);
      databaseUrl = f.url;
      drop = f.drop;
    }
  }
  const gateway = await createGateway({
    demoAdmin: true,
    ...rest,
    storage: databaseUrl ? { kind: 'pg', url: databaseUrl } : { kind: 'pglite', template: await pgliteTemplate() },
  });
  if (seed === 'demo') await seedDemo(gateway.db, { dossiersPerAgency });
  if (seed === 'catalog') await seedCatalog(gateway.db);
  const url = await gateway.listen(0);
  const admin = await createAdminToken(gateway.db, 'test');
  const t: TestGateway = {
    url, gateway, db: gateway.db, meta: gateway.meta, adminToken: admin.token, adminTokenId: admin.id, databaseUrl,
    createEnrollCode: (agency, counter, kind) => createEnrollCode(gateway.db, { agency, counter: counter ?? null, kind }),
    async enroll(agency, o = {}) {
      const { code } = await t.createEnrollCode(agency, o.counter, o.kind ?? 'counter');
      const res = await fetch(`${url}/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        body: JSON.stringify({ code, deviceName: o.name ?? 'test device', kind: o.kind ?? 'counter', appVersion: 'test' }),
      });
      if (!res.ok) throw new Error(`enroll failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as EnrollResponse;
    },
    async close() {
      await gateway.close();
      await drop?.();
    },
  };
  return t;
}

export interface ApiAnswer<T = unknown> { status: number; body: T; headers: Headers }

/** Minimal protocol client for tests: bearer token and version header by default. */
export function apiClient(base: string, token?: string, version: string | null = String(PROTOCOL_VERSION)) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers loosely
  return async function api<T = any>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...extra };
    if (token) headers.authorization = `Bearer ${token}`;
    if (version !== null) headers[PROTOCOL_HEADER] = version;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
}
