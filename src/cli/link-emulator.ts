/**
 * A link emulator for tests, benchmarks and the soak CLI: a TCP proxy on loopback that makes a
 * connection behave like a commune's uplink. Each direction has its own bandwidth (a serialising
 * link: bytes leave one after another at the configured rate, with a small burst allowance like a
 * token bucket), one-way latency with jitter, and stalls (a segment held back as a TCP
 * retransmission would hold it). Order is kept, as TCP keeps it.
 *
 * Profiles are named after real links (round-trip time split evenly between the directions):
 * - `4g-good`   10 Mbit/s down, 5 Mbit/s up, 60 ms;
 * - `4g-poor`   2 / 1 Mbit/s, 250 ms, 1 % of 16 KB blocks stalled 0.2–1.5 s;
 * - `adsl-busy` 4 / 0.5 Mbit/s, 120 ms (a shared line in office hours).
 * `loopback` shapes nothing (for comparisons in the same run).
 *
 *   const link = await startLinkEmulator({ target: 'http://127.0.0.1:8080', profile: '4g-poor' });
 *   … requests to link.url …
 *   link.stats.down.bytes, link.stats.up.bytes   // bytes on the wire, each way
 */
import net from 'node:net';
import { mulberry32 } from '../shared/random';

export interface LinkDirection {
  /** Bits per second (Infinity: unshaped). */
  bitsPerSecond: number;
  /** One-way delay in ms. */
  latencyMs: number;
  /** Uniform jitter added to the latency, ± ms (never reorders). */
  jitterMs: number;
  /** Probability that a 16 KB block is held back, and for how long (ms). */
  stallRate: number;
  stallMs: [number, number];
}

export interface LinkProfile {
  name: string;
  /** Gateway → kiosk. */
  down: LinkDirection;
  /** Kiosk → gateway. */
  up: LinkDirection;
}

const dir = (mbit: number, rttMs: number, stallRate = 0): LinkDirection => ({
  bitsPerSecond: mbit * 1_000_000, latencyMs: rttMs / 2, jitterMs: rttMs * 0.05, stallRate, stallMs: [200, 1_500],
});

export const LINK_PROFILES = {
  loopback: { name: 'loopback', down: { bitsPerSecond: Infinity, latencyMs: 0, jitterMs: 0, stallRate: 0, stallMs: [0, 0] }, up: { bitsPerSecond: Infinity, latencyMs: 0, jitterMs: 0, stallRate: 0, stallMs: [0, 0] } },
  '4g-good': { name: '4g-good', down: dir(10, 60), up: dir(5, 60) },
  '4g-poor': { name: '4g-poor', down: dir(2, 250, 0.01), up: dir(1, 250, 0.01) },
  'adsl-busy': { name: 'adsl-busy', down: dir(4, 120), up: dir(0.5, 120) },
} as const satisfies Record<string, LinkProfile>;
export type LinkProfileName = keyof typeof LINK_PROFILES;
export const LINK_PROFILE_NAMES = Object.keys(LINK_PROFILES) as LinkProfileName[];

export function isLinkProfileName(s: string): s is LinkProfileName {
  return Object.prototype.hasOwnProperty.call(LINK_PROFILES, s);
}

export interface DirectionStats { bytes: number; stalls: number }
export interface LinkStats { connections: number; down: DirectionStats; up: DirectionStats }

export interface LinkEmulator {
  url: string;
  profile: LinkProfile;
  stats: LinkStats;
  /** Zero the counters (e.g. after a warm-up). */
  resetStats(): void;
  close(): Promise<void>;
}

export interface LinkOptions {
  target: string;
  profile: LinkProfileName | LinkProfile;
  seed?: number;
  port?: number;
}

const BLOCK = 16 * 1024;
/** Bytes a direction may send at once before the rate applies (a token bucket's depth). */
const BURST = 4 * 1024;

/**
 * One direction of one connection: chunks are split into blocks, each block gets the time its
 * last byte leaves the sender's side of the link (serialised at the link's rate) plus the latency,
 * and blocks are written out in order when their time comes, by one timer.
 */
class Shaper {
  private queue: { at: number; data: Buffer }[] = [];
  private linkFreeAt = 0;
  private lastDeliveryAt = 0;
  private sendNotBefore = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private ending = false;

  constructor(
    private readonly d: LinkDirection,
    private readonly out: net.Socket,
    private readonly stats: DirectionStats,
    private readonly random: () => number,
    private readonly onDrained: () => void,
  ) {}

  /** Nothing leaves the sender's side before `t` (performance.now() time); it then still travels the latency. */
  holdSendsUntil(t: number): void {
    this.sendNotBefore = Math.max(this.sendNotBefore, t);
  }

  get backlog(): number {
    return this.queue.reduce((n, q) => n + q.data.length, 0);
  }

  push(chunk: Buffer): void {
    const now = Math.max(performance.now(), this.sendNotBefore);
    for (let i = 0; i < chunk.length; i += BLOCK) {
      const data = chunk.subarray(i, i + BLOCK);
      this.stats.bytes += data.length;
      let sendMs = Number.isFinite(this.d.bitsPerSecond) ? (data.length * 8 * 1000) / this.d.bitsPerSecond : 0;
      // The burst allowance: an idle link sends its first few KB without waiting for the rate.
      if (this.linkFreeAt < now) sendMs = Math.max(0, sendMs - (BURST * 8 * 1000) / this.d.bitsPerSecond);
      this.linkFreeAt = Math.max(now, this.linkFreeAt) + sendMs;
      if (this.d.stallRate > 0 && this.random() < this.d.stallRate) {
        this.stats.stalls += 1;
        const [lo, hi] = this.d.stallMs;
        this.linkFreeAt += lo + this.random() * (hi - lo);
      }
      const jitter = this.d.jitterMs > 0 ? (this.random() * 2 - 1) * this.d.jitterMs : 0;
      const at = Math.max(this.lastDeliveryAt, this.linkFreeAt + this.d.latencyMs + jitter);
      this.lastDeliveryAt = at;
      this.queue.push({ at, data });
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.closed || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.at - performance.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const now = performance.now();
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const q = this.queue.shift()!;
      if (!this.out.destroyed) this.out.write(q.data);
    }
    if (this.queue.length === 0) {
      this.onDrained();
      if (this.ending) this.out.end();
    }
    this.schedule();
  }

  /** The other side ended: end ours once everything queued is out. */
  endAfterQueue(): void {
    this.ending = true;
    if (this.queue.length === 0) this.out.end();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }
}

/** The most a direction keeps queued before it stops reading from its sender (back-pressure). */
const HIGH_WATER = 1024 * 1024;

export async function startLinkEmulator(opts: LinkOptions): Promise<LinkEmulator> {
  const profile: LinkProfile = typeof opts.profile === 'string' ? LINK_PROFILES[opts.profile] : opts.profile;
  const target = new URL(opts.target);
  const random = mulberry32(opts.seed ?? 1);
  const stats: LinkStats = { connections: 0, down: { bytes: 0, stalls: 0 }, up: { bytes: 0, stalls: 0 } };
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    stats.connections += 1;
    const upstream = net.connect({ host: target.hostname, port: Number(target.port || 80) });
    sockets.add(client);
    sockets.add(upstream);
    const up = new Shaper(profile.up, upstream, stats.up, random, () => client.resume());
    const down = new Shaper(profile.down, client, stats.down, random, () => upstream.resume());
    // TCP's handshake: the client's first bytes leave one round trip after it connected.
    up.holdSendsUntil(performance.now() + profile.up.latencyMs + profile.down.latencyMs);
    client.on('data', (c: Buffer) => { up.push(c); if (up.backlog > HIGH_WATER) client.pause(); });
    upstream.on('data', (c: Buffer) => { down.push(c); if (down.backlog > HIGH_WATER) upstream.pause(); });
    client.on('end', () => up.endAfterQueue());
    upstream.on('end', () => down.endAfterQueue());
    const close = () => {
      up.close();
      down.close();
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close);
    upstream.on('error', close);
    client.on('close', close);
    upstream.on('close', () => { if (down.backlog === 0) close(); });
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    profile,
    stats,
    resetStats() {
      stats.connections = 0;
      for (const d of [stats.down, stats.up]) { d.bytes = 0; d.stalls = 0; }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
