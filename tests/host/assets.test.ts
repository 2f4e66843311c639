import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAssetResolver, mimeType, SPA_SHELL } from '../../src/main/assets';
import { assetPath, mimeType as sharedMime } from '../../src/shared/web/assets';

/** A built renderer in a folder, with a secret file beside it that no path may reach. */
function folder() {
  const parent = mkdtempSync(path.join(tmpdir(), 'assets-'));
  writeFileSync(path.join(parent, 'secret.txt'), 'secret');
  writeFileSync(path.join(parent, 'secret'), 'secret');
  const root = path.join(parent, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  mkdirSync(path.join(root, 'dir.d'));
  writeFileSync(path.join(root, 'index.html'), '<html><head></head><body>shell</body></html>');
  for (const f of ['app.js', 'worker.mjs', 'style.css', 'data.json', 'zxing.wasm', 'logo.svg', 'logo.png', 'font.woff2', 'beep.mp3', 'beep.wav', 'blob.bin']) {
    writeFileSync(path.join(root, 'assets', f), f);
  }
  writeFileSync(path.join(root, 'favicon.ico'), 'ico');
  writeFileSync(path.join(root, 'assets', 'UPPER.JS'), 'upper');
  return { parent, root, resolve: createAssetResolver(root) };
}

describe('renderer asset resolver (both hosts)', () => {
  it('serves each file with its MIME type', async () => {
    const { resolve } = folder();
    const types: Record<string, string> = {
      '/index.html': 'text/html; charset=utf-8',
      '/assets/app.js': 'text/javascript; charset=utf-8',
      '/assets/worker.mjs': 'text/javascript; charset=utf-8',
      '/assets/style.css': 'text/css; charset=utf-8',
      '/assets/data.json': 'application/json',
      '/assets/zxing.wasm': 'application/wasm',
      '/assets/logo.svg': 'image/svg+xml',
      '/assets/logo.png': 'image/png',
      '/favicon.ico': 'image/x-icon',
      '/assets/font.woff2': 'font/woff2',
      '/assets/beep.mp3': 'audio/mpeg',
      '/assets/beep.wav': 'audio/wav',
      '/assets/blob.bin': 'application/octet-stream',
      '/assets/UPPER.JS': 'text/javascript; charset=utf-8',
    };
    for (const [p, type] of Object.entries(types)) {
      const r = await resolve(p);
      expect({ p, status: r.status, type: r.status === 200 ? r.contentType : null }).toEqual({ p, status: 200, type });
    }
    const app = await resolve('/assets/app.js');
    expect(app.status === 200 && app.body.toString()).toBe('app.js');
    expect(mimeType('x.HTML')).toBe('text/html; charset=utf-8');
  });

  it('answers index.html for the root and every extension-less path (the app routes by hash)', async () => {
    const { root, resolve } = folder();
    for (const p of ['/', '', '/counter', '/technician/settings', '/assets/', '/dir.d/x', '/.hidden']) {
      const r = await resolve(p);
      expect({ p, status: r.status }).toEqual({ p, status: 200 });
      if (r.status === 200) {
        expect(r.path).toBe(SPA_SHELL);
        expect(r.file).toBe(path.join(root, 'index.html'));
        expect(r.contentType).toBe('text/html; charset=utf-8');
        expect(r.body.toString()).toContain('shell');
      }
    }
  });

  it('answers 404 for a missing file, or a folder named like a file', async () => {
    const { resolve } = folder();
    expect((await resolve('/assets/missing.js')).status).toBe(404);
    expect((await resolve('/dir.d')).status).toBe(404);
  });

  it('refuses every path that could leave the folder, before reading anything', async () => {
    const { parent, resolve } = folder();
    const attempts = [
      '/../secret.txt', '/../secret', '/assets/../../secret.txt',
      '/%2e%2e/secret.txt', '/%2E%2E/secret.txt', '/%2e%2e/%2e%2e/etc/passwd', '/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt',
      '/..\\secret.txt', '/assets/..\\..\\secret.txt', '/..%5csecret.txt', '/..%5Csecret',
      '/\\\\server\\share\\secret.txt', '/C:%5cWindows%5cwin.ini', '/C:/Windows/win.ini', '/index.html::$DATA',
      '/index.html%00.png', '/assets/app.js\0', '/%00', '/%2e%2e%00/secret.txt',
    ];
    for (const p of attempts) {
      expect({ p, status: (await resolve(p)).status }).toEqual({ p, status: 403 });
    }
    // Absolute paths name a file inside the folder, never the one on the disk.
    expect((await resolve(`/${path.join(parent, 'secret.txt')}`)).status).toBe(404);
    expect((await resolve('//etc/passwd.txt')).status).toBe(404);
    expect((await resolve(encodeURIComponent(path.join(parent, 'secret.txt')))).status).toBe(404);
    expect((await resolve('/%2Fetc%2Fhosts.txt')).status).toBe(404);
  });

  it('answers 400 for a path that does not decode', async () => {
    const { resolve } = folder();
    expect((await resolve('/%E0%A4%A.js')).status).toBe(400);
    expect((await resolve('/%')).status).toBe(400);
  });
});

describe('one MIME table and one guard for every server of a built page (src/shared/web/assets.ts)', () => {
  it('is the table and guard the gateway\'s console uses too', () => {
    expect(sharedMime).toBe(mimeType);
    expect(mimeType('/assets/font.WOFF2')).toBe('font/woff2');
    expect(mimeType('/x/.hidden')).toBe('application/octet-stream');
    expect(assetPath('/')).toEqual({ status: 200, path: SPA_SHELL });
    expect(assetPath('/staff/42')).toEqual({ status: 200, path: SPA_SHELL });
    expect(assetPath('/assets/a.js')).toEqual({ status: 200, path: '/assets/a.js' });
    for (const bad of ['/../x.js', '/a%2F..%2F..%2Fetc.js', '/a%5Cb.js', '/c:x.js', '/a%00.js']) expect(assetPath(bad).status, bad).toBe(403);
    expect(assetPath('/%E0%A4%A.js').status).toBe(400);
  });
});
