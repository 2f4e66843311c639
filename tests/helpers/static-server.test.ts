/** The static server the Chromium tests and benches share: loopback, types, index.html, and
 * nothing outside its folder. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from './static-server';

let parent: string;
let root: string;
let site: StaticServer;

/** A raw request, so the path reaches the server as written (fetch would normalise `..`). */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: site.port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  parent = mkdtempSync(join(tmpdir(), 'kiosk-static-'));
  root = join(parent, 'site');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(root, 'assets', 'zxing.wasm'), Buffer.from([0, 97, 115, 109]));
  writeFileSync(join(parent, 'secret.txt'), 'outside');
  site = await serveStatic(root);
});

afterAll(async () => {
  await site?.close();
  rmSync(parent, { recursive: true, force: true });
});

describe('static server', () => {
  it('listens on loopback and serves files with their type', async () => {
    expect(site.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(site.url('index.html')).toBe(`${site.origin}/index.html`);
    expect(await get('/')).toMatchObject({ status: 200, type: 'text/html; charset=utf-8' });
    expect(await get('/assets/app.js')).toMatchObject({ status: 200, type: 'text/javascript; charset=utf-8', body: 'export {};' });
    expect((await get('/assets/zxing.wasm')).type).toBe('application/wasm');
    expect((await get('/assets/missing.js')).status).toBe(404);
    expect((await get('/', 'POST')).status).toBe(405);
  });

  it('never serves a file outside its folder', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%E0%A4%A']) {
      const r = await get(path);
      expect(r.status, path).not.toBe(200);
      expect(r.body).not.toContain('outside');
    }
    expect((await get('/assets/..%2f..%2fsecret.txt')).status).toBe(403);
    expect((await get('/%E0%A4%A')).status).toBe(400);
  });
});
