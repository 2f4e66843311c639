/**
 * The console's session cookie over HTTPS (docs/SECURITY.md §8): `Secure` when the gateway
 * terminates TLS itself (`serve --tls-cert/--tls-key`, a real certificate made here with openssl)
 * and when a reverse proxy at a trusted address says the request came over HTTPS
 * (`--trust-proxy`); a proxy header from anywhere else is not believed. And the command line's
 * refusals of half or broken TLS settings.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src/gateway/gateway';
import { createAdminAccount } from '../../src/gateway/store/console';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { pgliteTemplate } from '../helpers/gateway';

const root = path.resolve(__dirname, '../..');
const PASSWORD = 'mat-khau-thu-nghiem-1';
const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-tls-'));
const certFile = path.join(dir, 'cert.pem');
const keyFile = path.join(dir, 'key.pem');

/** A POST over HTTPS that trusts only the test's own certificate. */
function httpsPost(url: string, body: unknown, ca: Buffer): Promise<{ status: number; setCookie: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', ca, headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, setCookie: String(res.headers['set-cookie'] ?? '') }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

async function plainPost(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; setCookie: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), ...headers }, body: JSON.stringify(body) });
  return { status: res.status, setCookie: res.headers.get('set-cookie') ?? '' };
}

const opened: Gateway[] = [];
async function gateway(opts: Partial<Parameters<typeof createGateway>[0]>): Promise<{ gw: Gateway; url: string }> {
  const gw = await createGateway({ ...opts, storage: { kind: 'pglite', template: await pgliteTemplate() } });
  opened.push(gw);
  await createAdminAccount(gw.db, { username: 'tinh', password: PASSWORD, role: 'province', agency: null }, 'test');
  return { gw, url: await gw.listen(0) };
}

beforeAll(() => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile,
    '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
});
afterAll(async () => { for (const gw of opened) await gw.close(); });

describe('the console session cookie over HTTPS', () => {
  it('is Secure when the gateway terminates TLS itself, and the gateway answers on https://', async () => {
    const cert = readFileSync(certFile);
    const { url } = await gateway({ tls: { cert, key: readFileSync(keyFile) } });
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await httpsPost(`${url}/v1/admin/session`, { username: 'tinh', password: PASSWORD }, cert);
    expect(r.status).toBe(200);
    expect(r.setCookie).toMatch(/HttpOnly/);
    expect(r.setCookie).toMatch(/SameSite=Strict/);
    expect(r.setCookie).toMatch(/; Secure/);
  }, 60_000);

  it('is Secure behind a trusted proxy that says HTTPS, and not when the header comes from elsewhere', async () => {
    const trusted = await gateway({ trustProxy: '127.0.0.1' });
    const viaProxy = await plainPost(`${trusted.url}/v1/admin/session`, { username: 'tinh', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.setCookie).toMatch(/; Secure/);
    const direct = await plainPost(`${trusted.url}/v1/admin/session`, { username: 'tinh', password: PASSWORD });
    expect(direct.setCookie).not.toMatch(/Secure/);
    // Not a trusted proxy's address: the header is anyone's, and not believed.
    const other = await gateway({ trustProxy: '10.0.0.1' });
    const spoofed = await plainPost(`${other.url}/v1/admin/session`, { username: 'tinh', password: PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(spoofed.status).toBe(200);
    expect(spoofed.setCookie).not.toMatch(/Secure/);
  }, 60_000);
});

describe('gateway serve: HTTPS options', () => {
  const serve = (args: string[]) => spawnSync('npm', ['run', '--silent', 'gateway', '--', 'serve', '--memory', '--port', '0', ...args],
    { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } });

  it('refuses half the TLS settings, an unreadable certificate and a proxy that is not an address, in both languages', () => {
    const half = serve(['--tls-cert', certFile]);
    expect(half.status).toBe(2);
    expect(half.stderr).toMatch(/--tls-cert FILE và --tls-key FILE đi cùng nhau \/ --tls-cert FILE and --tls-key FILE go together/);
    const garbage = path.join(dir, 'garbage.pem');
    writeFileSync(garbage, 'not a certificate');
    const broken = serve(['--tls-cert', garbage, '--tls-key', keyFile]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/Không đọc được chứng chỉ hoặc khóa TLS \/ cannot use the TLS certificate or key/);
    const proxy = serve(['--trust-proxy', 'the-proxy']);
    expect(proxy.status).toBe(2);
    expect(proxy.stderr).toMatch(/--trust-proxy ADDRS/);
    expect(half.stdout + broken.stdout + proxy.stdout).toBe('');
  }, 120_000);

  it('serves on https:// with --tls-cert and --tls-key', async () => {
    const child = spawn('npm', ['run', '--silent', 'gateway', '--', 'serve', '--memory', '--port', '0', '--log-level', 'error', '--tls-cert', certFile, '--tls-key', keyFile],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (b: Buffer) => { out += b.toString(); if (out.includes('\n')) resolve(out.split('\n')[0]!); });
        child.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const { listening } = JSON.parse(line) as { listening: string };
      expect(listening).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const login = await httpsPost(`${listening}/v1/admin/session`, { username: 'nobody', password: 'x'.repeat(12) }, readFileSync(certFile));
      expect(login.status).toBe(401);
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
    }
  }, 120_000);
});
