/** The host-side transport: credential, HTTPS rule, origin pinning and deadlines (docs/RELIABILITY.md item 22). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayClient, checkGatewayUrl, resolvePath } from '../../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../../src/main/gateway-client/credentials';
import { FileSecretStore, SecretCredentialStore } from '../../src/main/secrets';
import { PROTOCOL_HEADER } from '../../src/shared/protocol';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY } from './fixtures';

let server: http.Server;
let base = '';
const seen: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    if (req.url === '/v1/enroll') {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...IDENTITY, deviceId: 'dev-9', token: 'secret-token', serverTime: new Date().toISOString() }));
      return;
    }
    if (req.url === '/stuck') return; // never answers
    if (req.url === '/behind-proxy/v1/enroll') {
      // A reverse proxy whose gateway is down: its own page, not the gateway's error body.
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>502 Bad Gateway</body></html>');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));

describe('gateway client', () => {
  it('refuses plain HTTP to anything but loopback', () => {
    expect(() => checkGatewayUrl('http://gateway.tuyenquang.gov.vn')).toThrow(expect.objectContaining({ code: 'insecure-url' }));
    expect(() => checkGatewayUrl('https://user:pw@gateway.example')).toThrow(expect.objectContaining({ code: 'insecure-url' }));
    expect(checkGatewayUrl('https://gateway.example/base/').href).toBe('https://gateway.example/base/');
    expect(checkGatewayUrl('http://127.0.0.1:8080').hostname).toBe('127.0.0.1');
    expect(checkGatewayUrl('http://[::1]:8080').hostname).toBe('[::1]');
    expect(checkGatewayUrl('http://localhost:1').hostname).toBe('localhost');
  });

  it('keeps every request on the enrolled gateway whatever path the renderer sends', () => {
    const b = new URL('https://gw.example/api/');
    expect(resolvePath(b, '/v1/changes?cursor=abc').href).toBe('https://gw.example/api/v1/changes?cursor=abc');
    for (const bad of ['//evil.example/x', 'https://evil.example/', '/../admin', '/v1/../../x', 'v1/changes', '/\\evil']) {
      expect(() => resolvePath(b, bad), bad).toThrow(expect.objectContaining({ code: 'bad-path' }));
    }
  });

  it('refuses to send before enrollment, then adds the token the renderer never sees', async () => {
    const client = new GatewayClient({ store: new MemoryCredentialStore() });
    await expect(client.request({ method: 'GET', path: '/v1/health' })).rejects.toMatchObject({ code: 'not-enrolled' });
    const identity = await client.enroll({ url: base, code: '7k3qd m9x2p' });
    expect(identity).not.toHaveProperty('token');
    expect(JSON.stringify(await client.status())).not.toContain('secret-token');
    const res = await client.request({ method: 'GET', path: '/v1/health' });
    expect(res).toEqual({ status: 200, body: { path: '/v1/health' } });
    const headers = seen[seen.length - 1]!;
    expect(headers.authorization).toBe('Bearer secret-token');
    expect(headers[PROTOCOL_HEADER]).toBe('1');
  });

  it('never lets the renderer reach a path that answers with a credential, however it is spelled', async () => {
    const client = new GatewayClient({ store: new MemoryCredentialStore() });
    await client.enroll({ url: base, code: '7k3qd m9x2p' });
    const before = seen.length;
    for (const path of ['/v1/device/rotate', '/v1/device/rotate/', '/v1/device/%72otate', '/v1/enroll', '/v1/enroll?x=1', '/v1/%65nroll//']) {
      await expect(client.request({ method: 'POST', path, body: {} }), path).rejects.toMatchObject({ code: 'bad-path' });
    }
    await expect(client.request({ method: 'GET', path: '/v1/device/%E0%A4%A' })).rejects.toMatchObject({ code: 'bad-path' });
    expect(seen.length).toBe(before);
    // The device's own routes stay open.
    expect((await client.request({ method: 'GET', path: '/v1/device' })).status).toBe(200);
  });

  it('turns a gateway that never answers into a timeout error', async () => {
    const store = new MemoryCredentialStore();
    await store.save({ gatewayUrl: base, deviceId: 'd', token: 't', identity: IDENTITY, enrolledAt: 0 });
    const client = new GatewayClient({ store, timeoutMs: 200 });
    const t0 = Date.now();
    await expect(client.request({ method: 'GET', path: '/stuck' })).rejects.toMatchObject({ code: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('reports a proxy that cannot reach the gateway as a network error, not a refused enrollment', async () => {
    const client = new GatewayClient({ store: new MemoryCredentialStore(), timeoutMs: 2_000 });
    await expect(client.enroll({ url: `${base}/behind-proxy/`, code: '7k3qd m9x2p' })).rejects.toMatchObject({ code: 'network', status: 502 });
  });

  it('reports a refused connection as a network error', async () => {
    const store = new MemoryCredentialStore();
    await store.save({ gatewayUrl: 'http://127.0.0.1:1', deviceId: 'd', token: 't', identity: IDENTITY, enrolledAt: 0 });
    const client = new GatewayClient({ store, timeoutMs: 2_000 });
    await expect(client.request({ method: 'GET', path: '/v1/health' })).rejects.toMatchObject({ code: 'network' });
  });

  it('stores the credential in a file only its owner can read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cred-'));
    const path = join(dir, 'secrets.json');
    const store = new SecretCredentialStore(new FileSecretStore(dir));
    expect(await store.load()).toBeNull();
    await store.save({ gatewayUrl: base, deviceId: 'd', token: 't', identity: IDENTITY, enrolledAt: 1 });
    expect((await stat(path)).mode & 0o077).toBe(0);
    expect(await readFile(path, 'utf8')).toContain('gateway-credential');
    expect((await new SecretCredentialStore(new FileSecretStore(dir)).load())?.token).toBe('t');
    await store.clear();
    expect(await store.load()).toBeNull();
  });
});
