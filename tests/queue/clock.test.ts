/**
 * A queue host whose clock is set back 10 minutes mid-day (a real QueueService listening with its
 * LanServer on loopback): numbers never repeat, and event times stay in the order the host wrote
 * them, so the statistics (which read events by time) fold the same queue as the host.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { QueueService } from '../../src/main/queue/service';
import { QueueConfig, foldQueue, queueStats, type QueueSnapshot } from '../../src/shared/queue';

describe('queue host with a clock 10 minutes off', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'queue-clock-'));
  let svc: QueueService | null = null;
  afterAll(async () => { await svc?.close(); rmSync(dir, { recursive: true, force: true }); });

  it('never repeats a number and keeps the order when its clock goes back 10 minutes', async () => {
    let offset = 0;
    const base = Date.parse('2026-12-05T02:00:00.000Z');
    const started = Date.now();
    let snap: QueueSnapshot | null = null;
    svc = new QueueService({
      dir, config: QueueConfig.parse({ mode: 'host', port: 0, listen: '127.0.0.1', mdns: false }),
      identity: async () => ({ device: 'kiosk-1', agency: '000.00.01.H08' }),
      lanKey: async () => ({ key: Buffer.alloc(32, 7), previous: null }),
      now: () => base + (Date.now() - started) + offset,
      log: () => undefined,
      onChange: (s) => { snap = s; },
    });
    await svc.start();
    const end = Date.now() + 10_000;
    while ((snap as QueueSnapshot | null)?.link !== 'host') {
      if (Date.now() > end) throw new Error('not host');
      await new Promise((r) => setTimeout(r, 50));
    }
    const issue = () => svc!.act({ action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null });
    for (let i = 0; i < 3; i++) await issue();
    await svc.act({ action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
    offset = -600_000; // the clock is set back 10 minutes
    for (let i = 0; i < 3; i++) await issue();
    for (let i = 0; i < 4; i++) await svc.act({ action: 'call', counter: 'Quầy 1', staffId: 'CB01' });
    const events = svc.snapshot().events;
    const numbers = events.flatMap((e) => (e.type === 'ticket.issued' ? [e.number] : []));
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    const times = events.map((e) => Date.parse(e.at));
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
    // Calls in issue order, and the statistics (events read by time) see the same queue.
    const state = foldQueue(events[0]!.day, events);
    expect(state.lastCalls.map((c) => c.label).reverse()).toEqual(['A001', 'A002', 'A003', 'A004', 'A005']);
    const shuffled = [...events].reverse();
    const stats = queueStats(shuffled);
    expect(stats.tickets).toBe(6);
    expect(stats.served).toBe(4);
    expect(stats.waiting).toBe(2);
  }, 30_000);
});
