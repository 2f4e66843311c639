/**
 * The office LAN key changed (docs/SECURITY.md §6a): real LanServer/LanClient and QueueServices
 * on loopback. During the gateway's grace period a device holding only the replaced key and one
 * holding only the new key still reach each other; a key neither side holds is refused. When a
 * device is revoked the key changes without grace: the host fetches it, drops the sessions that
 * rest on the old key, the good member comes back with the new one and the revoked device, which
 * cannot fetch it, stays out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LanClient, LanServer, type LanIdentity } from '../../src/main/queue/lan';
import { KEY_REFRESH_MS, QueueService } from '../../src/main/queue/service';
import { QueueConfig, QueueError, type QueueSnapshot } from '../../src/shared/queue';

const AGENCY = '000.00.01.H08';
const K1 = Buffer.alloc(32, 1);
const K2 = Buffer.alloc(32, 2);
const K3 = Buffer.alloc(32, 3);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const hooks = {
  term: () => 1, now: Date.now,
  join: async () => ({ day: '2026-12-05', events: [], backup: false }),
  request: async () => { throw new QueueError('queue-invalid', 'not in this test'); },
  merge: async () => undefined, ack: () => undefined, leave: () => undefined, authFailed: () => undefined,
};
const noHooks = { event: async () => undefined, heard: () => undefined, lost: () => undefined };

describe('the office LAN key changed', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  it('in the grace period, the replaced key and the new one meet either way round; an unknown key is refused', async () => {
    const connect = async (hostId: LanIdentity, memberId: LanIdentity): Promise<LanClient> => {
      const server = new LanServer(hostId, hooks, () => undefined);
      cleanups.push(() => server.close());
      const port = await server.listen('127.0.0.1', 0);
      const c = await LanClient.connect(`127.0.0.1:${port}`, memberId, { role: 'member', day: null, term: 0, now: Date.now }, noHooks);
      cleanups.push(() => c.close());
      return c;
    };
    // The host fetched the new key; the member has not yet.
    expect((await connect({ device: 'h', agency: AGENCY, key: K2, previous: K1 }, { device: 'm', agency: AGENCY, key: K1 })).welcome.hostDevice).toBe('h');
    // The member fetched it; the host has not yet.
    expect((await connect({ device: 'h', agency: AGENCY, key: K1 }, { device: 'm', agency: AGENCY, key: K2, previous: K1 })).welcome.hostDevice).toBe('h');
    // A key neither holds (a revoked device after the change, or another office).
    await expect(connect({ device: 'h', agency: AGENCY, key: K2, previous: K1 }, { device: 'x', agency: AGENCY, key: K3 }))
      .rejects.toMatchObject({ code: 'queue-auth-failed' });
  });

  it('after a revocation the host drops sessions on the old key; the good member returns with the new key, the revoked one stays out', async () => {
    const port = await freePort();
    const peers = [`127.0.0.1:${port}`];
    let offset = 0;
    const now = () => Date.now() + offset;
    // What the gateway gives each device: the revoked one can no longer fetch (it keeps K1).
    const gatewayKey: Record<string, Buffer> = { host: K1, good: K1, revoked: K1 };
    const snaps: Record<string, QueueSnapshot | null> = {};
    const make = (device: string, mode: 'host' | 'member') => {
      const dir = mkdtempSync(path.join(tmpdir(), 'queue-key-'));
      const s = new QueueService({
        dir, now,
        config: QueueConfig.parse(mode === 'host' ? { mode, port, listen: '127.0.0.1', mdns: false } : { mode, mdns: false, peers }),
        identity: async () => ({ device, agency: AGENCY }),
        lanKey: async () => ({ key: gatewayKey[device]!, previous: null }),
        log: () => undefined,
        onChange: (snap) => { snaps[device] = snap; },
      });
      cleanups.push(async () => { await s.close(); rmSync(dir, { recursive: true, force: true }); });
      return s;
    };
    const host = make('host', 'host');
    await host.start();
    await until('the host', () => snaps.host?.link === 'host');
    const good = make('good', 'member');
    const revoked = make('revoked', 'member');
    await good.start();
    await revoked.start();
    const server = () => (host as unknown as { server: LanServer | null }).server;
    await until('both members joined', () => (server()?.connected().length ?? 0) === 2);

    // The device is revoked: the gateway changes the office key without grace.
    gatewayKey.host = K2;
    gatewayKey.good = K2;
    offset = KEY_REFRESH_MS + 1_000; // the hourly fetch comes round
    await until('the good member back on the new key, the revoked one out', () => {
      const members = server()?.connected().map((m) => m.device) ?? [];
      return members.length === 1 && members[0] === 'good';
    }, 20_000);
    await until('the revoked device sees it cannot reach the host', () => snaps.revoked?.link === 'lost' || snaps.revoked?.notice === 'queue-auth-failed');
    // And it stays out.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(server()?.connected().map((m) => m.device)).toEqual(['good']);
    // The good member serves on: a ticket through the host.
    const r = await good.act({ action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null });
    expect(r.event.type).toBe('ticket.issued');
  }, 60_000);
});
