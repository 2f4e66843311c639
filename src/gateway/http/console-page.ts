/**
 * Serves the built province console (`npm run build` → `out/console`) at `/console/`: its files,
 * and `index.html` for every extension-less path. The same path guard as the hosts' asset resolver
 * (src/main/assets.ts, which the gateway may not import): the URL's path is decoded once and
 * anything that could leave the folder (`..`, a backslash, a colon, a null byte) is refused with
 * 403 before the disk is touched. Every answer carries the console's content security policy
 * (no other origin; the API is this same origin) and refuses framing.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_PATH = '/console/';
/** The build output of this checkout (src/gateway/http → out/console); from the working directory
 * where the module is not a file (a test environment that serves modules over http). */
export function defaultConsoleDir(): string {
  const url = new URL('../../../out/console', import.meta.url);
  return url.protocol === 'file:' ? fileURLToPath(url) : path.resolve('out/console');
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.wasm': 'application/wasm',
};

export const CONSOLE_CSP = [
  "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:", "connect-src 'self'", "font-src 'self'", "object-src 'none'", "base-uri 'none'",
  "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

function headers(reply: FastifyReply): FastifyReply {
  return reply.header('content-security-policy', CONSOLE_CSP).header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer').header('x-frame-options', 'DENY');
}

export function registerConsole(app: FastifyInstance, dir = defaultConsoleDir()): void {
  const root = path.resolve(dir);
  app.get('/console', { config: { auth: 'none', versioned: false } }, async (_req, reply) => headers(reply).redirect(CONSOLE_PATH, 302));
  app.get('/console/*', { config: { auth: 'none', versioned: false } }, async (req, reply) => {
    const urlPath = req.url.split('?')[0]!.slice(CONSOLE_PATH.length);
    let decoded: string;
    try { decoded = decodeURIComponent(urlPath); } catch { return headers(reply).code(400).type('text/plain').send('Bad request'); }
    if (/[\0\\:]/.test(decoded)) return headers(reply).code(403).type('text/plain').send('Forbidden');
    const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..')) return headers(reply).code(403).type('text/plain').send('Forbidden');
    const last = segments.at(-1);
    const rel = last === undefined || !path.extname(last) ? ['index.html'] : segments;
    const file = path.resolve(root, ...rel);
    const inside = path.relative(root, file);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return headers(reply).code(403).type('text/plain').send('Forbidden');
    const info = await stat(file).catch(() => null);
    const body = info?.isFile() ? await readFile(file).catch(() => null) : null;
    if (!body) {
      return headers(reply).code(404).type('text/plain; charset=utf-8')
        .send(rel[0] === 'index.html' ? 'Bảng điều khiển chưa được build (npm run build) / console not built (npm run build)' : 'Not found');
    }
    // Hashed assets never change; the page itself is always asked again.
    const cache = rel[0] === 'assets' ? 'public, max-age=31536000, immutable' : 'no-cache';
    return headers(reply).header('cache-control', cache).type(MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream').send(body);
  });
}
