import { afterEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/main/web-host/server';
import { EventHub, type Handlers } from '../../src/main/bridge/dispatcher';
import { BridgeError } from '../../src/shared/bridge/contract';
import { Logger, MemorySink } from '../../src/main/logging';

let host: WebHost | null = null;
afterEach(async () => { await host?.close(); host = null; });

async function boot(extra: { handlers?: Partial<Handlers>; logger?: Logger; log?: (msg: string, data?: object) => void } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'webhost-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>k</title></head><body></body></html>');
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'assets/app.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'assets/worker.mjs'), 'export {}');
  writeFileSync(path.join(dir, 'favicon.ico'), '');
  const bridgeFile = path.join(dir, 'bridge.js');
  writeFileSync(bridgeFile, '/* bridge */');
  const events = new EventHub();
  const handlers = {
    'app.info': () => ({ name: 'k', version: '1', gatewayUrl: null }),
    'scanner.listPorts': () => [], 'scanner.getConfig': () => [], 'scanner.setConfig': () => [], 'scanner.status': () => [],
    ...extra.handlers,
  } as unknown as Handlers;
  // As a locked technician console answers: calls the contract marks `requires` are refused.
  const authorise = () => { throw new BridgeError('technician-locked', 'the technician console is locked'); };
  host = await startWebHost({ services: { handlers, authorise, events, logger: extra.logger, close: async () => {} }, rendererDir: dir, pageBridgeFile: bridgeFile, log: extra.log });
  return { host, events };
}

function connect(url: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

/** A GET with the path sent as written (fetch would normalise the dots away). */
function rawGet(port: number, rawPath: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function next(ws: WebSocket): Promise<Record<string, unknown>> {
  return new Promise((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
}

describe('browser host', () => {
  it('injects the per-launch secret and the page bridge into the page it serves, with a CSP', async () => {
    const { host } = await boot();
    const res = await fetch(host.url);
    const html = await res.text();
    expect(html).toContain(`content="${host.token}"`);
    expect(html.indexOf('/kiosk-bridge.js')).toBeLessThan(html.indexOf('<title>'));
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect((await fetch(`${host.url}../../etc/passwd.txt`)).status).toBe(404);
  });

  it('serves the renderer\'s files with their MIME type and the CSP on every answer, and refuses paths that leave the folder', async () => {
    const { host } = await boot();
    const get = (p: string) => rawGet(host.port, p);
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/assets/worker.mjs')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await get('/favicon.ico')).headers['content-type']).toBe('image/x-icon');
    for (const p of ['/..%2f..%2fetc%2fpasswd', '/assets/..%5c..%5cindex.html', '/assets/app.js%00.png', '/C:%5cWindows%5cwin.ini']) {
      const res = await get(p);
      expect({ p, status: res.status }).toEqual({ p, status: 403 });
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    }
    expect((await get('/missing.js')).status).toBe(404);
    expect((await get('/missing.js')).headers['content-security-policy']).toContain("default-src 'self'");
    expect((await get('/%E0%A4%A.js')).status).toBe(400);
    // Dots the URL parser resolves stay inside the origin: an extension-less path gets the SPA shell.
    const shell = await get('/../../etc/passwd');
    expect(shell.status).toBe(200);
    expect(shell.body).toContain(`content="${host.token}"`);
    expect((await get('/%2e%2e/%2e%2e/etc/passwd.txt')).status).toBe(404);
    expect((await get('/technician')).body).toContain('/kiosk-bridge.js');
  });

  it('binds to 127.0.0.1 only', async () => {
    const { host } = await boot();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('refuses a bridge connection without the secret, with a wrong one, or from another origin', async () => {
    const { host } = await boot();
    const origin = host.url.slice(0, -1);
    const base = `ws://127.0.0.1:${host.port}/bridge`;
    await expect(connect(base, origin)).rejects.toThrow(/401/);
    await expect(connect(`${base}?token=wrong`, origin)).rejects.toThrow(/401/);
    await expect(connect(`${base}?token=${host.token}`, 'http://127.0.0.1:9')).rejects.toThrow(/401/);
    await expect(connect(`${base}?token=${host.token}`, 'http://evil.example')).rejects.toThrow(/401/);
    const ok = await connect(`${base}?token=${host.token}`, origin);
    ok.close();
  });

  it('carries calls and events of the contract, validating both', async () => {
    const { host, events } = await boot();
    const ws = await connect(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, host.url.slice(0, -1));
    ws.send(JSON.stringify({ t: 'call', id: 1, name: 'app.info', input: {} }));
    expect(await next(ws)).toEqual({ t: 'result', id: 1, ok: true, value: { name: 'k', version: '1', gatewayUrl: null } });
    ws.send(JSON.stringify({ t: 'call', id: 2, name: 'shell.exec', input: { cmd: 'rm' } }));
    expect(await next(ws)).toMatchObject({ id: 2, ok: false, error: { code: 'unknown-call' } });
    ws.send(JSON.stringify({ t: 'call', id: 3, name: 'scanner.setConfig', input: { scanners: 'all' } }));
    expect(await next(ws)).toMatchObject({ id: 3, ok: false, error: { code: 'invalid-input' } });
    ws.send(JSON.stringify({ t: 'call', id: 4, name: 'scanner.setConfig', input: { scanners: [] } }));
    expect(await next(ws)).toEqual({ t: 'result', id: 4, ok: false, error: { code: 'technician-locked', message: 'the technician console is locked' } });
    const got = next(ws);
    events.emit('scan', { source: 'serial', device: 's1', text: '000.17.22.H56-210531-0001', at: 1 });
    expect(await got).toEqual({ t: 'event', name: 'scan', payload: { source: 'serial', device: 's1', text: '000.17.22.H56-210531-0001', at: 1 } });
    expect(() => events.emit('scan', { source: 'telepathy', device: 's1', text: 'x', at: 1 } as never)).toThrow();
    ws.close();
  });

  it('logs a failed call through the redacting logger, and only a redacted copy to the console', async () => {
    const sink = new MemorySink();
    const mirrored: string[] = [];
    // A scan file named after a citizen that vanished before it was read: the error names its path.
    const path = '/scans/079203004567|Nguyễn Văn An|01011990|Nam|Thôn 2.jpg';
    const { host } = await boot({
      handlers: { 'app.info': () => { throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' }); } },
      logger: new Logger({ sinks: [sink] }),
      log: (msg, data) => mirrored.push(JSON.stringify({ msg, ...data })),
    });
    const ws = await connect(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, host.url.slice(0, -1));
    ws.send(JSON.stringify({ t: 'call', id: 1, name: 'app.info', input: {} }));
    expect(await next(ws)).toMatchObject({ id: 1, ok: false, error: { code: 'host-error' } });
    ws.close();
    const file = sink.lines.join('\n');
    expect(file).toContain('bridge handler failed');
    expect(mirrored.join('\n')).toContain('bridge handler failed');
    for (const out of [file, mirrored.join('\n')]) {
      expect(out).not.toContain('079203004567');
      expect(out).not.toContain('Nguyễn Văn An');
    }
  });

  it('closes a connection that sends garbage', async () => {
    const { host } = await boot();
    const ws = await connect(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, host.url.slice(0, -1));
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('{not json');
    expect(await closed).toBe(1003);
  });
});
