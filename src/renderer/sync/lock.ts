/**
 * Single flight across windows (docs/RELIABILITY.md item 2). In Chromium the Web Locks API makes the lock span
 * every window and worker of the origin. Node (CLI, tests) has no `navigator.locks`, so the fallback
 * is a lock shared by every engine in the same process — which is how tests stand in for two
 * windows. A second app *instance* is refused earlier, by the host's single-instance lock.
 */
interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: boolean }, cb: (lock: unknown) => Promise<T>): Promise<T>;
}

const held = new Set<string>();

function webLocks(): LockManagerLike | null {
  const nav = (globalThis as { navigator?: { locks?: LockManagerLike } }).navigator;
  return nav?.locks && typeof nav.locks.request === 'function' ? nav.locks : null;
}

export const SKIPPED: unique symbol = Symbol('lock-held-elsewhere');

/**
 * Runs `fn` if nobody holds `name`; otherwise resolves to SKIPPED at once (the holder will do the
 * work, and the engine's watchdog looks again later).
 */
export async function runExclusive<T>(name: string, fn: () => Promise<T>): Promise<T | typeof SKIPPED> {
  const locks = webLocks();
  if (locks) {
    return locks.request(name, { ifAvailable: true }, async (lock) => (lock ? fn() : SKIPPED));
  }
  if (held.has(name)) return SKIPPED;
  held.add(name);
  try {
    return await fn();
  } finally {
    held.delete(name);
  }
}

export function lockKind(): 'web-locks' | 'in-process' {
  return webLocks() ? 'web-locks' : 'in-process';
}
