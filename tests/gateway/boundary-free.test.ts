/**
 * Boundary-free intake through the real gateway (docs/SYNC-PROTOCOL.md §4.5, §5.1): a dossier
 * received at commune A for commune B is in the feeds of A and B, processed only by B, handed
 * back at A (fees at either); a counter of agency C neither sees nor acts on it; a competent
 * agency of another province or unknown to the province is refused. Old agency codes closed by the
 * 2025 merger still open their dossier (GET /v1/dossiers/:code and the citizen lookup).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { apiClient, type TestGateway } from '../helpers/gateway';
import { STORAGES } from './storages';
import { staffedCounter } from './kiosk';
import { A, B, C, threeCommunes } from './three-communes';
const OTHER_PROVINCE = '000.00.01.H26';

type Item = { type: string; data: { code: string; status: number; competentAgencyCode?: string | null; agencyCode: string } };

describe.each(STORAGES)('boundary-free intake on %s', (_name, storage) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await threeCommunes(storage, { aliases: [{ old: '000.00.01.H02', current: A }] });
  }, 120_000);
  afterAll(async () => gw?.close());

  it('received at A for B: both feeds carry it, B processes, A hands back, C can neither see nor act', async () => {
    const a = await staffedCounter(gw, A);
    const b = await staffedCounter(gw, B);
    const c = await staffedCounter(gw, C);
    await a.lease(10);
    const code = a.nextCode();
    const ok = await a.push([a.create(code, { competentAgencyCode: B })]);
    expect(ok.body.results[0]).toMatchObject({ status: 'applied', dossier: { agencyCode: A, competentAgencyCode: B, status: 2 } });

    const feedOf = async (k: typeof a) => (await k.pullAll()).items.filter((i: Item) => i.type === 'dossier' && i.data.code === code) as Item[];
    expect((await feedOf(a)).map((i) => i.data.status)).toEqual([2]);
    expect((await feedOf(b)).map((i) => i.data.status)).toEqual([2]);
    expect(await feedOf(c)).toEqual([]);
    expect((await c.api('GET', `/v1/dossiers/${code}`)).status).toBe(404);
    expect((await b.api('GET', `/v1/dossiers/${code}`)).status).toBe(200);

    // Processing belongs to B: A is refused with a translated reason naming B; C is not an agency of the dossier.
    const byA = await a.push([a.transition(code, 2, 4)]);
    expect(byA.body.results[0]).toMatchObject({ status: 'rejected', reason: 'not-competent' });
    expect(byA.body.results[0].message.vi).toContain(B);
    expect(byA.body.results[0].message.en).toContain(B);
    const byC = await c.push([c.transition(code, 2, 4), c.payFee(code)]);
    expect(byC.body.results.map((r: { reason: string }) => r.reason)).toEqual(['wrong-agency', 'wrong-agency']);

    const bCursor = (await b.pullAll()).cursor;
    const aCursor = (await a.pullAll()).cursor;
    const processed = await b.push([b.transition(code, 2, 4), b.transition(code, 4, 9)]);
    expect(processed.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    // Handing back and fees may happen at either agency: here the receiving one, A.
    const aNew = (await a.pullAll(aCursor)).items.filter((i: Item) => i.data?.code === code) as Item[];
    expect(aNew.map((i) => i.data.status)).toEqual([9]);
    const back = await a.push([a.payFee(code), a.transition(code, 9, 10)]);
    expect(back.body.results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    const bNew = (await b.pullAll(bCursor)).items.filter((i: Item) => i.data?.code === code) as Item[];
    expect(bNew.at(-1)?.data).toMatchObject({ status: 10, competentAgencyCode: B });
    expect(await feedOf(c)).toEqual([]);

    const rows = await gw.db.query<{ agency_code: string; competent_agency_code: string | null }>(
      'select agency_code, competent_agency_code from dossiers where code = $1', [code]);
    expect(rows[0]).toEqual({ agency_code: A, competent_agency_code: B });
  });

  it('hand-back and fees may happen at the competent agency too; extension (form 04) only there', async () => {
    const a = await staffedCounter(gw, A);
    const b = await staffedCounter(gw, B);
    await a.lease(10);
    const code = a.nextCode();
    await a.push([a.create(code, { competentAgencyCode: B })]);
    const ext = { type: 'dossier.extend', at: new Date().toISOString(), payload: { code, appointmentAt: new Date(Date.now() + 10 * 86_400_000).toISOString(), reason: 'Cần xác minh' } };
    const extA = await a.push([a.sign({ ...ext, id: uuidv7() })]);
    expect(extA.body.results[0]).toMatchObject({ status: 'rejected', reason: 'not-competent' });
    const r = await b.push([b.sign({ ...ext, id: uuidv7() }), b.transition(code, 2, 9), b.payFee(code), b.transition(code, 9, 10)]);
    expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
  });

  it('refuses a competent agency of another province, or one the province does not know, with a translated reason', async () => {
    const a = await staffedCounter(gw, A);
    await a.lease(10);
    const other = await a.push([a.create(a.nextCode(), { competentAgencyCode: OTHER_PROVINCE })]);
    expect(other.body.results[0]).toMatchObject({ status: 'rejected', reason: 'other-province' });
    expect(other.body.results[0].message.vi).toMatch(/tỉnh khác/);
    const unknown = await a.push([a.create(a.nextCode(), { competentAgencyCode: '000.00.99.H08' })]);
    expect(unknown.body.results[0]).toMatchObject({ status: 'rejected', reason: 'unknown-agency' });
    // Naming its own agency is the usual intake: stored without a competent agency of its own.
    const own = await a.push([a.create(a.nextCode(), { competentAgencyCode: A })]);
    expect(own.body.results[0].status).toBe('applied');
    expect(own.body.results[0].dossier.competentAgencyCode).toBeUndefined();
  });

  it('an old agency code closed by the merger opens the dossier (on-demand lookup and citizen lookup)', async () => {
    const a = await staffedCounter(gw, A);
    await a.lease(10);
    const code = a.nextCode();
    await a.push([a.create(code)]);
    const old = code.replace(A, '000.00.01.H02');
    const one = await a.api('GET', `/v1/dossiers/${old}`);
    expect(one.status).toBe(200);
    expect(one.body.item.data.code).toBe(code);
    const kiosk = await gw.enroll(C, { kind: 'kiosk' });
    const look = await apiClient(gw.url, kiosk.token)('GET', `/v1/lookup/${old}`);
    expect(look.status).toBe(200);
    expect(look.body.dossier.code).toBe(code);
    // An old code with no alias is still unknown.
    expect((await a.api('GET', `/v1/dossiers/${code.replace(A, '000.00.07.H02')}`)).status).toBe(404);
  });

  it('a code of a province\'s own pattern, which this gateway does not hold, is not found rather than malformed', async () => {
    const kiosk = await gw.enroll(C, { kind: 'kiosk' });
    const a = await staffedCounter(gw, A);
    for (const code of ['H08.01_260609_00926', 'G09.20-20260609-0092637']) {
      const look = await apiClient(gw.url, kiosk.token)('GET', `/v1/lookup/${code}`);
      expect(look.status, code).toBe(404);
      expect(look.body.error.code).toBe('not-found');
      expect((await a.api('GET', `/v1/dossiers/${code}`)).status, code).toBe(404);
    }
    // Still refused: characters no code has, and lengths no code has.
    for (const bad of ['H08%3Cscript%3E', 'A'.repeat(65), 'AB']) {
      expect((await apiClient(gw.url, kiosk.token)('GET', `/v1/lookup/${bad}`)).status, bad).toBe(400);
    }
  });
});
