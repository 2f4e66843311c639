/**
 * The gateway client's credential (device id, token, identity) kept in a SecretStore, so the
 * Electron host stores the device token with safeStorage and the browser host in its 0600 file.
 */
import { DeviceIdentity } from '../../shared/protocol/enroll';
import { FileCredentialStore, type CredentialStore, type DeviceCredential } from '../gateway-client/credentials';
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

/**
 * Moves a credential that the clear-text FileCredentialStore wrote (hosts before the secret store)
 * into `target`, then deletes the clear file. True when one was moved.
 */
export async function adoptLegacyCredential(legacyFile: string, target: CredentialStore): Promise<boolean> {
  const legacy = new FileCredentialStore(legacyFile);
  const credential = await legacy.load();
  if (credential === null) return false;
  if ((await target.load()) === null) await target.save(credential);
  await legacy.clear();
  return true;
}
