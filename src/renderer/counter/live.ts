/**
 * Dexie `liveQuery` as a React hook: a screen re-renders when the rows it read change (a staff
 * action in this window, or the sync engine writing what the gateway sent).
 */
import { useEffect, useState } from 'react';
import { liveQuery } from 'dexie';

export function useLive<T>(query: () => Promise<T>, deps: readonly unknown[], initial: T): T {
  const [value, setValue] = useState<T>(initial);
  useEffect(() => {
    const sub = liveQuery(query).subscribe({ next: setValue, error: () => undefined });
    return () => sub.unsubscribe();
    // The query closure is rebuilt on every render; `deps` says when it really changed.
  }, deps);
  return value;
}
