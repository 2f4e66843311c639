/**
 * The built renderer's files, as both hosts serve them (Electron's `app://kiosk/`, the browser
 * host's http://127.0.0.1): the MIME table, path guard and single-page-app fallback of
 * src/shared/web/assets.ts (the gateway's console uses the same), read from the disk here. Each
 * host adds its own headers (the content security policy of its origin) to every answer, whatever
 * its status.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { assetPath, mimeType } from '../shared/web/assets';

export { SPA_SHELL, mimeType } from '../shared/web/assets';

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
    const asked = assetPath(urlPath);
    if (asked.status !== 200) return asked;
    const rel = asked.path;
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
