/**
 * The built renderer's files, as both hosts serve them (Electron's `app://kiosk/`, the browser
 * host's http://127.0.0.1): one MIME table, one path guard and one single-page-app fallback. Each
 * host adds its own headers (the content security policy of its origin) to every answer, whatever
 * its status.
 *
 * The guard works on the URL's path as the host received it (still percent-encoded): it decodes it
 * once and refuses, before touching the disk, anything that could name a file outside the folder:
 * a `..` segment, a backslash (a separator on Windows), a drive or stream colon, a null byte.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** The page every extension-less path gets (the app routes by the URL's hash). */
export const SPA_SHELL = '/index.html';

export function mimeType(file: string): string {
  return MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type AssetResult =
  | {
    status: 200;
    /** The asset's path under the folder, with a leading slash (`/index.html` for the SPA shell). */
    path: string;
    file: string;
    contentType: string;
    body: Buffer<ArrayBuffer>;
  }
  /** 400: a path that does not decode; 403: a path that tries to leave the folder; 404: no such file. */
  | { status: 400 | 403 | 404 };

export type AssetResolver = (urlPath: string) => Promise<AssetResult>;

export function createAssetResolver(rootDir: string): AssetResolver {
  const root = path.resolve(rootDir);
  return async (urlPath) => {
    let decoded: string;
    try { decoded = decodeURIComponent(urlPath); } catch { return { status: 400 }; }
    if (/[\0\\:]/.test(decoded)) return { status: 403 };
    const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
    if (segments.includes('..')) return { status: 403 };
    const last = segments.at(-1);
    const rel = last === undefined || !path.extname(last) ? SPA_SHELL : `/${segments.join('/')}`;
    const file = path.resolve(root, ...rel.slice(1).split('/'));
    // Belt and braces: whatever the segments were, the file is inside the folder.
    const inside = path.relative(root, file);
    if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return { status: 403 };
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return { status: 404 };
    const body = await readFile(file).catch(() => null);
    if (!body) return { status: 404 };
    return { status: 200, path: rel, file, contentType: mimeType(file), body };
  };
}
