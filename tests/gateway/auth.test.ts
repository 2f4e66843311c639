import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, startGateway, type TestGateway } from '../helpers/gateway';
import { STORAGES } from './storages';
import { fakeKiosk } from './kiosk';
import { MAX_BODY_BYTES, PROTOCOL_HEADER, ValidationDetails } from '../../src/shared/protocol';

const AGENCY = '000.00.01.H08';

describe.each(STORAGES)('gateway auth and enrollment on %s', (_name, storage) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({ storage, seed: 'catalog' });
  });
  afterAll(async () => gw?.close());

  const enrollWith = (code: string) => apiClient(gw.url)('POST', '/v1/enroll', { code, deviceName: 'Quầy 1', kind: 'counter', appVersion: '1.0.0' });

  it('enrolls once with a code, then refuses the reused code', async () => {
    const { code } = await gw.createEnrollCode(AGENCY, 'Quầy 1');
    const first = await enrollWith(code);
    expect(first.status).toBe(200);
    expect(first.body.agency.code).toBe(AGENCY);
    expect(first.body.counter).toBe('Quầy 1');
    expect(first.body.token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const again = await enrollWith(code);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('enroll-code-used');
  });

  it('refuses an expired code and a forged one', async () => {
    const { code } = await gw.createEnrollCode(AGENCY);
    await gw.db.query("update enroll_codes set expires_at = now() - interval '1 minute'");
    expect((await enrollWith(code)).body.error.code).toBe('enroll-code-expired');
    expect((await enrollWith('ABCDE-FGHJK')).body.error.code).toBe('enroll-code-invalid');
    const invalid = (await enrollWith('not a code')).body.error;
    expect(invalid.code).toBe('validation');
    // zod's own report, for people: every problem with its path, and the fields at fault.
    expect(ValidationDetails.parse(invalid.details)).toMatchObject({ part: 'body', fieldErrors: { code: [expect.any(String)] } });
    expect(invalid.details.message).toMatch(/→ at code/);
  });

  it('stores tokens and enrollment codes only hashed', async () => {
    const { code } = await gw.createEnrollCode(AGENCY);
    const dev = (await enrollWith(code)).body;
    const devices = await gw.db.query<{ token_hash: string }>('select token_hash from devices where id = $1', [dev.deviceId]);
    expect(devices[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(devices[0]?.token_hash).not.toContain(dev.token);
    const codes = await gw.db.query<{ code_hash: string }>('select code_hash from enroll_codes');
    expect(codes.every((c) => /^[0-9a-f]{64}$/.test(c.code_hash) && c.code_hash !== code)).toBe(true);
  });

  it('answers 401 without a token or with a wrong one, whatever the body', async () => {
    const anon = apiClient(gw.url);
    for (const [method, path, body] of [
      ['GET', '/v1/changes', undefined], ['POST', '/v1/mutations', { mutations: [] }], ['POST', '/v1/mutations', '{not json'],
      ['POST', '/v1/heartbeat', {}], ['GET', '/v1/lookup/000.00.01.H08-250101-0001', undefined], ['POST', '/v1/leases', { count: 1 }],
    ] as const) {
      const r = await anon(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(r.body.error.code).toBe('unauthorized');
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
    const wrong = apiClient(gw.url, 'x'.repeat(43));
    expect((await wrong('GET', '/v1/changes')).status).toBe(401);
    // An oversized body without a token is refused as unauthorized before it is read.
    const big = await anon('POST', '/v1/mutations', 'x'.repeat(MAX_BODY_BYTES + 10));
    expect(big.status).toBe(401);
  });

  it('keeps admin endpoints away from device tokens', async () => {
    const dev = await gw.enroll(AGENCY);
    const r = await apiClient(gw.url, dev.token)('GET', '/v1/admin/kiosks');
    expect(r.status).toBe(401);
    const ok = await apiClient(gw.url, gw.adminToken)('GET', '/v1/admin/kiosks');
    expect(ok.status).toBe(200);
  });

  it('answers a clear protocol-version error to an old or unversioned kiosk', async () => {
    const dev = await gw.enroll(AGENCY);
    for (const v of [null, '0', '2', 'abc']) {
      const r = await apiClient(gw.url, dev.token, v)('GET', '/v1/changes');
      expect(r.status, String(v)).toBe(426);
      expect(r.body.error.code).toBe('protocol-version');
      expect(r.body.error.message.vi.length).toBeGreaterThan(0);
      expect(r.body.error.details).toMatchObject({ min: 1, max: 1 });
    }
    const ok = await apiClient(gw.url, dev.token)('GET', '/v1/changes?limit=1');
    expect(ok.status).toBe(200);
    expect(ok.headers.get(PROTOCOL_HEADER)).toBe('1');
  });

  it('rotates a token without locking the device out, and revocation stops it', async () => {
    const dev = await gw.enroll(AGENCY);
    const oldApi = apiClient(gw.url, dev.token);
    const rot = await oldApi('POST', '/v1/device/rotate');
    expect(rot.status).toBe(200);
    // The answer could have been lost: the old token still works until the new one is used.
    expect((await oldApi('GET', '/v1/device')).status).toBe(200);
    const newApi = apiClient(gw.url, rot.body.token);
    expect((await newApi('GET', '/v1/device')).status).toBe(200);
    expect((await oldApi('GET', '/v1/device')).status).toBe(401);
    const rev = await apiClient(gw.url, gw.adminToken)('POST', `/v1/admin/devices/${dev.deviceId}/revoke`);
    expect(rev.body.revoked).toBe(true);
    const after = await newApi('GET', '/v1/device');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('device-revoked');
  });

  it('rejects malformed and oversized bodies with the error shape', async () => {
    const dev = await gw.enroll(AGENCY);
    const api = apiClient(gw.url, dev.token);
    const bad = await api('POST', '/v1/mutations', '{"mutations": [');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('malformed');
    const wrongShape = await api('POST', '/v1/mutations', { mutations: [{ id: 'nope', type: 'x' }] });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.error.code).toBe('validation');
    const tooMany = await api('POST', '/v1/mutations', { mutations: Array.from({ length: 101 }, () => ({})) });
    expect(tooMany.body.error.code).toBe('validation');
    const huge = await api('POST', '/v1/mutations', JSON.stringify({ mutations: [], pad: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload-too-large');
    const text = await api('POST', '/v1/heartbeat', 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe('malformed');
  });

  it('counts a kiosk heartbeat in the province health view', async () => {
    const dev = await gw.enroll(AGENCY, { name: 'Kiosk sảnh', kind: 'kiosk' });
    const k = fakeKiosk(gw.url, dev);
    const clientTime = new Date(Date.now() + 3_600_000).toISOString();
    const hb = await k.api('POST', '/v1/heartbeat', {
      pending: 3, oldestPendingMs: 120_000, appVersion: '1.2.3', clientTime,
      scanners: [{ id: 'serial-1', state: 'open', lastError: null }],
    });
    expect(hb.status).toBe(200);
    expect(Math.abs(Date.parse(hb.body.serverTime) - Date.now())).toBeLessThan(5000);
    const view = await apiClient(gw.url, gw.adminToken)('GET', `/v1/admin/kiosks?agency=${AGENCY}`);
    const row = view.body.kiosks.find((x: { deviceId: string }) => x.deviceId === dev.deviceId);
    expect(row).toMatchObject({ deviceName: 'Kiosk sảnh', pending: 3, oldestPendingMs: 120_000, appVersion: '1.2.3', stale: false });
    expect(row.skewMs).toBeGreaterThan(3_500_000);
    expect(row.scanners[0].state).toBe('open');
  });
});
