/**
 * Working-set first sync and its backfill (docs/SYNC-PROTOCOL.md §4.2) on both storages: a pass
 * with `workingSet=N` sends the catalog, holidays, staff and the dossiers still open or changed in
 * the last N days; its last page carries a backfill cursor that yields exactly the rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangesPage, type ChangeItem } from '../../src/shared/protocol';
import { seedDossiers, seedStaff } from '../../src/gateway/demo/seed';
import { FINAL_STATUSES } from '../../src/gateway/store/feed';
import { apiClient, startGateway, type TestGateway } from '../helpers/gateway';
import { STORAGES } from './storages';

const A1 = '000.00.01.H08';

type Api = ReturnType<typeof apiClient>;

async function pass(api: Api, first: string, limit: number): Promise<{ items: ChangeItem[]; pages: ChangesPage[] }> {
  const items: ChangeItem[] = [];
  const pages: ChangesPage[] = [];
  let path = first;
  for (let i = 0; i < 100; i++) {
    const r = await api('GET', path);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const page = ChangesPage.parse(r.body);
    pages.push(page);
    items.push(...page.items);
    if (!page.hasMore) return { items, pages };
    path = first.includes('backfill=') ? `/v1/changes?limit=${limit}&backfill=${page.cursor}` : `/v1/changes?limit=${limit}&cursor=${page.cursor}`;
  }
  throw new Error('the pass did not end');
}

const codes = (items: ChangeItem[], type: 'dossier' | 'citizen') =>
  items.flatMap((i) => (i.type === type ? [i.data.code] : [])).sort();

describe.each(STORAGES)('working-set first sync on %s', (_name, storage) => {
  let gw: TestGateway;
  let recent: string[];
  let history: string[];
  beforeAll(async () => {
    gw = await startGateway({ storage, seed: 'catalog' });
    await seedStaff(gw.db, A1);
    await seedDossiers(gw.db, A1, 40, { seed: 3 });
    await seedDossiers(gw.db, A1, 60, { seed: 4, history: { fromDays: 100, toDays: 400 } });
    const rows = await gw.db.query<{ code: string; status: number; old: boolean }>(
      `select code, status, updated_at < now() - interval '30 days' as old from dossiers where agency_code = $1`, [A1]);
    history = rows.filter((r) => r.old).map((r) => r.code).sort();
    recent = rows.filter((r) => !r.old).map((r) => r.code).sort();
  });
  afterAll(async () => gw?.close());

  it('sends the working set first, then exactly what it left out through the backfill cursor', async () => {
    expect(history).toHaveLength(60);
    expect(recent).toHaveLength(40);
    const dev = await gw.enroll(A1);
    const api = apiClient(gw.url, dev.token);
    const ws = await pass(api, '/v1/changes?limit=25&workingSet=30', 25);
    expect(codes(ws.items, 'dossier')).toEqual(recent);
    expect(ws.items.some((i) => i.type === 'procedure')).toBe(true);
    expect(ws.items.some((i) => i.type === 'holiday')).toBe(true);
    expect(ws.items.some((i) => i.type === 'staff')).toBe(true);
    const last = ws.pages.at(-1)!;
    expect(last.backfill).toBeDefined();
    expect(ws.pages.slice(0, -1).every((p) => p.backfill === undefined)).toBe(true);
    const bf = await pass(api, `/v1/changes?limit=25&backfill=${last.backfill}`, 25);
    expect(codes(bf.items, 'dossier')).toEqual(history);
    expect(bf.items.every((i) => i.type === 'dossier' && FINAL_STATUSES.includes(i.data.status))).toBe(true);
    // The pass's cursor carries on as a plain feed: nothing new, and the left-out rows are not read again.
    const next = await api('GET', `/v1/changes?cursor=${last.cursor}`);
    expect(ChangesPage.parse(next.body).items).toEqual([]);
  });

  it('stops the backfill at backfillDays', async () => {
    const dev = await gw.enroll(A1);
    const api = apiClient(gw.url, dev.token);
    const ws = await pass(api, '/v1/changes?limit=500&workingSet=30&backfillDays=200', 500);
    const bf = await pass(api, `/v1/changes?limit=7&backfill=${ws.pages.at(-1)!.backfill}`, 7);
    const within = (await gw.db.query<{ code: string }>(
      `select code from dossiers where agency_code = $1 and updated_at < now() - interval '30 days' and updated_at >= now() - interval '200 days'`, [A1]))
      .map((r) => r.code).sort();
    expect(within.length).toBeGreaterThan(0);
    expect(within.length).toBeLessThan(60);
    expect(codes(bf.items, 'dossier')).toEqual(within);
  });

  it('feeds a kiosk-kind device citizen views the same way', async () => {
    const dev = await gw.enroll(A1, { kind: 'kiosk' });
    const api = apiClient(gw.url, dev.token);
    const ws = await pass(api, '/v1/changes?limit=50&workingSet=30', 50);
    expect(codes(ws.items, 'citizen')).toEqual(recent);
    expect(ws.items.some((i) => i.type === 'staff' || i.type === 'dossier')).toBe(false);
    const bf = await pass(api, `/v1/changes?limit=50&backfill=${ws.pages.at(-1)!.backfill}`, 50);
    expect(codes(bf.items, 'citizen')).toEqual(history);
  });

  it('a plain feed is unchanged: everything, no backfill cursor', async () => {
    const dev = await gw.enroll(A1);
    const all = await pass(apiClient(gw.url, dev.token), '/v1/changes?limit=1000', 1000);
    expect(codes(all.items, 'dossier')).toEqual([...recent, ...history].sort());
    expect(all.pages.every((p) => p.backfill === undefined)).toBe(true);
  });

  it('refuses a backfill cursor of another agency or another database', async () => {
    const dev = await gw.enroll(A1);
    const api = apiClient(gw.url, dev.token);
    const ws = await pass(api, '/v1/changes?limit=500&workingSet=30', 500);
    const b = JSON.parse(Buffer.from(ws.pages.at(-1)!.backfill!, 'base64url').toString()) as Record<string, unknown>;
    const forge = (o: Record<string, unknown>) => Buffer.from(JSON.stringify({ ...b, ...o })).toString('base64url');
    expect((await api('GET', `/v1/changes?backfill=${forge({ a: '000.00.02.H08' })}`)).status).toBe(403);
    expect((await api('GET', `/v1/changes?backfill=${forge({ e: 'another-epoch' })}`)).status).toBe(410);
    expect((await api('GET', `/v1/changes?backfill=${forge({ h: 'x' })}`)).status).toBe(400);
  });
});
