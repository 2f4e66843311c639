/**
 * The office queue as this device's host sees it: the `queue.status` answer, then every
 * `queue.state` event, folded with the shared engine (src/shared/queue) for the screens.
 */
import { useEffect, useMemo, useState } from 'react';
import { foldQueue, type QueueSnapshot, type QueueState } from '../../shared/queue';
import { useAppServicesOrNull } from '../app-services';

export interface QueueView {
  snapshot: QueueSnapshot | null;
  state: QueueState | null;
}

export function useQueue(): QueueView {
  const kiosk = useAppServicesOrNull()?.kiosk ?? null;
  const [snapshot, setSnapshot] = useState<QueueSnapshot | null>(null);
  useEffect(() => {
    if (!kiosk) return undefined;
    let live = true;
    const off = kiosk.on('queue.state', (s) => { if (live) setSnapshot(s); });
    kiosk.call('queue.status', {}).then((s) => { if (live) setSnapshot((prev) => prev ?? s); }, () => undefined);
    return () => { live = false; off(); };
  }, [kiosk]);
  const state = useMemo(() => (snapshot ? foldQueue(snapshot.day, snapshot.events) : null), [snapshot]);
  return { snapshot, state };
}

/** "A025" read aloud: the letter, then the number without leading zeros ("A, 25"). */
export function spokenNumber(label: string): string {
  const m = /^([A-Z])0*(\d+)$/.exec(label);
  return m ? `${m[1]}, ${m[2]}` : label;
}
