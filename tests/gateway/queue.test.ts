/** The office queue at the gateway: the LAN key per agency, idempotent event upload, statistics from the events. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, DEMO_AGENCIES, startGateway, type TestGateway } from '../helpers/gateway';
import { queueDay, queueStats, type QueueEvent, type QueueEventBody } from '../../src/shared/queue';
import { STORAGES } from './storages';

const A1 = DEMO_AGENCIES[0]!.code;
const A2 = DEMO_AGENCIES[1]!.code;

/** A synthetic day: `n` tickets issued a minute apart from 08:00 (Vietnam), each called 3 min after
 * issue at counter 1 or 2 and served 4 min later; every fifth is skipped instead. */
function syntheticDay(day: string, n: number): QueueEvent[] {
  const base = Date.parse(`${day}T01:00:00.000Z`);
  const events: QueueEvent[] = [];
  const ev = (at: number, body: QueueEventBody): void => { events.push({ id: randomUUID(), at: new Date(at).toISOString(), day, term: 1, device: 'd1', ...body } as QueueEvent); };
  for (let i = 0; i < n; i++) {
    const ticketId = randomUUID();
    const counter = i % 2 === 0 ? 'Quầy 1' : 'Quầy 2';
    ev(base + i * 60_000, { type: 'ticket.issued', ticketId, area: i % 3 === 0 ? 'Chứng thực' : 'Hộ tịch', prefix: i % 3 === 0 ? 'A' : 'B', number: i + 1, source: 'kiosk', counter: null });
    ev(base + i * 60_000 + 180_000, { type: 'ticket.called', ticketId, counter, staffId: 'CB01' });
    if (i % 5 === 4) ev(base + i * 60_000 + 240_000, { type: 'ticket.skipped', ticketId, counter, staffId: 'CB01' });
    else ev(base + i * 60_000 + 420_000, { type: 'ticket.served', ticketId, counter, staffId: i % 2 === 0 ? 'CB01' : 'CB02', dossierCode: null });
  }
  return events;
}

describe.each(STORAGES)('office queue at the gateway on %s', (_name, storage) => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startGateway({ storage, seed: 'catalog' }); });
  afterAll(async () => gw?.close());

  it('gives each agency one LAN key, the same to its counters and kiosks, another to another agency', async () => {
    const c = await gw.enroll(A1, { kind: 'counter' });
    const k = await gw.enroll(A1, { kind: 'kiosk' });
    const other = await gw.enroll(A2, { kind: 'counter' });
    const a = await apiClient(gw.url, c.token)('GET', '/v1/queue/key');
    const b = await apiClient(gw.url, k.token)('GET', '/v1/queue/key');
    const x = await apiClient(gw.url, other.token)('GET', '/v1/queue/key');
    expect(a.status).toBe(200);
    expect(a.body).toEqual({ agency: A1, key: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), previous: null });
    expect(b.body).toEqual(a.body);
    expect(x.body.key).not.toBe(a.body.key);
    expect((await apiClient(gw.url)('GET', '/v1/queue/key')).status).toBe(401);
  });

  it('changes an office\'s LAN key: the replaced key stays valid for the grace period, or goes at once; revoking a device changes it without grace; audited', async () => {
    const c = await gw.enroll(A1, { kind: 'counter' });
    const k = await gw.enroll(A1, { kind: 'kiosk' });
    const other = await gw.enroll(A2, { kind: 'counter' });
    const key = async (token: string) => (await apiClient(gw.url, token)('GET', '/v1/queue/key')).body as { key: string; previous: string | null };
    const admin = apiClient(gw.url, gw.adminToken);
    const first = await key(c.token);
    const otherBefore = await key(other.token);

    const r = await admin('POST', '/v1/admin/queue/key/rotate', { agency: A1 });
    expect(r.status).toBe(200);
    expect(Date.parse(r.body.graceUntil) - Date.parse(r.body.rotatedAt)).toBe(24 * 3_600_000);
    const second = await key(k.token);
    expect(second.key).not.toBe(first.key);
    expect(second.previous).toBe(first.key);
    expect(await key(other.token)).toEqual(otherBefore); // another office's key is untouched

    const now = await admin('POST', '/v1/admin/queue/key/rotate', { agency: A1, grace: false });
    expect(now.body.graceUntil).toBeNull();
    const third = await key(c.token);
    expect(third.key).not.toBe(second.key);
    expect(third.previous).toBeNull();

    // The grace period ends: the replaced key is no longer given.
    await admin('POST', '/v1/admin/queue/key/rotate', { agency: A1 });
    await gw.db.query(`update queue_keys set rotated_at = now() - interval '25 hours' where agency_code = $1`, [A1]);
    expect((await key(c.token)).previous).toBeNull();

    // A revoked device's office gets a new key at once, with nothing of the old one left valid.
    const before = await key(c.token);
    expect((await admin('POST', `/v1/admin/devices/${k.deviceId}/revoke`)).status).toBe(200);
    const after = await key(c.token);
    expect(after.key).not.toBe(before.key);
    expect(after.previous).toBeNull();
    expect((await apiClient(gw.url, k.token)('GET', '/v1/queue/key')).status).toBe(401);

    expect((await admin('POST', '/v1/admin/queue/key/rotate', { agency: '99.99.99.H99' })).status).toBe(400);
    const audit = await gw.db.query<{ action: string; details: unknown }>(`select action, details from admin_audit where target in ($1, $2) order by id`, [A1, k.deviceId]);
    expect(audit.filter((a) => a.action === 'queue.key.rotate')).toHaveLength(3);
    expect(audit.find((a) => a.action === 'device.revoke')?.details).toMatchObject({ queueKeyChanged: true });
  });

  it('stores events once, under the device\'s agency, and serves statistics that match them', async () => {
    const dev = await gw.enroll(A1, { kind: 'kiosk' });
    const api = apiClient(gw.url, dev.token);
    const day = '2026-11-20';
    const events = syntheticDay(day, 30);
    const first = await api('POST', '/v1/queue/events', { events: events.slice(0, 40) });
    expect(first.body).toEqual({ accepted: 40, duplicates: 0 });
    const again = await api('POST', '/v1/queue/events', { events });
    expect(again.body).toEqual({ accepted: events.length - 40, duplicates: 40 });
    const admin = apiClient(gw.url, gw.adminToken);
    const stats = await admin('GET', `/v1/admin/queue/stats?agency=${A1}&from=${day}`);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ agency: A1, from: day, to: day, events: events.length, tickets: 30, served: 24, noShows: 6 });
    expect(stats.body.waitSeconds).toEqual({ count: 30, p50: 180, p90: 180 });
    expect(stats.body.handleSeconds).toEqual({ count: 24, p50: 240, p90: 240 });
    expect(stats.body.byCounter.map((c: { counter: string; served: number; noShows: number }) => [c.counter, c.served, c.noShows]))
      .toEqual([['Quầy 1', 12, 3], ['Quầy 2', 12, 3]]);
    // Per officer: who served and who recorded the no-shows (CB01 called and skipped every fifth).
    expect(stats.body.byStaff.map((r: { staffId: string; served: number; noShows: number }) => [r.staffId, r.served, r.noShows]))
      .toEqual([['CB01', 12, 6], ['CB02', 12, 0]]);
    // 08:00–08:29 Vietnam: all thirty in hour 8, ten in area A.
    expect(stats.body.byAreaHour).toEqual([{ area: 'Chứng thực', hour: 8, tickets: 10 }, { area: 'Hộ tịch', hour: 8, tickets: 20 }]);
    expect(stats.body).toEqual({ agency: A1, from: day, to: day, events: events.length, ...queueStats(events) });
    // Another agency sees none of them.
    expect((await admin('GET', `/v1/admin/queue/stats?agency=${A2}&from=${day}`)).body.tickets).toBe(0);
  });

  it('refuses malformed events and a range of more than 92 days with a validation answer', async () => {
    const dev = await gw.enroll(A1, { kind: 'counter' });
    const api = apiClient(gw.url, dev.token);
    const bad = await api('POST', '/v1/queue/events', { events: [{ id: randomUUID(), type: 'ticket.issued', day: queueDay(Date.now()) }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation');
    const admin = apiClient(gw.url, gw.adminToken);
    const far = await admin('GET', `/v1/admin/queue/stats?agency=${A1}&from=2026-01-01&to=2026-12-31`);
    expect(far.status).toBe(400);
    expect(far.body.error.code).toBe('validation');
  });
});
