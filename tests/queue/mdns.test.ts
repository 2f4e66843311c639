/**
 * Finding the queue host by mDNS (src/main/queue/discovery.ts, bonjour-service): a member with no
 * configured peer finds the host of its own office on the machine's network, joins it through
 * the LAN handshake, and its ticket is the host's number; a host of another office announcing at
 * the same time is not joined. Real multicast on this machine's interfaces, QueueServices wired to
 * their discovery as src/main/queue/index.ts wires them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueService } from '../../src/main/queue/service';
import { startDiscovery, type Discovery } from '../../src/main/queue/discovery';
import { QueueConfig, type QueueConfigInput } from '../../src/shared/queue';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

describe('the queue host found by mDNS', () => {
  const dirs: string[] = [];
  const services: QueueService[] = [];
  const finders: Discovery[] = [];
  afterAll(async () => {
    for (const s of services) await s.close();
    for (const f of finders) f.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  // An office of this run only (other test files announce their own offices on the same network).
  const office = `000.${randomBytes(1)[0]! % 90 + 10}.${randomBytes(1)[0]! % 90 + 10}.H08`;
  const other = `000.${randomBytes(1)[0]! % 90 + 10}.${randomBytes(1)[0]! % 90 + 10}.H09`;
  const start = (device: string, agency: string, key: number, config: QueueConfigInput): QueueService => {
    const dir = mkdtempSync(path.join(tmpdir(), 'queue-mdns-'));
    dirs.push(dir);
    // Each device its own mDNS responder and browser, as src/main/queue/index.ts wires them.
    const d = startDiscovery(() => undefined);
    if (!d) throw new Error('mDNS is not available on this machine');
    finders.push(d);
    const s = new QueueService({
      discovered: (a) => d.hosts(a), announce: (port, info) => d.announce(port, info),
      dir, config: QueueConfig.parse(config),
      identity: async () => ({ device, agency }),
      lanKey: async () => ({ key: Buffer.alloc(32, key), previous: null }),
      log: () => undefined,
      onChange: () => undefined,
    });
    services.push(s);
    return s;
  };

  it('a member with no configured peer finds its own office\'s host and takes a number through it', async () => {
    const foreign = start('kiosk-other', other, 3, { mode: 'host', port: await freePort(), mdns: true, peers: [] });
    const host = start('kiosk-host', office, 4, { mode: 'host', port: await freePort(), mdns: true, peers: [] });
    await foreign.start();
    await host.start();
    await expect.poll(() => host.snapshot().link, { timeout: 10_000 }).toBe('host');
    const member = start('kiosk-member', office, 4, { mode: 'member', port: await freePort(), mdns: true, peers: [], counter: 'Quầy 1' });
    await member.start();
    await expect.poll(() => member.snapshot().link, { timeout: 20_000 }).toBe('member');
    const r = await member.act({ action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null });
    expect(r.event.type).toBe('ticket.issued');
    // The host issued it (it holds the ticket), and the other office's host knows nothing of it.
    await expect.poll(() => host.snapshot().events?.filter((e) => e.type === 'ticket.issued').length ?? 0, { timeout: 5_000 }).toBe(1);
    expect(foreign.snapshot().events?.filter((e) => e.type === 'ticket.issued').length ?? 0).toBe(0);
  }, 40_000);
});
