/** The gateway serves the built province console at /console/ (src/gateway/http/console-page.ts). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startGateway, type TestGateway } from '../helpers/gateway';

describe('province console page', () => {
  let gw: TestGateway;
  let empty: TestGateway;
  const dir = mkdtempSync(path.join(tmpdir(), 'console-page-'));
  beforeAll(async () => {
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(path.join(dir, 'assets', 'app-1.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(dir), 'secret.txt'), 'outside');
    gw = await startGateway({ consoleDir: dir });
    empty = await startGateway({ consoleDir: path.join(dir, 'missing') });
  });
  afterAll(async () => {
    await gw?.close();
    await empty?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page, its assets and the page for every extension-less path, with its security policy', async () => {
    const redirect = await fetch(`${gw.url}/console`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/console/');
    for (const p of ['/console/', '/console/fleet', '/console/a/b']) {
      const r = await fetch(gw.url + p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await r.text()).toContain('<title>console</title>');
      expect(r.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(r.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(r.headers.get('cache-control')).toBe('no-cache');
    }
    const js = await fetch(`${gw.url}/console/assets/app-1.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toMatch(/immutable/);
    expect((await fetch(`${gw.url}/console/assets/none.js`)).status).toBe(404);
  });

  it('refuses paths that would leave the folder', async () => {
    for (const p of ['/console/..%2fsecret.txt', '/console/a%5c..%5c..%5csecret.txt', '/console/x%00.js', '/console/c:%2fwin.ini']) {
      const r = await fetch(gw.url + p);
      expect(r.status, p).toBe(403);
      expect(await r.text()).not.toContain('outside');
    }
    // A client that resolves %2e%2e itself asks for /secret.txt, outside /console/: not found.
    const dots = await fetch(`${gw.url}/console/%2e%2e/secret.txt`);
    expect(dots.status).toBe(404);
    expect(await dots.text()).not.toContain('outside');
  });

  it('says in both languages when the console was not built', async () => {
    const r = await fetch(`${empty.url}/console/`);
    expect(r.status).toBe(404);
    expect(await r.text()).toBe('Bảng điều khiển chưa được build (npm run build) / console not built (npm run build)');
  });
});
