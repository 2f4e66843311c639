/**
 * The office queue over the LAN with real parts: the real gateway (PGlite) for enrollment, the LAN
 * key and the statistics; the queue host as a real browser-host process that is SIGKILLed mid-
 * session; two counters' host services in this process (one the backup), on loopback ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, DEMO_AGENCIES, startGateway, type TestGateway } from '../helpers/gateway';
import { startHostProcess, type HostProcess } from '../helpers/host-process';
import { ensureBuilt } from '../helpers/build';
import { createHostServices, type HostServices } from '../../src/main/services';
import { foldQueue, queueStats, type QueueAction, type QueueConfigInput, type QueueSnapshot } from '../../src/shared/queue';

const A1 = DEMO_AGENCIES[0]!.code;
const A2 = DEMO_AGENCIES[1]!.code;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try { const v = await fn(); if (v) return v; } catch (err) { last = err; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Device { services: HostServices; dir: string; snapshot(): Promise<QueueSnapshot>; act(a: QueueAction): Promise<{ event: { type: string; ticketId?: string; number?: number } }> }

describe('office queue over the LAN', () => {
  let gw: TestGateway;
  const dirs: string[] = [];
  const devices: Device[] = [];
  let host: HostProcess | null = null;
  const ports: number[] = [];
  const peers = (): string[] => ports.slice(0, 2).map((p) => `127.0.0.1:${p}`);

  beforeAll(async () => {
    ensureBuilt();
    gw = await startGateway({ storage: 'pglite', seed: 'catalog' });
    ports.push(await freePort(), await freePort(), await freePort());
  }, 120_000);
  afterAll(async () => {
    for (const d of devices) await d.services.close().catch(() => undefined);
    await host?.kill();
    await gw?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  const tmp = (): string => { const d = mkdtempSync(path.join(tmpdir(), 'queue-lan-')); dirs.push(d); return d; };

  async function device(agency: string, kind: 'counter' | 'kiosk', queue: QueueConfigInput, clock?: () => number): Promise<Device> {
    const dir = tmp();
    const services = await createHostServices({ name: 't', version: '0', gatewayUrl: gw.url, scanners: [], dataDir: dir, queue, ...(clock ? { queueClock: clock } : {}) });
    const { code } = await gw.createEnrollCode(agency, undefined, kind);
    await services.admin!.enroll(gw.url, code, kind, `queue ${kind}`);
    const d: Device = {
      services, dir,
      snapshot: async () => (await services.handlers['queue.status']!({} as never)) as QueueSnapshot,
      act: async (a) => (await services.handlers['queue.act']!(a as never)) as never,
    };
    devices.push(d);
    return d;
  }

  it('serves tickets across a host killed mid-session: outage shown within 5 s, backup takes over, no number twice, none lost', async () => {
    const hostDir = tmp();
    const { code } = await gw.createEnrollCode(A1, undefined, 'kiosk');
    const hostQueue: QueueConfigInput = { mode: 'host', port: ports[0], listen: '127.0.0.1', peers: peers(), mdns: false };
    host = await startHostProcess({ dataDir: hostDir, gatewayUrl: gw.url, enroll: { url: gw.url, code, kind: 'kiosk', deviceName: 'ki-ốt' }, queue: hostQueue });
    const a = await device(A1, 'counter', { mode: 'backup', port: ports[1], listen: '127.0.0.1', peers: peers(), mdns: false, counter: 'Quầy 1', takeoverAfterMs: 3_000 });
    const b = await device(A1, 'counter', { mode: 'member', port: ports[2], listen: '127.0.0.1', peers: peers(), mdns: false, counter: 'Quầy 2' });
    await until('both counters joined', async () => (await a.snapshot()).link === 'member' && (await b.snapshot()).link === 'member');

    const issued: number[] = [];
    for (let i = 0; i < 5; i++) issued.push((await a.act({ action: 'issue', area: 'Hộ tịch', prefix: 'B', source: 'counter', counter: 'Quầy 1' })).event.number!);
    expect(issued).toEqual([1, 2, 3, 4, 5]);
    await b.act({ action: 'call', counter: 'Quầy 2', staffId: 'CB02' });
    await a.act({ action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
    await until('B has every event', async () => (await b.snapshot()).events.length === 7);

    // Kill the host: both counters show the outage within 5 s.
    const killedAt = Date.now();
    await host.kill();
    host = null;
    await until('outage shown on both', async () => (await a.snapshot()).link === 'lost' && (await b.snapshot()).link === 'lost', 5_000);
    const shownAfter = Date.now() - killedAt;
    expect(shownAfter).toBeLessThan(5_000);

    // B keeps serving what it holds; a new ticket cannot be taken meanwhile.
    await b.act({ action: 'serve', counter: 'Quầy 2', staffId: 'CB02', dossierCode: null });
    expect((await b.snapshot()).held).toBe(1);
    await expect(b.act({ action: 'call', counter: 'Quầy 2', staffId: 'CB02' })).rejects.toMatchObject({ code: 'queue-host-unreachable' });

    // A (the designated backup) takes over with term 2; B joins it and hands over what it held.
    await until('backup is host', async () => (await a.snapshot()).link === 'host', 15_000);
    await until('B joined the new host', async () => (await b.snapshot()).link === 'member', 10_000);
    const afterTakeover: number[] = [];
    for (let i = 0; i < 3; i++) afterTakeover.push((await b.act({ action: 'issue', area: 'Hộ tịch', prefix: 'B', source: 'counter', counter: 'Quầy 2' })).event.number!);
    expect(afterTakeover).toEqual([6, 7, 8]);

    // The old host comes back on its data folder: it finds the term-2 host, joins it instead of hosting again.
    host = await startHostProcess({ dataDir: hostDir, gatewayUrl: gw.url, queue: hostQueue });
    await until('A sees no duplicate and the old host stays a member', async () => {
      const s = await a.snapshot();
      return s.link === 'host' && s.term === 2;
    });
    await new Promise((r) => setTimeout(r, 1_500));
    const s = await a.snapshot();
    expect(s.link).toBe('host');
    const state = foldQueue(s.day, s.events);
    const labels = state.tickets.map((t) => t.label);
    expect(labels).toHaveLength(8);
    expect(new Set(labels).size).toBe(8);
    expect(state.tickets.filter((t) => t.state === 'served')).toHaveLength(1);

    // Events reach the gateway (uploaded by the host of the time) and the statistics match them.
    const admin = apiClient(gw.url, gw.adminToken);
    const stats = await until('statistics uploaded', async () => {
      const r = await admin('GET', `/v1/admin/queue/stats?agency=${A1}&from=${s.day}`);
      return r.body.tickets === 8 && r.body.events === s.events.length ? r.body : null;
    }, 20_000);
    expect(stats).toMatchObject({ ...queueStats(s.events) });
  }, 120_000);

  it('refuses a device of another office, joins instead of becoming a second host, and shows a clock 10 minutes off', async () => {
    // The host of the first test runs at ports[1] (A). Another agency's device cannot join it.
    const stranger = await device(A2, 'counter', { mode: 'member', port: await freePort(), listen: '127.0.0.1', peers: [`127.0.0.1:${ports[1]}`], mdns: false, counter: 'Quầy 9' });
    await until('stranger refused', async () => (await stranger.snapshot()).notice === 'queue-auth-failed');
    expect((await stranger.snapshot()).link).not.toBe('member');
    // A second kiosk configured as host on the same LAN joins the running host.
    const second = await device(A1, 'kiosk', { mode: 'host', port: await freePort(), listen: '127.0.0.1', peers: [`127.0.0.1:${ports[1]}`], mdns: false });
    await until('second host joined as member', async () => {
      const s = await second.snapshot();
      return s.link === 'member' && s.notice === 'queue-other-host';
    });
    // A counter whose clock is 10 minutes fast: told so; its ticket carries the host's time.
    const skewed = await device(A1, 'counter', { mode: 'member', port: await freePort(), listen: '127.0.0.1', peers: [`127.0.0.1:${ports[1]}`], mdns: false, counter: 'Quầy 3' }, () => Date.now() + 600_000);
    await until('skew shown', async () => (await skewed.snapshot()).notice === 'queue-clock-skew');
    const before = Date.now();
    const t = await skewed.act({ action: 'issue', area: 'Chứng thực', prefix: 'A', source: 'counter', counter: 'Quầy 3' });
    expect(Math.abs(Date.parse((t.event as unknown as { at: string }).at) - before)).toBeLessThan(30_000);
  }, 90_000);

  it('stops issuing while its backup is away (never a number the backup lacks), and again after a technician releases the backup', async () => {
    const [hp, bp] = [await freePort(), await freePort()];
    const peersB = [`127.0.0.1:${hp}`, `127.0.0.1:${bp}`];
    const h = await device(A2, 'kiosk', { mode: 'host', port: hp, listen: '127.0.0.1', peers: peersB, mdns: false });
    const b = await device(A2, 'counter', { mode: 'backup', port: bp, listen: '127.0.0.1', peers: peersB, mdns: false, counter: 'Quầy 1', takeoverAfterMs: 600_000 });
    await until('host up, backup joined', async () => (await h.snapshot()).link === 'host' && (await b.snapshot()).link === 'member');
    const first = await h.act({ action: 'issue', area: 'Hộ tịch', prefix: 'B', source: 'kiosk', counter: null });
    expect(first.event.number).toBe(1);
    await until('backup holds the ticket', async () => (await b.snapshot()).events.length === 1);
    await b.services.close();
    devices.splice(devices.indexOf(b), 1);
    await until('host fenced', async () => (await h.snapshot()).link === 'fenced');
    await expect(h.act({ action: 'issue', area: 'Hộ tịch', prefix: 'B', source: 'kiosk', counter: null })).rejects.toMatchObject({ code: 'queue-fenced' });
    // Calling what waits still works while fenced.
    expect((await h.act({ action: 'call', counter: 'Quầy 1', staffId: null })).event.type).toBe('ticket.called');
    await h.services.handlers['queue.forgetBackup']!({} as never);
    expect((await h.snapshot()).link).toBe('host');
    expect((await h.act({ action: 'issue', area: 'Hộ tịch', prefix: 'B', source: 'kiosk', counter: null })).event.number).toBe(2);
  }, 60_000);
});
