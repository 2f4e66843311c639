import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrokenStorageKeeper, chromiumOriginId, KEEP_BROKEN_COPIES } from '../../src/main/storage/broken-storage';
import { electronBrowserStorage } from '../../src/main/electron/shell';
import { createHostServices } from '../../src/main/services';
import { createDispatcher } from '../../src/main/bridge/dispatcher';
import { createFakeElectron } from '../electron/fake-electron';

/** A browser profile's IndexedDB folder with the app's database (synthetic bytes) and another site's. */
function profile(originId: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kiosk-idb-'));
  const leveldb = path.join(dir, `${originId}.indexeddb.leveldb`);
  mkdirSync(leveldb, { recursive: true });
  writeFileSync(path.join(leveldb, '000003.log'), Buffer.alloc(4096, 0x5a));
  writeFileSync(path.join(leveldb, 'MANIFEST-000001'), 'garbage');
  mkdirSync(path.join(dir, `${originId}.indexeddb.blob`, '1', '00'), { recursive: true });
  writeFileSync(path.join(dir, `${originId}.indexeddb.blob`, '1', '00', '1'), Buffer.alloc(1000, 1));
  mkdirSync(path.join(dir, 'https_example.org_0.indexeddb.leveldb'));
  writeFileSync(path.join(dir, 'https_example.org_0.indexeddb.leveldb', 'other'), 'not ours');
  return dir;
}

describe('broken storage kept for support', () => {
  it('names origins as Chromium names their storage folders', () => {
    expect(chromiumOriginId('http://127.0.0.1:8080')).toBe('http_127.0.0.1_8080');
    expect(chromiumOriginId('app://kiosk')).toBe('app_kiosk_0');
    expect(chromiumOriginId('https://kiosk.example')).toBe('https_kiosk.example_443');
  });

  it('Electron: copies the app origin\'s IndexedDB from userData into broken-storage/<time>/ with a manifest, leaving the original in place', async () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'kiosk-userdata-'));
    const electron = createFakeElectron({ userData }).electron as unknown as Parameters<typeof electronBrowserStorage>[0];
    const source = electronBrowserStorage(electron);
    expect(source).toEqual({ indexedDbDir: path.join(userData, 'IndexedDB'), originId: 'app_kiosk_0' });
    // The fake's userData holds a profile as Electron lays it out.
    const idb = profile('app_kiosk_0');
    mkdirSync(source.indexedDbDir, { recursive: true });
    for (const name of readdirSync(idb)) {
      cpSync(path.join(idb, name), path.join(source.indexedDbDir, name), { recursive: true });
    }
    const keeper = new BrokenStorageKeeper({ dataDir: userData, source: () => source, now: () => Date.parse('2026-12-06T01:02:03.456Z') });
    const kept = await keeper.keepBroken({ reason: 'corrupt', detail: 'UnknownError / Internal error opening backing store' });
    expect(kept).toMatchObject({ name: '2026-12-06T01-02-03.456Z', reason: 'corrupt', copied: true, files: 3, bytes: 4096 + 7 + 1000, skipped: 0, note: null });
    const dir = path.join(userData, 'broken-storage', kept.name);
    expect(readFileSync(path.join(dir, 'IndexedDB', 'app_kiosk_0.indexeddb.leveldb', '000003.log')).length).toBe(4096);
    expect(existsSync(path.join(dir, 'IndexedDB', 'https_example.org_0.indexeddb.leveldb'))).toBe(false);
    // Copied, not moved: the browser still holds the original.
    expect(existsSync(path.join(source.indexedDbDir, 'app_kiosk_0.indexeddb.leveldb', '000003.log'))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'mot-cua-broken-storage', at: '2026-12-06T01:02:03.456Z', reason: 'corrupt', bytes: 5103, detail: 'UnknownError / Internal error opening backing store', source: { originId: 'app_kiosk_0' } });
    expect(await keeper.list()).toEqual([kept]);
  });

  it(`keeps the ${KEEP_BROKEN_COPIES} newest copies only`, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-keep-'));
    const idb = profile('http_127.0.0.1_8080');
    let t = Date.parse('2026-12-06T00:00:00.000Z');
    const keeper = new BrokenStorageKeeper({ dataDir, source: () => ({ indexedDbDir: idb, originId: 'http_127.0.0.1_8080' }), now: () => (t += 60_000) });
    const all = [];
    for (let i = 0; i < 5; i++) all.push(await keeper.keepBroken({ reason: 'corrupt' }));
    const names = readdirSync(path.join(dataDir, 'broken-storage')).sort();
    expect(names).toEqual(all.slice(2).map((k) => k.name));
    expect((await keeper.list()).map((k) => k.name)).toEqual(all.slice(2).map((k) => k.name).reverse());
  });

  it('records that nothing could be kept when the host does not know the profile, or the files are gone', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-keep-'));
    const unknown = await new BrokenStorageKeeper({ dataDir }).keepBroken({ reason: 'corrupt' });
    expect(unknown).toMatchObject({ copied: false, files: 0, bytes: 0 });
    expect(unknown.note).toMatch(/does not know the browser profile/);
    const empty = mkdtempSync(path.join(tmpdir(), 'kiosk-idb-'));
    const gone = await new BrokenStorageKeeper({ dataDir, source: () => ({ indexedDbDir: empty, originId: 'app_kiosk_0' }), now: () => Date.now() + 1000 }).keepBroken({ reason: 'empty' });
    expect(gone).toMatchObject({ copied: false, reason: 'empty' });
    expect(gone.note).toMatch(/no IndexedDB files/);
    expect(existsSync(path.join(dataDir, 'broken-storage', gone.name, 'manifest.json'))).toBe(true);
  });

  it('through the bridge: storage.keepBroken keeps, storage.broken lists, and the support bundle lists names and sizes without the contents', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-svc-'));
    const idb = profile('http_127.0.0.1_8080');
    // A marker only the copied files hold: the bundle must not contain it.
    writeFileSync(path.join(idb, 'http_127.0.0.1_8080.indexeddb.leveldb', '000004.ldb'), 'SYNTHETIC-PERSONAL-079201001234');
    const services = await createHostServices({
      name: 'k', version: '1.0.0', gatewayUrl: null, scanners: [], dataDir,
      browserStorage: () => ({ indexedDbDir: idb, originId: 'http_127.0.0.1_8080' }),
    });
    const dispatcher = createDispatcher(services.handlers, { authorise: services.authorise });
    const r = await dispatcher.dispatch('storage.keepBroken', { reason: 'corrupt', detail: 'UnknownError' });
    expect(r).toMatchObject({ ok: true, value: { copied: true, files: 4 } });
    const listed = await dispatcher.dispatch('storage.broken', {});
    expect(listed).toMatchObject({ ok: true, value: { kept: [{ copied: true, files: 4 }] } });
    // The bundle needs an unlocked console through the bridge; its handler is called directly here.
    const bundle = await (services.handlers['support.bundle'] as (i: object) => Promise<{ file: string }>)({});
    const text = gunzipSync(await readFile(bundle.file)).toString('utf8');
    expect(text).not.toContain('SYNTHETIC-PERSONAL');
    expect(text).not.toContain('079201001234');
    const health = JSON.parse(text).health as { brokenStorage: { name: string; bytes: number }[] };
    expect(health.brokenStorage).toHaveLength(1);
    expect(health.brokenStorage[0]!.bytes).toBe(4096 + 7 + 1000 + 'SYNTHETIC-PERSONAL-079201001234'.length);
    await services.close();
  });
});
