/**
 * Two devices of one office both configured as the queue host (two real QueueServices, each with
 * its LanServer, on loopback, started at the same moment): one stays host, the other joins it,
 * both show that another host was found, and no number is issued twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueService } from '../../src/main/queue/service';
import { QueueConfig, QueueError, type QueueSnapshot } from '../../src/shared/queue';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

describe('two devices started as queue host on one LAN', () => {
  const dirs: string[] = [];
  const services: QueueService[] = [];
  afterAll(async () => {
    for (const s of services) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('keeps one host, shows it on both, and never issues a number twice', async () => {
    const ports = [await freePort(), await freePort()];
    const peers = ports.map((p) => `127.0.0.1:${p}`);
    const snaps: (QueueSnapshot | null)[] = [null, null];
    for (const [i, device] of ['kiosk-b', 'kiosk-a'].entries()) {
      const dir = mkdtempSync(path.join(tmpdir(), 'queue-2h-'));
      dirs.push(dir);
      services.push(new QueueService({
        dir, config: QueueConfig.parse({ mode: 'host', port: ports[i], listen: '127.0.0.1', mdns: false, peers }),
        identity: async () => ({ device, agency: '000.00.01.H08' }),
        lanKey: async () => ({ key: Buffer.alloc(32, 7), previous: null }),
        log: () => undefined,
        onChange: (s) => { snaps[i] = s; },
      }));
    }
    await Promise.all(services.map((s) => s.start()));
    // Both kiosks hand out tickets as soon as they can, for 8 s.
    const numbers: number[] = [];
    const stop = Date.now() + 8_000;
    await Promise.all(services.map(async (s) => {
      while (Date.now() < stop) {
        try {
          const r = await s.act({ action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null });
          if (r.event.type === 'ticket.issued') numbers.push(r.event.number);
        } catch (err) {
          if (!(err instanceof QueueError)) throw err;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }));
    expect(numbers.length).toBeGreaterThan(10);
    expect(new Set(numbers).size).toBe(numbers.length);
    const links = snaps.map((s) => s?.link).sort();
    expect(links).toEqual(['host', 'member']);
    // The one that joined says so; the host's copy and the member's hold the same tickets.
    expect(snaps.some((s) => s?.link === 'member' && s.notice === 'queue-other-host')).toBe(true);
    const issued = (s: QueueSnapshot | null) => (s?.events ?? []).filter((e) => e.type === 'ticket.issued').length;
    expect(issued(snaps[0]!)).toBe(issued(snaps[1]!));
  }, 40_000);

  it('a lone host whose own address is among its peers (as every device of the office is set up) does not log a member leaving every probe', async () => {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'queue-self-'));
    dirs.push(dir);
    const lines: { msg: string; data?: unknown }[] = [];
    let changes = 0;
    const host = new QueueService({
      dir, config: QueueConfig.parse({ mode: 'host', port, listen: '127.0.0.1', mdns: false, peers: [`127.0.0.1:${port}`] }),
      identity: async () => ({ device: 'kiosk-only', agency: '000.00.01.H08' }),
      lanKey: async () => ({ key: Buffer.alloc(32, 9), previous: null }),
      log: (msg, data) => { lines.push({ msg, data }); },
      onChange: () => { changes++; },
    });
    services.push(host);
    await host.start();
    // Two probes (every 5 s) and the one at the start.
    await new Promise((r) => setTimeout(r, 11_500));
    const before = changes;
    expect(lines.filter((l) => l.msg === 'queue: member left')).toEqual([]);
    expect(lines.filter((l) => l.msg === 'queue: another host on the LAN')).toEqual([]);
    // Quiet: no state change for the UI from its own probes either.
    await new Promise((r) => setTimeout(r, 5_500));
    expect(changes).toBe(before);
    expect(host.snapshot().link).toBe('host');
  }, 40_000);
});
