import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseSecretStore, FileSecretStore, SafeStorageSecretStore, SecretCredentialStore, type SafeStorageLike,
} from '../../src/main/secrets';
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
