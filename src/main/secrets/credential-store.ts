/**
 * The gateway client's credential (device id, token, identity) kept in a SecretStore, so the
 * Electron host stores the device token with safeStorage and the browser host in its 0600 file.
 */
import { DeviceIdentity } from '../../shared/protocol/enroll';
import type { CredentialStore, DeviceCredential } from '../gateway-client/credentials';
import type { SecretStore } from './secret-store';

const NAME = 'gateway-credential';

export class SecretCredentialStore implements CredentialStore {
  constructor(private readonly secrets: SecretStore) {}

  async load(): Promise<DeviceCredential | null> {
    const text = await this.secrets.get(NAME);
    if (text === null) return null;
    try {
      const v = JSON.parse(text) as Partial<DeviceCredential>;
      const identity = DeviceIdentity.safeParse(v.identity);
      if (typeof v.gatewayUrl !== 'string' || typeof v.deviceId !== 'string' || typeof v.token !== 'string' || !identity.success) return null;
      return { gatewayUrl: v.gatewayUrl, deviceId: v.deviceId, token: v.token, identity: identity.data, enrolledAt: typeof v.enrolledAt === 'number' ? v.enrolledAt : 0 };
    } catch {
      return null;
    }
  }

  async save(credential: DeviceCredential): Promise<void> {
    await this.secrets.set(NAME, JSON.stringify(credential));
  }

  async clear(): Promise<void> {
    await this.secrets.delete(NAME);
  }
}
