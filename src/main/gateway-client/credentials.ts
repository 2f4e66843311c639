/**
 * Where the host keeps the device credential (FAILURES.md 22). The renderer never sees it.
 * The file store writes with mode 0600 through a temp file + rename, so a power cut leaves either
 * the old credential or the new one. The Electron host may wrap this with OS secure storage
 * (safeStorage) — only src/main/electron may import electron, so that wrapper lives there.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DeviceIdentity } from '../../shared/protocol/enroll';

export interface DeviceCredential {
  gatewayUrl: string;
  deviceId: string;
  token: string;
  identity: DeviceIdentity;
  enrolledAt: number;
}

export interface CredentialStore {
  load(): Promise<DeviceCredential | null>;
  save(credential: DeviceCredential): Promise<void>;
  clear(): Promise<void>;
}

export class MemoryCredentialStore implements CredentialStore {
  private value: DeviceCredential | null = null;
  async load() {
    return this.value;
  }
  async save(c: DeviceCredential) {
    this.value = { ...c };
  }
  async clear() {
    this.value = null;
  }
}

export class FileCredentialStore implements CredentialStore {
  constructor(private readonly path: string) {}

  async load(): Promise<DeviceCredential | null> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    const v = JSON.parse(text) as Partial<DeviceCredential>;
    const identity = DeviceIdentity.safeParse(v.identity);
    if (typeof v.gatewayUrl !== 'string' || typeof v.deviceId !== 'string' || typeof v.token !== 'string' || !identity.success) return null;
    return { gatewayUrl: v.gatewayUrl, deviceId: v.deviceId, token: v.token, identity: identity.data, enrolledAt: v.enrolledAt ?? 0 };
  }

  async save(c: DeviceCredential): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await writeFile(tmp, JSON.stringify(c), { mode: 0o600 });
    await rename(tmp, this.path);
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
