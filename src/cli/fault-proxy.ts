/**
 * A fault-injecting HTTP proxy for sync tests and the soak CLI (`src/cli/sync.ts`).
 *
 * Sits between the kiosk's GatewayClient and a real gateway on loopback and, on demand or at a
 * seeded random rate, breaks the exchange the ways commune links break it:
 * - `drop`    — the connection dies: half the time before the gateway saw the request, half the
 *               time *after the gateway committed* (the lost acknowledgement of docs/RELIABILITY.md item 1);
 * - `timeout` — the request reaches the gateway but the answer never comes back;
 * - `500`     — the gateway seems to fail (answered by the proxy, nothing forwarded);
 * - `restart` — every connection is cut and new ones refused for a while, like a gateway restart;
 * - `cut-mid` — the answer starts (status, headers, the first half of the body) and the connection
 *               dies mid-body, as a commune line drops in the middle of a feed page.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mulberry32 } from '../shared/random';

export type FaultKind = 'drop' | 'timeout' | '500' | 'restart' | 'cut-mid';
export const FAULT_KINDS: readonly FaultKind[] = ['drop', 'timeout', '500', 'restart', 'cut-mid'];
/** A fault aimed at specific requests by a test. */
export type InjectedFault = 'drop-before' | 'drop-after' | 'timeout' | '500' | 'cut-mid';

export interface FaultProxyOptions {
  target: string;
  faults?: FaultKind[];
  /** Probability that a request meets one of `faults` (default 0.2). */
  rate?: number;
  seed?: number;
  /** Downtime of a `restart` fault (ms), drawn uniformly from [min, max]. */
  restartMs?: [number, number];
  /** A `timeout` holds the answer this long at most (the client's own deadline is shorter). */
  holdMs?: number;
  port?: number;
}

export interface FaultStats {
  requests: number;
  forwarded: number;
  dropBefore: number;
  dropAfter: number;
  timeouts: number;
  errors500: number;
  refused: number;
  restarts: number;
  cutsMid: number;
}

export interface FaultProxy {
  url: string;
  stats: FaultStats;
  /** Cut every connection and refuse new ones for `ms` (or until `up()`). */
  down(ms?: number): void;
  up(): void;
  readonly isDown: boolean;
  /** The next `count` requests matching `match` meet `kind`. */
  inject(kind: InjectedFault, count?: number, match?: (method: string, path: string) => boolean): void;
  setRandom(faults: FaultKind[], rate: number): void;
  /** Method and path of the latest requests (at most 1,000), oldest first. */
  readonly log: string[];
  /** Back to a clean link: no pending injections, no random faults, not down. */
  heal(): void;
  /** Points the proxy at another gateway address (a restarted gateway on a new port). */
  retarget(target: string): void;
  close(): Promise<void>;
}

/** The same seed replays the same faults. */
export const seededRandom = (seed: number): (() => number) => mulberry32(seed);

interface Pending {
  kind: InjectedFault;
  left: number;
  match: (method: string, path: string) => boolean;
}

export async function startFaultProxy(opts: FaultProxyOptions): Promise<FaultProxy> {
  let target = new URL(opts.target);
  const random = seededRandom(opts.seed ?? 1);
  let faults = opts.faults ?? [];
  let rate = opts.rate ?? 0.2;
  const [restartMin, restartMax] = opts.restartMs ?? [300, 1500];
  const holdMs = opts.holdMs ?? 60_000;
  const stats: FaultStats = { requests: 0, forwarded: 0, dropBefore: 0, dropAfter: 0, timeouts: 0, errors500: 0, refused: 0, restarts: 0, cutsMid: 0 };
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const injected: Pending[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let downUntil: number | null = null; // Infinity = until up()
  let agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

  const isDown = () => downUntil !== null && Date.now() < downUntil;
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  };
  const cutAll = () => { for (const s of sockets) s.destroy(); };

  function pickFault(method: string, path: string): InjectedFault | 'restart' | null {
    const i = injected.findIndex((p) => p.left > 0 && p.match(method, path));
    if (i >= 0) {
      const p = injected[i]!;
      if (--p.left === 0) injected.splice(i, 1);
      return p.kind;
    }
    if (faults.length === 0 || random() >= rate) return null;
    const kind = faults[Math.floor(random() * faults.length)]!;
    if (kind === 'drop') return random() < 0.5 ? 'drop-before' : 'drop-after';
    return kind;
  }

  function forward(req: http.IncomingMessage, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer } | null> {
    return new Promise((resolve) => {
      const headers = { ...req.headers, host: target.host };
      const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', () => resolve(null));
      });
      up.on('error', () => resolve(null));
      up.end(body);
    });
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        stats.requests++;
        log.push(`${req.method ?? 'GET'} ${req.url ?? '/'}`);
        if (log.length > 1000) log.shift();
        if (isDown()) { stats.refused++; req.socket.destroy(); return; }
        const fault = pickFault(req.method ?? 'GET', req.url ?? '/');
        if (fault === 'restart') {
          stats.restarts++;
          api.down(restartMin + random() * (restartMax - restartMin));
          return;
        }
        if (fault === 'drop-before') { stats.dropBefore++; req.socket.destroy(); return; }
        if (fault === '500') {
          stats.errors500++;
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'internal', message: { vi: 'Lỗi giả lập', en: 'Injected fault' } } }));
          return;
        }
        const answer = await forward(req, Buffer.concat(chunks));
        stats.forwarded++;
        if (!answer) { res.writeHead(502); res.end(); return; }
        if (fault === 'drop-after') { stats.dropAfter++; req.socket.destroy(); return; }
        if (fault === 'timeout') {
          stats.timeouts++;
          later(holdMs, () => req.socket.destroy());
          return;
        }
        if (req.socket.destroyed) return;
        const headers = { ...answer.headers };
        delete headers['transfer-encoding'];
        delete headers.connection;
        delete headers['keep-alive'];
        headers['content-length'] = String(answer.body.length);
        res.writeHead(answer.status, headers);
        if (fault === 'cut-mid') {
          stats.cutsMid++;
          res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)), () => req.socket.destroy());
          return;
        }
        res.end(answer.body);
      })();
    });
  });
  server.on('connection', (s: Socket) => {
    if (isDown()) { stats.refused++; s.destroy(); return; }
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const api: FaultProxy = {
    url: `http://127.0.0.1:${port}`,
    stats,
    log,
    get isDown() { return isDown(); },
    down(ms) {
      downUntil = ms === undefined ? Infinity : Date.now() + ms;
      cutAll();
    },
    up() { downUntil = null; },
    inject(kind, count = 1, match = () => true) { injected.push({ kind, left: count, match }); },
    setRandom(f, r) { faults = f; rate = r; },
    heal() { injected.length = 0; faults = []; rate = 0; downUntil = null; },
    retarget(t) { target = new URL(t); agent.destroy(); agent = new http.Agent({ keepAlive: true, maxSockets: 64 }); },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      cutAll();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
