/**
 * Storage failures as values (docs/RELIABILITY.md item 9). IndexedDB reports them under many names and often
 * wrapped (Chromium aborts the whole transaction on quota: the caller sees an AbortError whose
 * inner error is the QuotaExceededError). Everything is mapped to one `StorageError` with a
 * machine code (src/shared/messages/codes.ts) the UI translates (namespace `codes`, group
 * `storage`), and every wait on storage has a deadline, so a blocked open or a stuck transaction
 * becomes an alert, not a hung promise.
 */
import { bilingual, type StorageErrorCode } from '../../shared/messages';

export type { StorageErrorCode };

export class StorageError extends Error {
  /** `message`: the catalog's text, "vi / en" (for logs); `detail`: what the browser said. */
  constructor(readonly code: StorageErrorCode, readonly detail: string) {
    super(bilingual('storage', code));
    this.name = 'StorageError';
  }
}

function namesOf(err: unknown): string[] {
  const names: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const o = e as { name?: unknown; message?: unknown; inner?: unknown; cause?: unknown };
    if (typeof o.name === 'string') names.push(o.name);
    if (typeof o.message === 'string') names.push(o.message);
    e = o.inner ?? o.cause;
  }
  return names;
}

export function classifyStorageError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  const names = namesOf(err);
  const has = (re: RegExp) => names.some((n) => re.test(n));
  const detail = names.filter((n) => n.length < 200).join(' / ');
  if (has(/QuotaExceeded|quota/i)) return new StorageError('storage-quota', detail);
  if (has(/backing store|UnknownError|DataError.*corrupt/i)) return new StorageError('storage-corrupt', detail);
  if (has(/VersionError/)) return new StorageError('storage-version', detail);
  if (has(/DatabaseClosed|InvalidState/)) return new StorageError('storage-closed', detail);
  if (has(/Blocked/)) return new StorageError('storage-blocked', detail);
  return new StorageError('storage-failed', detail);
}

/** Rejects with a StorageError `code` if `p` has not settled after `ms`; other errors pass through. */
export function withDeadline<T>(p: Promise<T>, ms: number, code: StorageErrorCode = 'storage-timeout'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new StorageError(code, `no answer after ${ms} ms`)), ms);
    p.then(
      (v) => { clearTimeout(t); resolve(v); },
      (e: unknown) => { clearTimeout(t); reject(e); },
    );
  });
}

/**
 * Asks the browser not to evict this origin's storage under pressure. Chromium grants it to
 * installed / kiosk-mode apps; the answer is kept in the sync status for the technician.
 */
export async function requestPersistence(): Promise<'granted' | 'denied' | 'unsupported'> {
  const storage = (globalThis as { navigator?: { storage?: { persist?: () => Promise<boolean>; persisted?: () => Promise<boolean> } } })
    .navigator?.storage;
  if (!storage?.persist) return 'unsupported';
  try {
    if (storage.persisted && (await storage.persisted())) return 'granted';
    return (await storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}
