/** The link emulator shapes what it carries as the profile says: rate per direction, latency, order. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_PROFILES, startLinkEmulator, type LinkProfile } from '../../src/cli/link-emulator';

let server: http.Server;
let target = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? '0');
      const body = Buffer.alloc(size, 'x');
      res.writeHead(200, { 'content-length': String(body.length), 'x-received': String(Buffer.concat(chunks).length) });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => { await new Promise<void>((r) => server.close(() => r())); });

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; bytes: number; received: string | null }> {
  const t = performance.now();
  const res = await fetch(url, init);
  const body = new Uint8Array(await res.arrayBuffer());
  return { ms: performance.now() - t, bytes: body.length, received: res.headers.get('x-received') };
}

const flat = (downMbit: number, upMbit: number, rttMs: number): LinkProfile => ({
  name: 'test',
  down: { bitsPerSecond: downMbit * 1e6, latencyMs: rttMs / 2, jitterMs: 0, stallRate: 0, stallMs: [0, 0] },
  up: { bitsPerSecond: upMbit * 1e6, latencyMs: rttMs / 2, jitterMs: 0, stallRate: 0, stallMs: [0, 0] },
});

describe('link emulator', () => {
  it('adds the round trip to a small request', async () => {
    const link = await startLinkEmulator({ target, profile: flat(100, 100, 200) });
    try {
      const r = await timed(`${link.url}/?size=10`);
      // Connection set-up is one round trip, the request another.
      expect(r.ms).toBeGreaterThanOrEqual(380);
      expect(r.ms).toBeLessThan(1200);
    } finally { await link.close(); }
  });

  it('carries a download at the profile\'s rate, and counts the bytes each way', async () => {
    const link = await startLinkEmulator({ target, profile: flat(2, 1, 0) });
    try {
      const r = await timed(`${link.url}/?size=500000`);
      expect(r.bytes).toBe(500_000);
      // 500 KB at 2 Mbit/s = 2.0 s (the burst allowance saves a few ms).
      expect(r.ms).toBeGreaterThan(1800);
      expect(r.ms).toBeLessThan(3500);
      expect(link.stats.down.bytes).toBeGreaterThan(500_000);
      expect(link.stats.up.bytes).toBeGreaterThan(50);
    } finally { await link.close(); }
  });

  it('shapes the upload with the upload rate, delivering every byte in order', async () => {
    const link = await startLinkEmulator({ target, profile: flat(100, 0.5, 0) });
    try {
      const r = await timed(`${link.url}/?size=1`, { method: 'POST', body: Buffer.alloc(100_000, 'y') });
      expect(r.received).toBe('100000');
      // 100 KB at 0.5 Mbit/s = 1.6 s.
      expect(r.ms).toBeGreaterThan(1400);
      expect(r.ms).toBeLessThan(3200);
    } finally { await link.close(); }
  });

  it('names the profiles the benchmarks use', () => {
    expect(LINK_PROFILES['4g-poor']).toMatchObject({ down: { bitsPerSecond: 2e6, latencyMs: 125, stallRate: 0.01 }, up: { bitsPerSecond: 1e6 } });
    expect(LINK_PROFILES['4g-good']).toMatchObject({ down: { bitsPerSecond: 10e6, latencyMs: 30 }, up: { bitsPerSecond: 5e6 } });
    expect(LINK_PROFILES['adsl-busy']).toMatchObject({ down: { bitsPerSecond: 4e6, latencyMs: 60 }, up: { bitsPerSecond: 0.5e6 } });
  });
});
