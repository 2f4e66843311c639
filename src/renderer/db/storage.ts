/**
 * Storage failures as values (FAILURES.md 9). IndexedDB reports them under many names and often
 * wrapped (Chromium aborts the whole transaction on quota: the caller sees an AbortError whose
 * inner error is the QuotaExceededError). Everything is mapped to one `StorageError` with a
 * machine code the UI translates (namespace `sync`, `storage.<code>`), and every wait on storage
 * has a deadline, so a blocked open or a stuck transaction becomes an alert, not a hung promise.
 */
export type StorageErrorCode =
  | 'storage-quota' // disk or origin quota full: free space; nothing queued was lost
  | 'storage-corrupt' // backing store cannot be opened ("Internal error opening backing store")
  | 'storage-blocked' // another tab/instance holds an older version open
  | 'storage-closed' // database closed under us (eviction, another instance deleted it)
  | 'storage-version' // this build is older than the data on disk
  | 'storage-timeout' // the operation did not finish in time
  | 'storage-failed';

const MESSAGES: Record<StorageErrorCode, string> = {
  'storage-quota': 'Bộ nhớ máy đã đầy, chưa lưu được / Storage is full, nothing was saved',
  'storage-corrupt': 'Không mở được dữ liệu trên máy / The local database cannot be opened',
  'storage-blocked': 'Dữ liệu đang bị một cửa sổ khác giữ / Another window holds the database',
  'storage-closed': 'Kết nối dữ liệu đã đóng / The local database was closed',
  'storage-version': 'Dữ liệu trên máy mới hơn ứng dụng / The data on disk is newer than this app',
  'storage-timeout': 'Lưu dữ liệu quá lâu / Saving took too long',
  'storage-failed': 'Lỗi lưu dữ liệu trên máy / Local storage failed',
};

export class StorageError extends Error {
  constructor(readonly code: StorageErrorCode, readonly detail: string) {
    super(MESSAGES[code]);
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
