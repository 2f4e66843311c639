/**
 * Broken storage kept for support (src/main/storage/broken-storage.ts) on real temporary folders:
 * what is copied (the app origin's IndexedDB folders only, copied, never moved), the manifest, the
 * three newest kept, the honest manifest when the host does not know the profile, the check
 * before the open, and the support bundle's listing without the contents.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BrokenStorageKeeper, chromiumOriginId } from '../../src/main/storage/broken-storage';
import { createHostServices, type HostServices } from '../../src/main/services';

const tmp = (p: string) => mkdtempSync(path.join(tmpdir(), p));

/** A profile's IndexedDB folder with the app origin's LevelDB (valid or not) and another origin's. */
function profile(opts: { current?: string; secret?: string } = {}) {
  const idb = path.join(tmp('kiosk-profile-'), 'Default', 'IndexedDB');
  const db = path.join(idb, 'http_127.0.0.1_4000.indexeddb.leveldb');
  mkdirSync(db, { recursive: true });
  writeFileSync(path.join(db, 'CURRENT'), opts.current ?? 'MANIFEST-000001\n');
  writeFileSync(path.join(db, 'MANIFEST-000001'), Buffer.alloc(50, 1));
  writeFileSync(path.join(db, '000003.log'), opts.secret ?? 'x'.repeat(1000));
  mkdirSync(path.join(idb, 'http_127.0.0.1_4000.indexeddb.blob', '1'), { recursive: true });
  writeFileSync(path.join(idb, 'http_127.0.0.1_4000.indexeddb.blob', '1', '01'), 'blob');
  mkdirSync(path.join(idb, 'http_127.0.0.1_5000.indexeddb.leveldb'));
  writeFileSync(path.join(idb, 'http_127.0.0.1_5000.indexeddb.leveldb', 'CURRENT'), 'other origin');
  return { idb, db, source: { indexedDbDir: idb, originId: 'http_127.0.0.1_4000' } };
}

const hosts: HostServices[] = [];
afterEach(async () => { for (const h of hosts.splice(0)) await h.close(); });

describe('broken storage kept for support', () => {
  it('names origins as Chromium names their storage folders', () => {
    expect(chromiumOriginId('http://127.0.0.1:4000/')).toBe('http_127.0.0.1_4000');
    expect(chromiumOriginId('app://kiosk')).toBe('app_kiosk_0');
    expect(chromiumOriginId('https://kiosk.example')).toBe('https_kiosk.example_443');
  });

  it('copies the app origin\'s IndexedDB folders (never another origin\'s) and leaves the originals in place, with a manifest', async () => {
    const p = profile();
    const dataDir = tmp('kiosk-data-');
    const keeper = new BrokenStorageKeeper({ dataDir, source: () => p.source, now: () => Date.parse('2026-12-06T01:02:03.456Z') });
    const kept = await keeper.keepBroken({ reason: 'corrupt', detail: 'UnknownError / Internal error opening backing store' });
    expect(kept).toEqual({
      name: '2026-12-06T01-02-03.456Z', at: '2026-12-06T01:02:03.456Z', reason: 'corrupt', copied: true,
      files: 4, bytes: 16 + 50 + 1000 + 4, skipped: 0, note: null,
    });
    const dir = path.join(dataDir, 'broken-storage', kept.name);
    expect(readdirSync(path.join(dir, 'IndexedDB')).sort()).toEqual(['http_127.0.0.1_4000.indexeddb.blob', 'http_127.0.0.1_4000.indexeddb.leveldb']);
    expect(readFileSync(path.join(dir, 'IndexedDB', 'http_127.0.0.1_4000.indexeddb.blob', '1', '01'), 'utf8')).toBe('blob');
    // Copied, not moved: the browser still holds its files.
    expect(existsSync(path.join(p.db, '000003.log'))).toBe(true);
    // Owner only: the copies hold personal data.
    if (process.platform !== 'win32') {
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dir, 'IndexedDB', 'http_127.0.0.1_4000.indexeddb.leveldb', '000003.log')).mode & 0o777).toBe(0o600);
      expect(statSync(path.join(dir, 'manifest.json')).mode & 0o777).toBe(0o600);
    }
    const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 'mot-cua-broken-storage', reason: 'corrupt', bytes: 1070, detail: 'UnknownError / Internal error opening backing store', source: { originId: 'http_127.0.0.1_4000' } });
  });

  it('keeps the three newest copies only', async () => {
    const p = profile();
    const dataDir = tmp('kiosk-data-');
    let t = Date.parse('2026-12-06T00:00:00.000Z');
    const keeper = new BrokenStorageKeeper({ dataDir, source: () => p.source, now: () => (t += 60_000) });
    for (let i = 0; i < 5; i++) await keeper.keepBroken({ reason: 'corrupt' });
    expect(readdirSync(path.join(dataDir, 'broken-storage')).sort()).toEqual(['2026-12-06T00-03-00.000Z', '2026-12-06T00-04-00.000Z', '2026-12-06T00-05-00.000Z']);
    expect((await keeper.list()).map((k) => k.at)).toEqual(['2026-12-06T00:05:00.000Z', '2026-12-06T00:04:00.000Z', '2026-12-06T00:03:00.000Z']);
  });

  it('says so when it does not know the browser profile, or finds nothing of the app in it', async () => {
    const dataDir = tmp('kiosk-data-');
    const blind = new BrokenStorageKeeper({ dataDir });
    const kept = await blind.keepBroken({ reason: 'corrupt' });
    expect(kept).toMatchObject({ copied: false, files: 0, bytes: 0 });
    expect(kept.note).toMatch(/does not know the browser profile.*could not be kept/);
    expect(readdirSync(path.join(dataDir, 'broken-storage', kept.name))).toEqual(['manifest.json']);
    expect(await blind.check()).toEqual({ state: 'unknown', kept: null });

    const gone = new BrokenStorageKeeper({ dataDir: tmp('kiosk-data-'), source: () => ({ indexedDbDir: tmp('idb-'), originId: 'http_127.0.0.1_4000' }) });
    expect((await gone.keepBroken({ reason: 'corrupt' })).note).toMatch(/no IndexedDB files of the app/);
    expect(await gone.check()).toEqual({ state: 'absent', kept: null });
  });

  it('checks the files before the open: a sound LevelDB is left alone, one whose CURRENT is garbage or names no manifest is kept', async () => {
    const sound = new BrokenStorageKeeper({ dataDir: tmp('kiosk-data-'), source: () => profile().source });
    expect(await sound.check()).toEqual({ state: 'ok', kept: null });
    expect(await sound.list()).toEqual([]);

    const garbage = new BrokenStorageKeeper({ dataDir: tmp('kiosk-data-'), source: () => profile({ current: '\u0000\u00ff\u0013garbage' }).source });
    const g = await garbage.check();
    expect(g.state).toBe('broken');
    expect(g.kept).toMatchObject({ reason: 'corrupt', copied: true, files: 4 });

    const torn = new BrokenStorageKeeper({ dataDir: tmp('kiosk-data-'), source: () => profile({ current: 'MANIFEST-000009\n' }).source });
    expect((await torn.check()).state).toBe('broken');
    expect((await torn.list())).toHaveLength(1);
  });

  it('through the host: storage.keepBroken and storage.broken answer the contract, and the support bundle lists copies without their contents', async () => {
    const secret = 'SYNTHETIC-PERSONAL-DATA-0011950100';
    const p = profile({ secret });
    const dataDir = tmp('kiosk-data-');
    const host = await createHostServices({ name: 'k', version: '1.0.0', gatewayUrl: null, scanners: [], dataDir, browserStorage: () => p.source });
    hosts.push(host);
    const kept = await host.handlers['storage.keepBroken']({ reason: 'corrupt', detail: 'UnknownError' });
    expect(kept).toMatchObject({ copied: true, files: 4 });
    expect(await host.handlers['storage.broken']({})).toEqual({ kept: [kept] });
    const bundle = await host.handlers['support.bundle']({}) as { file: string };
    const text = gunzipSync(readFileSync(bundle.file)).toString('utf8');
    const doc = JSON.parse(text) as { health: { brokenStorage: { name: string; bytes: number }[] } };
    expect(doc.health.brokenStorage).toEqual([expect.objectContaining({ name: kept.name, bytes: kept.bytes, copied: true })]);
    expect(text).not.toContain(secret);
    expect(text).not.toContain('indexeddb.leveldb');
  });
});
