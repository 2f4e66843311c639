/**
 * Compression on the wire (docs/SYNC-PROTOCOL.md §1.1), against the real gateway on loopback:
 * answers by Accept-Encoding, bodies by Content-Encoding with the decoded size under the limit,
 * and the host's GatewayClient compressing only once the gateway said it may.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayClient } from '../../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../../src/main/gateway-client/credentials';
import { COMPRESSION_HEADER, MAX_BODY_BYTES, PROTOCOL_HEADER, type EnrollResponse } from '../../src/shared/protocol';
import { negotiate } from '../../src/gateway/http/compression';
import { startGateway, type TestGateway } from '../helpers/gateway';

const A1 = '000.00.01.H08';

interface Raw { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** One exchange with the raw bytes of the answer (fetch would decode them). */
function raw(url: string, method: string, headers: Record<string, string>, body?: Buffer): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const decode = (r: Raw): string => {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return zlib.brotliDecompressSync(r.body).toString();
  if (enc === 'gzip') return zlib.gunzipSync(r.body).toString();
  return r.body.toString();
};

describe('compression on the wire', () => {
  let gw: TestGateway;
  let dev: EnrollResponse;
  let auth: Record<string, string>;
  beforeAll(async () => {
    gw = await startGateway({ storage: 'pglite', seed: 'demo', dossiersPerAgency: 60 });
    dev = await gw.enroll(A1);
    auth = { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: '1' };
  });
  afterAll(async () => gw?.close());

  it('picks the coding from Accept-Encoding, q-values included', () => {
    expect(negotiate('gzip, deflate, br')).toBe('br');
    expect(negotiate('gzip')).toBe('gzip');
    expect(negotiate('br;q=0.5, gzip')).toBe('gzip');
    expect(negotiate('identity')).toBeNull();
    expect(negotiate('*')).toBe('br');
    expect(negotiate('br;q=0, *;q=0.1')).toBe('gzip');
    expect(negotiate(undefined)).toBeNull();
  });

  it('sends a feed page as brotli or gzip, the same JSON as the plain one, and says so', async () => {
    const path = `${gw.url}/v1/changes?limit=100`;
    const plain = await raw(path, 'GET', { ...auth, 'accept-encoding': 'identity' });
    const br = await raw(path, 'GET', { ...auth, 'accept-encoding': 'br, gzip' });
    const gz = await raw(path, 'GET', { ...auth, 'accept-encoding': 'gzip' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gz.headers['content-encoding']).toBe('gzip');
    for (const r of [plain, br, gz]) {
      expect(r.headers.vary).toMatch(/accept-encoding/i);
      expect(r.headers[COMPRESSION_HEADER]).toBe('br, gzip');
    }
    const body = (r: Raw) => { const p = JSON.parse(decode(r)) as { items: unknown[]; serverTime?: string }; delete p.serverTime; return p; };
    expect(body(br)).toEqual(body(plain));
    expect(body(gz)).toEqual(body(plain));
    expect(body(plain).items.length).toBe(100);
    // JSON of dossiers packs well: a few times smaller.
    expect(br.body.length).toBeLessThan(plain.body.length / 4);
    expect(gz.body.length).toBeLessThan(plain.body.length / 4);
  });

  it('leaves an answer under 1 KB plain', async () => {
    const r = await raw(`${gw.url}/v1/health`, 'GET', { 'accept-encoding': 'br, gzip' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect(r.headers[COMPRESSION_HEADER]).toBe('br, gzip');
  });

  const statusBody = (n: number) => Buffer.from(JSON.stringify({ ids: Array.from({ length: n }, () => uuidv7()) }));
  const post = (body: Buffer, coding: string) =>
    raw(`${gw.url}/v1/mutations/status`, 'POST', { ...auth, 'content-type': 'application/json', 'content-encoding': coding, 'accept-encoding': 'identity' }, body);

  it('reads a gzip or brotli request body', async () => {
    const json = statusBody(60);
    for (const [coding, packed] of [['gzip', zlib.gzipSync(json)], ['br', zlib.brotliCompressSync(json)]] as const) {
      const r = await post(packed, coding);
      expect(r.status, coding).toBe(200);
      expect((JSON.parse(r.body.toString()) as { items: unknown[] }).items).toHaveLength(60);
    }
  });

  it('refuses a body whose decoded size passes the limit (413, catalogued message), one that does not decode, and an unknown coding', async () => {
    // 4 MiB of JSON that packs into a few KB: it must be stopped at the limit, not inflated.
    const bomb = zlib.gzipSync(Buffer.concat([Buffer.from('{"ids":['), Buffer.alloc(4 * MAX_BODY_BYTES, ' '), Buffer.from(']}')]));
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES / 50);
    const big = await post(bomb, 'gzip');
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body.toString())).toMatchObject({ error: { code: 'payload-too-large', message: { vi: expect.any(String), en: expect.any(String) } } });
    const broken = await post(Buffer.from('not gzip at all, not at all'), 'gzip');
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body.toString())).toMatchObject({ error: { code: 'malformed' } });
    const deflate = await post(zlib.deflateSync(statusBody(5)), 'deflate');
    expect(deflate.status).toBe(400);
    expect(JSON.parse(deflate.body.toString())).toMatchObject({ error: { code: 'malformed' } });
    // Unauthenticated: 401 before any body is read or decoded.
    const anon = await raw(`${gw.url}/v1/mutations/status`, 'POST', { [PROTOCOL_HEADER]: '1', 'content-type': 'application/json', 'content-encoding': 'gzip' }, bomb);
    expect(anon.status).toBe(401);
  });

  it('the host client compresses bodies only after the gateway advertised it', async () => {
    const client = new GatewayClient({ store: new MemoryCredentialStore(), timeoutMs: 10_000 });
    await client.enroll({ url: gw.url, code: (await gw.createEnrollCode(A1)).code });
    expect(client.requestCoding).toBe('br');
    const r = await client.request({ method: 'POST', path: '/v1/mutations/status', body: JSON.parse(statusBody(60).toString()) });
    expect(r.status).toBe(200);
    expect((r.body as { items: unknown[] }).items).toHaveLength(60);
    const page = await client.request({ method: 'GET', path: '/v1/changes?limit=50' });
    expect((page.body as { items: unknown[] }).items).toHaveLength(50);
  });

  it('an older gateway (no advertisement) gets plain bodies', async () => {
    const seen: (string | undefined)[] = [];
    const old = http.createServer((req, res) => {
      seen.push(req.headers['content-encoding']);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', [PROTOCOL_HEADER]: '1' });
        res.end(JSON.stringify({ items: [] }));
      });
    });
    await new Promise<void>((r) => old.listen(0, '127.0.0.1', r));
    try {
      const store = new MemoryCredentialStore();
      const url = `http://127.0.0.1:${(old.address() as AddressInfo).port}`;
      await store.save({ gatewayUrl: url, deviceId: dev.deviceId, token: dev.token, identity: { deviceId: dev.deviceId, agency: dev.agency, counter: dev.counter, province: dev.province, idSalt: dev.idSalt, kind: 'counter' } as never, enrolledAt: Date.now() });
      const client = new GatewayClient({ store });
      const body = JSON.parse(statusBody(60).toString()) as unknown;
      await client.request({ method: 'POST', path: '/v1/mutations/status', body });
      await client.request({ method: 'POST', path: '/v1/mutations/status', body });
      expect(seen).toEqual([undefined, undefined]);
      expect(client.requestCoding).toBeNull();
    } finally {
      await new Promise<void>((r) => old.close(() => r()));
    }
  });
});
