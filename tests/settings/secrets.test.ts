import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseSecretStore, FileSecretStore, KeySealer, SafeStorageSecretStore, SecretCredentialStore, type SafeStorageLike,
} from '../../src/main/secrets';
import { createHostServices } from '../../src/main/services';
import { tempDir } from './helpers';

/** Stands in for Electron's safeStorage (the binary cannot run here) with real AES-256-GCM, so a
 * test can tell ciphertext from the secret and a foreign key from the right one. */
function aesSafeStorage(key = randomBytes(32), backend = 'dpapi'): SafeStorageLike {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(buf) {
      const d = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const unavailable: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  encryptString: () => { throw new Error('not available'); },
  decryptString: () => { throw new Error('not available'); },
};

const TOKEN = 'dev_tok_3f9a1c2e7b5d4a60';

describe('secret stores', () => {
  it('keeps the token encrypted at rest with OS storage', async () => {
    const dir = await tempDir();
    const key = randomBytes(32);
    const s = new SafeStorageSecretStore(dir, aesSafeStorage(key));
    expect(s.protection).toBe('os');
    await s.set('device-token', TOKEN);
    expect(await readFile(s.file, 'utf8')).not.toContain(TOKEN);
    expect(await new SafeStorageSecretStore(dir, aesSafeStorage(key)).get('device-token')).toBe(TOKEN);
    if (process.platform !== 'win32') expect((await stat(s.file)).mode & 0o777).toBe(0o600);
  });

  it('reads a value that no longer decrypts as absent (re-enroll, do not crash)', async () => {
    const dir = await tempDir();
    await new SafeStorageSecretStore(dir, aesSafeStorage()).set('device-token', TOKEN);
    expect(await new SafeStorageSecretStore(dir, aesSafeStorage()).get('device-token')).toBeNull();
  });

  it('reports Linux safeStorage without a keyring as weak', () => {
    expect(new SafeStorageSecretStore('/nonexistent', aesSafeStorage(undefined, 'basic_text')).protection).toBe('weak-os');
  });

  it('falls back to the 0600 file when OS encryption is unavailable, and says so', async () => {
    const dir = await tempDir();
    const logged: string[] = [];
    const s = chooseSecretStore(dir, unavailable, (m) => logged.push(m));
    expect(s.protection).toBe('file');
    expect(logged[0]).toContain('weaker');
    expect(() => new SafeStorageSecretStore(dir, unavailable)).toThrow(expect.objectContaining({ code: 'secret-unavailable' }));
    await s.set('device-token', TOKEN);
    const file = (s as FileSecretStore).file;
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await s.get('device-token')).toBe(TOKEN);
    await s.delete('device-token');
    expect(await s.get('device-token')).toBeNull();
    expect(chooseSecretStore(dir, aesSafeStorage()).protection).toBe('os');
  });

  it('refuses odd names and survives a damaged file', async () => {
    const dir = await tempDir();
    const s = new FileSecretStore(dir);
    await expect(s.set('../x', 'v')).rejects.toMatchObject({ code: 'secret-invalid-name' });
    await writeFile(join(dir, 'secrets.json'), '{broken');
    expect(await s.get('device-token')).toBeNull();
    await s.set('device-token', TOKEN);
    expect(await s.get('device-token')).toBe(TOKEN);
  });

  it('carries the gateway credential for the gateway client', async () => {
    const dir = await tempDir();
    const creds = new SecretCredentialStore(new SafeStorageSecretStore(dir, aesSafeStorage()));
    expect(await creds.load()).toBeNull();
    const credential = {
      gatewayUrl: 'https://gw.example.vn', deviceId: 'dev-1', token: TOKEN, enrolledAt: 5,
      identity: {
        deviceId: 'dev-1', deviceName: 'Quầy 1', kind: 'counter' as const, agency: { code: '000.17.22.H56', name: 'UBND xã An Bình' },
        counter: 'Quầy 1', province: { code: '56', name: 'Khánh Hòa' }, idSalt: 'c2FsdA',
      },
    };
    await creds.save(credential);
    expect(await creds.load()).toEqual(credential);
    await creds.clear();
    expect(await creds.load()).toBeNull();
  });
});

describe('officer key sealing (keys.seal / keys.open)', () => {
  // Stands for an officer's PKCS#8 private key: random bytes are enough to check the sealing.
  const KEY = randomBytes(138);

  it('seals with a key kept in the OS-protected store, never in the clear', async () => {
    const dir = await tempDir();
    const os = aesSafeStorage();
    const sealer = new KeySealer(new SafeStorageSecretStore(dir, os));
    const sealed = await sealer.seal(KEY);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(KEY.toString('base64url'));
    expect(await sealer.seal(KEY)).not.toBe(sealed); // a fresh IV every time
    // Another process of the same host (same OS key) opens it; the stored sealing key is encrypted.
    expect((await new KeySealer(new SafeStorageSecretStore(dir, os)).open(sealed)).equals(KEY)).toBe(true);
    const onDisk = await readFile(join(dir, 'secrets.os.json'), 'utf8');
    expect(JSON.parse(onDisk)).toHaveProperty('officer-key-seal');
  });

  it('keeps its key in the 0600 file of the browser host', async () => {
    const dir = await tempDir();
    const store = new FileSecretStore(dir);
    const sealed = await new KeySealer(store).seal(KEY);
    if (process.platform !== 'win32') expect((await stat(store.file)).mode & 0o777).toBe(0o600);
    expect((await new KeySealer(new FileSecretStore(dir)).open(sealed)).equals(KEY)).toBe(true);
  });

  it('refuses, with one machine code, a blob from another host, a tampered one or garbage', async () => {
    const a = new KeySealer(new FileSecretStore(await tempDir()));
    const b = new KeySealer(new FileSecretStore(await tempDir()));
    const sealed = await a.seal(KEY);
    await b.seal(randomBytes(4)); // b has a sealing key of its own
    await expect(b.open(sealed)).rejects.toMatchObject({ code: 'key-unavailable' });
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    raw[raw.length - 1]! ^= 1;
    const flipped = `v1.${raw.toString('base64url')}`;
    await expect(a.open(flipped)).rejects.toMatchObject({ code: 'key-unavailable' });
    await expect(a.open('v2.abc')).rejects.toMatchObject({ code: 'key-unavailable' });
    await expect(a.open('nonsense')).rejects.toMatchObject({ code: 'key-unavailable' });
    // A host that never sealed anything has no key to open with.
    await expect(new KeySealer(new FileSecretStore(await tempDir())).open(sealed)).rejects.toMatchObject({ code: 'key-unavailable' });
  });

  it('makes one sealing key under concurrent first calls', async () => {
    const dir = await tempDir();
    const sealer = new KeySealer(new FileSecretStore(dir));
    const blobs = await Promise.all([1, 2, 3, 4].map(() => sealer.seal(KEY)));
    const fresh = new KeySealer(new FileSecretStore(dir));
    for (const b of blobs) expect((await fresh.open(b)).equals(KEY)).toBe(true);
  });

  it('is what the host\'s bridge calls use, and the logs never see the key', async () => {
    const dataDir = await tempDir();
    const host = await createHostServices({ name: 'k', version: '1', gatewayUrl: null, scanners: [], dataDir });
    const data = KEY.toString('base64');
    const { sealed } = await host.handlers['keys.seal']({ data });
    expect((await host.handlers['keys.open']({ sealed })).data).toBe(data);
    await expect(Promise.resolve().then(() => host.handlers['keys.open']({ sealed: 'v1.AAAA' }))).rejects.toMatchObject({ code: 'key-unavailable' });
    await host.close();
    const logs = await readFile(join(dataDir, 'logs', (await import('node:fs')).readdirSync(join(dataDir, 'logs'))[0]!), 'utf8').catch(() => '');
    expect(logs).not.toContain(data);
    expect(logs).not.toContain(sealed);
  });
});
