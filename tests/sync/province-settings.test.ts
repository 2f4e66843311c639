/**
 * The province's own dossier code shapes (docs/SYNC-PROTOCOL.md §4.4): set through the real
 * gateway's admin API (a pattern that does not compile, or lacks a group, is refused), fed to a
 * counter in the province stream by the real engine, and used by the scan stream from then on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledPatterns, type ProvinceSettings } from '../../src/shared/protocol';
import { parseScan } from '../../src/shared/domain';
import { writeProvinceSettings } from '../../src/gateway/store/catalog';
import { META } from '../../src/renderer/db/database';
import { createScanStream } from '../../src/renderer/scanners/scan-stream';
import { createTestBridge } from '../helpers/test-bridge';
import { apiClient, startGateway, type TestGateway } from '../helpers/gateway';
import { startHarness, type Harness } from './harness';

// A shape a provincial system might issue: agency / 8-digit date / 6-digit sequence (synthetic).
const PORTAL = { name: 'Cổng tỉnh', regex: '(?<agency>H08\\.[0-9]{3})/(?<date>[0-9]{8})/(?<seq>[0-9]{6})' };
const CODE = 'H08.123/20260609/000042';

describe('the province settings over the admin API', () => {
  let gw: TestGateway;
  beforeAll(async () => { gw = await startGateway(); }, 60_000);
  afterAll(async () => gw?.gateway.close());

  it('refuses an unusable pattern, keeps a good one, and audits the change', async () => {
    const api = apiClient(gw.url, gw.adminToken);
    expect((await api('GET', '/v1/admin/province-settings')).body).toEqual({ settings: null });
    for (const regex of ['[A-Z]+', '(?<agency>(?<date>(?<seq>', `(?<agency>A)(?<date>1)(?<seq>2)${'x'.repeat(300)}`]) {
      const bad = await api('POST', '/v1/admin/province-settings', { codePatterns: [{ name: 'hỏng', regex }] });
      expect(bad.status, regex).toBe(400);
      expect(bad.body.error.code).toBe('validation');
    }
    const ok = await api('POST', '/v1/admin/province-settings', { codePatterns: [PORTAL] });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({ codePatterns: [PORTAL] });
    expect((await api('GET', '/v1/admin/province-settings')).body.settings).toMatchObject({ codePatterns: [PORTAL] });
    // Devices never set or read them through the admin API (they receive them in their feed).
    const device = apiClient(gw.url, (await gw.enroll('000.00.01.H08')).token);
    expect((await device('GET', '/v1/admin/province-settings')).status).toBe(401);
    expect((await device('POST', '/v1/admin/province-settings', { codePatterns: [] })).status).toBe(401);
    const audit = await api('GET', '/v1/admin/audit?action=province.settings');
    expect(audit.body.entries).toHaveLength(1);
    expect(audit.body.entries[0].details).toEqual({ codePatterns: ['Cổng tỉnh'], agencies: 0, agencyAliases: 0 });
  });

  it('keeps the directory of agencies and the old agency codes (boundary-free intake, 2024 receipts); refuses malformed ones', async () => {
    const api = apiClient(gw.url, gw.adminToken);
    const agencies = [{ code: '000.00.01.H08', name: 'UBND Phường Minh Xuân', level: 'commune', communeCode: '02215' }];
    const agencyAliases = [{ old: '000.00.01.H02', current: '000.00.01.H08' }];
    for (const bad of [
      { agencies: [{ ...agencies[0], communeCode: '2215' }] },
      { agencies: [{ ...agencies[0], level: 'district' }] },
      { agencyAliases: [{ old: 'h02 cũ', current: '000.00.01.H08' }] },
    ]) {
      const r = await api('POST', '/v1/admin/province-settings', { codePatterns: [], ...bad });
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    const ok = await api('POST', '/v1/admin/province-settings', { codePatterns: [PORTAL], agencies, agencyAliases });
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({ codePatterns: [PORTAL], agencies, agencyAliases });
    // A body without the lists (a client of before) sets them empty.
    const plain = await api('POST', '/v1/admin/province-settings', { codePatterns: [PORTAL] });
    expect(plain.body.settings).toMatchObject({ agencies: [], agencyAliases: [] });
  });
});

describe('the province settings on a counter', () => {
  let h: Harness;
  beforeAll(async () => { h = await startHarness(); }, 60_000);
  afterAll(async () => h?.close());

  it('reach the counter with its sync, and its scans parse the province shape from then on', async () => {
    // Without the settings the shape is no dossier code.
    expect(parseScan(CODE).kind).toBe('unknown');
    await writeProvinceSettings(h.gw.db, { codePatterns: [PORTAL] }, 'test');
    const k = await h.kiosk();
    await k.engine.whenIdle();
    const held = await k.db.getMeta<ProvinceSettings>(META.province);
    expect(held?.codePatterns).toEqual([PORTAL]);

    const stream = createScanStream({ bridge: createTestBridge(), dedupeMs: 0 });
    stream.setPatterns(compiledPatterns(held));
    const seen: unknown[] = [];
    stream.subscribe({ id: 'test', onScan: (e) => seen.push(e.parsed) });
    stream.push({ source: 'serial', device: 's1', text: CODE.toLowerCase(), at: 1 });
    expect(seen[0]).toMatchObject({ kind: 'dossier', code: CODE, agency: 'H08.123', receivedOn: '2026-06-09', sequence: 42 });

    // A change (the pattern withdrawn) reaches it with the next sync.
    await writeProvinceSettings(h.gw.db, { codePatterns: [] }, 'test');
    await k.engine.syncNow();
    await k.engine.whenIdle();
    expect((await k.db.getMeta<ProvinceSettings>(META.province))?.codePatterns).toEqual([]);
    stream.dispose();
  }, 60_000);
});
