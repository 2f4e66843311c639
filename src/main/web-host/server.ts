/**
 * The browser host: the same services as the Electron host, carried over a WebSocket bound to
 * 127.0.0.1 and protected by a per-launch secret. It serves the built renderer and injects the
 * page bridge (kiosk-bridge.js) that installs `window.kiosk` before the app starts, so the renderer
 * cannot tell which host it runs under.
 */
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { WireCall, BRIDGE_TOKEN_META, BRIDGE_WS_PATH, MAX_WIRE_MESSAGE } from '../../shared/bridge/wire';
import { createDispatcher } from '../bridge/dispatcher';
import { hostLog } from '../logging';
import type { HostServices } from '../services';
import { contentSecurityPolicy } from '../csp';
import { createAssetResolver, mimeType, SPA_SHELL } from '../assets';

export interface WebHostOptions {
  services: HostServices;
  /** Built renderer (index.html + assets). */
  rendererDir: string;
  /** Built page bridge script. */
  pageBridgeFile: string;
  port?: number;
  token?: string;
  log?: (msg: string, data?: object) => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  // Through the services' redacting logger (and a redacted copy to the launcher's console).
  const log = hostLog(opts.services.logger, opts.log);
  const dispatcher = createDispatcher(opts.services.handlers, { authorise: opts.services.authorise, log });
  const resolveAsset = createAssetResolver(opts.rendererDir);
  let origin = '';

  const server = http.createServer((req, res) => {
    void serve(req, res).catch((err) => {
      log('web host request failed', { error: String(err) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  async function serve(req: http.IncomingMessage, res: http.ServerResponse) {
    if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405).end(); return; }
    const url = new URL(req.url ?? '/', origin);
    const headers: Record<string, string> = {
      'Content-Security-Policy': contentSecurityPolicy(origin),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    if (url.pathname === '/kiosk-bridge.js') {
      const body = await readFile(opts.pageBridgeFile);
      res.writeHead(200, { ...headers, 'Content-Type': mimeType(opts.pageBridgeFile) }).end(body);
      return;
    }
    const asset = await resolveAsset(url.pathname); // SPA routes (#/citizen etc.) get index.html
    if (asset.status !== 200) { res.writeHead(asset.status, headers).end(); return; }
    let body: Buffer | string = asset.body;
    if (asset.path === SPA_SHELL) {
      // The secret reaches only pages served from this origin: other local pages cannot read it.
      body = body.toString('utf8').replace('<head>',
        `<head><meta name="${BRIDGE_TOKEN_META}" content="${token}"><script src="/kiosk-bridge.js"></script>`);
    }
    res.writeHead(200, { ...headers, 'Content-Type': asset.contentType });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WIRE_MESSAGE });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const given = url.searchParams.get('token') ?? '';
    // Both checks: the secret keeps other local pages out; the Origin check refuses pages from
    // other origins even if a secret leaked into one.
    if (url.pathname !== BRIDGE_WS_PATH || !sameSecret(given, token) || req.headers.origin !== origin) {
      log('bridge connection refused', { path: url.pathname, origin: req.headers.origin ?? null });
      socket.write('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const clients = new Set<WebSocket>();
  function attach(ws: WebSocket) {
    clients.add(ws);
    const unsubscribe = opts.services.events.subscribe((name, payload) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'event', name, payload }));
    });
    ws.on('message', (data) => {
      let msg: unknown;
      try { msg = JSON.parse(data.toString()); } catch { ws.close(1003, 'bad json'); return; }
      const call = WireCall.safeParse(msg);
      if (!call.success) { ws.close(1003, 'bad message'); return; }
      void dispatcher.dispatch(call.data.name, call.data.input).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', id: call.data.id, ...result }));
      });
    });
    ws.on('close', () => { unsubscribe(); clients.delete(ws); });
    // A message over MAX_WIRE_MESSAGE (or a broken frame): ws closes the connection itself (1009,
    // 1002); without a listener the error would be thrown in the host's process.
    ws.on('error', () => undefined);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/`,
    port,
    token,
    async close() {
      for (const c of clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
