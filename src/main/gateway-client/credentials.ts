/**
 * Where the host keeps the device credential (docs/RELIABILITY.md item 22). The renderer never sees it.
 * The host keeps it in a SecretStore (src/main/secrets: Electron's safeStorage where available);
 * the in-memory store serves the command-line tools and tests.
 */
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
