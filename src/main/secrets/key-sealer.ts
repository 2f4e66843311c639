/**
 * Seals officers' signing keys for the renderer (`keys.seal` / `keys.open`). The renderer keeps
 * only the sealed blob in its IndexedDB; the key that seals it never leaves the host.
 *
 * The sealing key is 256 random bits used with AES-256-GCM, and is itself kept in the host's
 * SecretStore: encrypted by the OS through Electron's `safeStorage` where available (DPAPI,
 * Keychain, libsecret), in the browser host's owner-only (0600) secrets file otherwise. So a copy
 * of the browser profile alone (the IndexedDB files) does not yield an officer's key.
 *
 * Nothing here is logged: neither the key material nor the sealed blobs.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BridgeError } from '../../shared/bridge/error';
import type { SecretStore } from './secret-store';

const NAME = 'officer-key-seal';
const VERSION = 'v1';
/** Binds a blob to its purpose: a sealed key cannot be passed off as another kind of secret. */
const AAD = Buffer.from('mot-cua/officer-key/1', 'utf8');

export class KeySealer {
  private key: Promise<Buffer> | null = null;

  constructor(private readonly secrets: SecretStore) {}

  /** Seals `data` (the PKCS#8 bytes of a private key) as `v1.<base64url(iv ‖ tag ‖ ciphertext)>`. */
  async seal(data: Buffer): Promise<string> {
    const key = await this.sealingKey(true);
    if (!key) throw new BridgeError('key-unavailable', 'No sealing key');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(AAD);
    const body = Buffer.concat([c.update(data), c.final()]);
    return `${VERSION}.${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url')}`;
  }

  /**
   * Opens a blob sealed by `seal`. A blob this host cannot open (sealed on another machine or
   * profile, the sealing key lost, or tampered with) fails with `key-unavailable`: the renderer
   * then makes the officer a new key at sign-in.
   */
  async open(sealed: string): Promise<Buffer> {
    const [version, body] = sealed.split('.', 2);
    const raw = version === VERSION && body ? Buffer.from(body, 'base64url') : null;
    const key = await this.sealingKey(false);
    if (!raw || raw.length < 12 + 16 + 1 || !key) throw new BridgeError('key-unavailable', 'This sealed key cannot be opened on this host');
    try {
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAAD(AAD);
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
    } catch {
      throw new BridgeError('key-unavailable', 'This sealed key cannot be opened on this host');
    }
  }

  /** The sealing key; created on first use (`create`), one creation even under concurrent calls. */
  private async sealingKey(create: boolean): Promise<Buffer | null> {
    if (this.key) return this.key;
    const stored = await this.secrets.get(NAME);
    const parsed = stored === null ? null : Buffer.from(stored, 'base64');
    if (parsed && parsed.length === 32) {
      this.key = Promise.resolve(parsed);
      return this.key;
    }
    if (!create) return null;
    this.key ??= (async () => {
      const fresh = randomBytes(32);
      await this.secrets.set(NAME, fresh.toString('base64'));
      return fresh;
    })();
    try {
      return await this.key;
    } catch (err) {
      this.key = null;
      throw err;
    }
  }
}
