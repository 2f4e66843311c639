/**
 * Where the host keeps secrets (the gateway device token, docs/RELIABILITY.md item 22). Two implementations of
 * one interface: OS-encrypted (Electron's safeStorage: DPAPI on Windows, Keychain on macOS,
 * libsecret/kwallet on Linux) and a plain file with owner-only permissions for the browser host.
 * Both keep one small JSON file of named entries in the host's data directory, written atomically.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { atomicWriteFile } from '../settings/atomic-file';
import { ServiceError, noLog, type LogFn } from '../settings/errors';

export interface SecretStore {
  /** `os`: encrypted with a key the OS keeps for this user. `file`: readable by anyone who can read
   * the file as this user or as an administrator (weaker; see FileSecretStore). `weak-os`: Linux
   * safeStorage with no keyring, which encrypts with a fixed key. */
  readonly protection: 'os' | 'weak-os' | 'file';
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** The shape of Electron's `safeStorage` (the Electron glue passes the real one). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

const NAME = /^[a-z0-9][a-z0-9.-]{0,63}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new ServiceError('secret-invalid-name', 'secret names are lower-case letters, digits, "." and "-"');
}

/** Shared file handling: a `{name: string}` map, written through temp + fsync + rename, mode 0600. */
abstract class JsonSecretFile implements SecretStore {
  abstract readonly protection: SecretStore['protection'];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string, protected readonly log: LogFn) {}

  protected abstract encode(value: string): string;
  protected abstract decode(stored: string, name: string): string | null;

  async get(name: string): Promise<string | null> {
    checkName(name);
    const entries = await this.read();
    const stored = entries[name];
    return typeof stored === 'string' ? this.decode(stored, name) : null;
  }

  async set(name: string, value: string): Promise<void> {
    checkName(name);
    return this.serial(async () => {
      const entries = await this.read();
      entries[name] = this.encode(value);
      await atomicWriteFile(this.file, JSON.stringify(entries) + '\n', { mode: 0o600 });
    });
  }

  async delete(name: string): Promise<void> {
    checkName(name);
    return this.serial(async () => {
      const entries = await this.read();
      if (!(name in entries)) return;
      delete entries[name];
      await atomicWriteFile(this.file, JSON.stringify(entries) + '\n', { mode: 0o600 });
    });
  }

  private async read(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // fall through: an unreadable store means "re-enroll", not "cannot start"
    }
    this.log('secret store unreadable: treating as empty', { file: this.file });
    return {};
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/**
 * Secrets encrypted by the OS through Electron's safeStorage. Call only after Electron's `ready`
 * (safeStorage is unavailable before). A value that no longer decrypts (the Windows profile or
 * the machine changed) reads as absent: the kiosk re-enrolls instead of failing to start.
 */
export class SafeStorageSecretStore extends JsonSecretFile {
  readonly protection: 'os' | 'weak-os';

  constructor(dir: string, private readonly safeStorage: SafeStorageLike, log: LogFn = noLog) {
    super(join(dir, 'secrets.os.json'), log);
    if (!safeStorage.isEncryptionAvailable()) throw new ServiceError('secret-unavailable', 'OS encryption is not available');
    this.protection = safeStorage.getSelectedStorageBackend?.() === 'basic_text' ? 'weak-os' : 'os';
  }

  protected encode(value: string): string {
    return this.safeStorage.encryptString(value).toString('base64');
  }

  protected decode(stored: string, name: string): string | null {
    try {
      return this.safeStorage.decryptString(Buffer.from(stored, 'base64'));
    } catch {
      this.log('secret no longer decrypts: treating as absent', { name });
      return null;
    }
  }
}

/**
 * WEAKER fallback for the browser host (no Electron, so no safeStorage): the secret is stored in
 * clear in a file only this OS user may read (0600 on Linux/macOS; on Windows the file inherits
 * the data directory's ACL, which the installer restricts). Anyone with that user's or an
 * administrator's access, or a copy of the disk, can read it. docs/DEPLOY-WINDOWS.md says when
 * that is acceptable.
 */
export class FileSecretStore extends JsonSecretFile {
  readonly protection = 'file' as const;

  constructor(dir: string, log: LogFn = noLog) {
    super(join(dir, 'secrets.json'), log);
  }

  protected encode(value: string): string {
    return value;
  }

  protected decode(stored: string): string {
    return stored;
  }
}

/** OS encryption when it is available, the file fallback otherwise (logged as a warning). */
export function chooseSecretStore(dir: string, safeStorage: SafeStorageLike | null, log: LogFn = noLog): SecretStore {
  if (safeStorage?.isEncryptionAvailable()) return new SafeStorageSecretStore(dir, safeStorage, log);
  log('OS secret storage unavailable: using the file fallback (weaker)', { dir });
  return new FileSecretStore(dir, log);
}
