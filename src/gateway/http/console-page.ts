/**
 * Serves the built province console (`npm run build` → `out/console`) at `/console/`: its files,
 * and `index.html` for every extension-less path, with the MIME table and path guard the kiosk
 * hosts use (src/shared/web/assets.ts): the URL's path is decoded once and anything that could
 * leave the folder (`..`, a backslash, a colon, a null byte) is refused with 403 before the disk is
 * touched. Every answer carries the console's content security policy
 * (no other origin; the API is this same origin) and refuses framing.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assetPath, mimeType } from '../../shared/web/assets';

export const CONSOLE_PATH = '/console/';
/** The build output of this checkout (src/gateway/http → out/console); from the working directory
 * where the module is not a file (a test environment that serves modules over http). */
export function defaultConsoleDir(): string {
  const url = new URL('../../../out/console', import.meta.url);
  return url.protocol === 'file:' ? fileURLToPath(url) : path.resolve('out/console');
}

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
    const asked = assetPath(urlPath);
    if (asked.status !== 200) return headers(reply).code(asked.status).type('text/plain').send(asked.status === 400 ? 'Bad request' : 'Forbidden');
    const rel = asked.path.slice(1).split('/');
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
    return headers(reply).header('cache-control', cache).type(mimeType(file)).send(body);
  });
}
