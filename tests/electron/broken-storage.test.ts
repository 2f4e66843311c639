/**
 * The Electron host keeps broken storage from its own profile (userData/IndexedDB, folders named
 * after app://kiosk) into userData/broken-storage: driven with the project's fake of the electron
 * module and real temporary folders.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createFakeElectron } from './fake-electron';
import { electronBrowserStorage, type ElectronModule } from '../../src/main/electron/shell';
import { createHostServices, type HostServices } from '../../src/main/services';

const hosts: HostServices[] = [];
afterEach(async () => { for (const h of hosts.splice(0)) await h.close(); });

describe('Electron: broken storage kept from userData', () => {
  it('points at the app origin\'s IndexedDB under userData', () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'kiosk-userdata-'));
    const { electron } = createFakeElectron({ userData });
    expect(electronBrowserStorage(electron as unknown as ElectronModule)).toEqual({ indexedDbDir: path.join(userData, 'IndexedDB'), originId: 'app_kiosk_0' });
  });

  it('a garbage database is found before the open and copied into userData/broken-storage/<time>/, the original left to Chromium', async () => {
    const userData = mkdtempSync(path.join(tmpdir(), 'kiosk-userdata-'));
    const db = path.join(userData, 'IndexedDB', 'app_kiosk_0.indexeddb.leveldb');
    mkdirSync(db, { recursive: true });
    writeFileSync(path.join(db, 'CURRENT'), Buffer.from([0xde, 0xad, 0xbe, 0xef]));
    writeFileSync(path.join(db, '000005.ldb'), Buffer.alloc(2048, 7));
    const { electron } = createFakeElectron({ userData });
    const host = await createHostServices({
      name: 'k', version: '1.0.0', gatewayUrl: null, scanners: [], dataDir: userData,
      browserStorage: () => electronBrowserStorage(electron as unknown as ElectronModule),
    });
    hosts.push(host);
    const checked = await host.handlers['storage.check']({});
    expect(checked).toMatchObject({ state: 'broken', kept: { reason: 'corrupt', copied: true, files: 2, bytes: 4 + 2048 } });
    const name = checked.kept!.name;
    expect(readdirSync(path.join(userData, 'broken-storage'))).toEqual([name]);
    expect(readFileSync(path.join(userData, 'broken-storage', name, 'IndexedDB', 'app_kiosk_0.indexeddb.leveldb', '000005.ldb')).equals(Buffer.alloc(2048, 7))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(userData, 'broken-storage', name, 'manifest.json'), 'utf8'))).toMatchObject({ reason: 'corrupt', bytes: 2052, source: { originId: 'app_kiosk_0' } });
    expect(existsSync(path.join(db, '000005.ldb'))).toBe(true);
  });
});
