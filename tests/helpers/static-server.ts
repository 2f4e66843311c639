/**
 * A folder served over HTTP on loopback, for pages that tests and benches open in Chromium (a
 * Vite-built harness page, its module workers and .wasm): 127.0.0.1 on a free port, GET and HEAD
 * only, and the hosts' own asset resolver (src/main/assets.ts) for the MIME table, the path guard
 * (nothing outside the folder: 403) and `index.html` for an extension-less path — without the
 * hosts' content security policy, which a bare harness page does not carry.
 *
 *   const site = await serveStatic(outDir);
 *   await page.goto(site.url('index.html'));
 *   await site.close();
 */
import { createServer } from 'node:http';
import type { InlineConfig } from 'vite';
import { createAssetResolver } from '../../src/main/assets';

export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** Absolute URL of a path under the served folder. */
  url(path?: string): string;
  close(): Promise<void>;
}

export async function serveStatic(root: string): Promise<StaticServer> {
  const resolveAsset = createAssetResolver(root);
  const server = createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // The path as received (still percent-encoded), which is what the resolver's guard expects.
    void resolveAsset(new URL(req.url ?? '/', 'http://127.0.0.1').pathname).then((asset) => {
      if (asset.status !== 200) {
        res.writeHead(asset.status).end();
        return;
      }
      res.writeHead(200, { 'content-type': asset.contentType, 'content-length': asset.body.length, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : asset.body);
    }, () => { res.writeHead(500).end(); });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => { server.off('error', fail); ok(); });
  });
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('static server: no port');
  const origin = `http://127.0.0.1:${address.port}`;
  return {
    origin,
    port: address.port,
    url: (path = '') => new URL(path.replace(/^\/+/, ''), `${origin}/`).href,
    close: () => new Promise<void>((ok) => {
      server.close(() => ok());
      server.closeAllConnections();
    }),
  };
}

/**
 * Builds a harness page (a folder with an index.html whose module script imports the app's own
 * code) with Vite into `outDir`, relative paths, for `serveStatic`. `extra` adds to the build
 * options (e.g. `{ worker: { format: 'es' } }` for a module worker).
 */
export async function buildPage(srcDir: string, outDir: string, extra: InlineConfig = {}): Promise<void> {
  const { build } = await import('vite');
  await build({
    root: srcDir,
    configFile: false,
    logLevel: 'silent',
    base: './',
    ...extra,
    build: { outDir, emptyOutDir: true, target: 'es2022', ...extra.build },
  });
}
