// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { AGENCY, PIN, dossierRow, signInAs, startCounter, until, uniqueName, seedDb, type Counter } from './harness';
import { hashCitizenId } from '../../src/renderer/db/actions';
import { KioskDb, META } from '../../src/renderer/db/database';
import { classifyQuery, searchDossiers } from '../../src/renderer/counter/search';
import { seedDossiers } from '../../src/gateway/demo/seed';
import { GatewayClient } from '../../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../../src/main/gateway-client/credentials';
import { SyncEngine } from '../../src/renderer/sync/engine';
import { startGateway } from '../helpers/gateway';

let c: Counter | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

async function rows() {
  const idHash = await hashCitizenId('test-salt', '038090001234');
  return [
    dossierRow(`${AGENCY}-260301-0001`, 4, { applicant: { ...dossierRow('x', 4).applicant, name: 'Đặng Thị Huệ', idHash, phone: '0987 654 321' } }),
    dossierRow(`${AGENCY}-260302-0002`, 9, { applicant: { ...dossierRow('x', 4).applicant, name: 'Nguyễn Văn Đức' } }),
    dossierRow(`${AGENCY}-260303-0003`, 10, { applicant: { ...dossierRow('x', 4).applicant, name: 'Đặng Văn Hùng' } }),
  ];
}

describe('dossier search', () => {
  it('classifies what was typed', () => {
    expect(classifyQuery('038090001234').kind).toBe('citizenId');
    expect(classifyQuery('+84 987 654 321')).toEqual({ kind: 'phone', value: '0987654321' });
    expect(classifyQuery('000.17.22.h56-260301').kind).toBe('code');
    expect(classifyQuery('dang thi hue')).toEqual({ kind: 'name', value: 'dang thi hue' });
  });

  it('finds by code prefix, name without diacritics, exact ID number through its hash, and phone', async () => {
    const db = new KioskDb(uniqueName());
    await db.open();
    await seedDb(db, await rows());
    const codes = async (q: string) => (await searchDossiers(db, q, 'test-salt')).map((d) => d.code.slice(-4));
    expect(await codes(`${AGENCY}-2603`)).toEqual(['0003', '0002', '0001']);
    expect(await codes('dang')).toEqual(['0003', '0001']);
    expect(await codes('DUC')).toEqual(['0002']);
    expect(await codes('038090001234')).toEqual(['0001']);
    expect(await codes('038090001235')).toEqual([]);
    expect(await codes('0987654321')).toEqual(['0001']);
    // Without the province's salt there is no way to look an ID number up.
    expect(await searchDossiers(db, '038090001234', null)).toEqual([]);
    db.close();
  });

  it('searches from the home screen and opens an exact code directly', async () => {
    c = await startCounter({ rows: await rows() });
    await signInAs('c1', PIN);
    fireEvent.change(screen.getByTestId('search'), { target: { value: 'dang van hung' } });
    fireEvent.click(screen.getByTestId('search-go'));
    await until(() => screen.queryByTestId('search-results') !== null);
    expect(screen.getAllByTestId('dossier-row').map((r) => r.getAttribute('data-key'))).toContain(`${AGENCY}-260303-0003`);
    fireEvent.change(screen.getByTestId('search'), { target: { value: `${AGENCY}-260302-0002` } });
    fireEvent.click(screen.getByTestId('search-go'));
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === `${AGENCY}-260302-0002`);
  });

  it('reads a typed code in the province\'s own shape, and an old agency code closed by the 2025 merger, from the home screen', async () => {
    const db = new KioskDb(uniqueName());
    await db.open();
    const own = dossierRow('H08.123/20260609/000042', 4, { applicant: { ...dossierRow('x', 4).applicant, name: 'Lò Thị Mai' } });
    await seedDb(db, [...await rows(), own]);
    await db.setMeta(META.province, {
      codePatterns: [{ name: 'Cổng tỉnh', regex: '(?<agency>H08\\.[0-9]{3})/(?<date>[0-9]{8})/(?<seq>[0-9]{6})' }],
      agencies: [], agencyAliases: [{ old: '000.17.22.H02', current: AGENCY }], updatedAt: '2026-03-01T00:00:00.000Z',
    });
    c = await startCounter({ db });
    await signInAs('c1', PIN);
    // Typed in lower case, as a scanner with Caps Lock on would: parsed with the province's pattern.
    fireEvent.change(screen.getByTestId('search'), { target: { value: 'h08.123/20260609/000042' } });
    fireEvent.click(screen.getByTestId('search-go'));
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === 'H08.123/20260609/000042');
    fireEvent.click(screen.getByTestId('nav-home'));
    // A 2024 receipt with the agency's pre-merger code opens the dossier held under the current code.
    fireEvent.change(screen.getByTestId('search'), { target: { value: '000.17.22.H02-260302-0002' } });
    fireEvent.click(screen.getByTestId('search-go'));
    await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === `${AGENCY}-260302-0002`);
  });

  it('opens a scanned receipt with an old agency code under the current code, with aliases the province sends after sign-in', async () => {
    const db = new KioskDb(uniqueName());
    await db.open();
    await seedDb(db, await rows());
    c = await startCounter({ db });
    await signInAs('c1', PIN);
    // No aliases yet: the old code is opened as scanned (not held here).
    c.scan('000.17.22.H02-260302-0002');
    await until(() => screen.queryByTestId('dossier-not-found') !== null);
    // The province's settings arrive (the sync engine writes them): the next scan uses them.
    await db.setMeta(META.province, { codePatterns: [], agencies: [], agencyAliases: [{ old: '000.17.22.H02', current: AGENCY }], updatedAt: '2026-03-01T00:00:00.000Z' });
    // Scanned again until the live settings have reached the workspace (no visible sign of that).
    await until(() => {
      if (screen.queryByTestId('dossier-view')?.getAttribute('data-code') === `${AGENCY}-260302-0002`) return true;
      c!.scan('000.17.22.H02-260302-0002');
      return false;
    });
    expect(screen.getByTestId('dossier-code').textContent).toBe(`${AGENCY}-260302-0002`);
  });

  it('opens a code it does not hold from the gateway while the archive is still coming (real gateway on loopback)', async () => {
    // The host's gateway client runs in this DOM test process: happy-dom's fetch would apply the
    // page's same-origin policy to what is, in the app, a request from the host.
    (window as unknown as { happyDOM: { settings: { fetch: { disableSameOriginPolicy: boolean } } } }).happyDOM.settings.fetch.disableSameOriginPolicy = true;
    const gw = await startGateway({ storage: 'pglite', seed: 'catalog' });
    const db = new KioskDb(uniqueName());
    try {
      await seedDossiers(gw.db, AGENCY, 3, { seed: 21, history: { fromDays: 200, toDays: 300 } });
      const code = (await gw.db.query<{ code: string }>('select code from dossiers where agency_code = $1 order by code limit 1', [AGENCY]))[0]!.code;
      const client = new GatewayClient({ store: new MemoryCredentialStore(), timeoutMs: 10_000 });
      await client.enroll({ url: gw.url, code: (await gw.createEnrollCode(AGENCY)).code });
      await db.open();
      await seedDb(db, await rows());
      const sync = new SyncEngine({ db, transport: client, appVersion: 'test' });
      // The working set is held, the backfill has not reached this dossier yet.
      sync.status.update({ workingSet: true, backfill: { fetched: 0, complete: false, lastError: null } });
      c = await startCounter({ db, sync });
      await signInAs('c1', PIN);
      fireEvent.change(screen.getByTestId('search'), { target: { value: code } });
      fireEvent.click(screen.getByTestId('search-go'));
      await until(() => screen.queryByTestId('dossier-view')?.getAttribute('data-code') === code);
      expect((await db.dossiers.get(code))?.code).toBe(code);
    } finally {
      await gw.close();
    }
  });
});
