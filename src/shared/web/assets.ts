/**
 * How every server of a built page (the two kiosk hosts, the gateway's province console) reads a
 * request's path: one MIME table and one guard, pure (each server adds the disk and its headers).
 *
 * The guard works on the URL's path as the server received it (still percent-encoded): it decodes
 * it once and refuses, before anything touches the disk, whatever could name a file outside the
 * folder: a `..` segment, a backslash (a separator on Windows), a drive or stream colon, a null
 * byte. An extension-less path is the single-page app's shell (the app routes by the URL's hash).
 */

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

/** The page every extension-less path gets. */
export const SPA_SHELL = '/index.html';

/** The extension of a path's last segment (`.js`), lower case; '' without one. */
export function extensionOf(file: string): string {
  const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

export function mimeType(file: string): string {
  return MIME[extensionOf(file)] ?? 'application/octet-stream';
}

/**
 * The file a request path names under the served folder, as a `/`-joined path with a leading
 * slash (`SPA_SHELL` for an extension-less path); 400 for a path that does not decode, 403 for one
 * that tries to leave the folder.
 */
export function assetPath(urlPath: string): { status: 200; path: string } | { status: 400 | 403 } {
  let decoded: string;
  try { decoded = decodeURIComponent(urlPath); } catch { return { status: 400 }; }
  if (/[\0\\:]/.test(decoded)) return { status: 403 };
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) return { status: 403 };
  const last = segments.at(-1);
  return { status: 200, path: last === undefined || extensionOf(last) === '' ? SPA_SHELL : `/${segments.join('/')}` };
}
