/**
 * The sync state, always on screen (docs/RELIABILITY.md item 13): how many actions wait to be sent and since
 * when, whether the province is reachable, and how many need a person ("needs attention").
 */
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncEngine } from '../sync/engine';
import { INITIAL_STATUS, type SyncStatus } from '../sync/status';
import { syncProblemKey } from '../i18n/codes';

const noEngine = { subscribe: () => () => undefined, getSnapshot: () => INITIAL_STATUS };

export function useSyncStatus(sync: SyncEngine | null): SyncStatus {
  const src = sync?.status ?? noEngine;
  return useSyncExternalStore(src.subscribe, src.getSnapshot);
}

const hhmm = (ms: number): string => {
  const d = new Date(ms + 7 * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

export function SyncBar({ sync, onAttention }: { sync: SyncEngine | null; onAttention(): void }) {
  const { t } = useTranslation('counter');
  const { t: ts } = useTranslation(['sync', 'codes']);
  const s = useSyncStatus(sync);
  const attention = s.attention + s.conflicts + s.keyProblems;
  const offline = s.phase === 'offline' || (s.lastError !== null && s.phase !== 'pushing' && s.phase !== 'pulling');
  return (
    <div className="counter-sync" data-testid="sync-bar" data-phase={s.phase} data-pending={s.pending} data-offline={offline ? 'true' : 'false'}>
      {sync === null
        ? <span data-testid="sync-not-enrolled">{t('sync.notEnrolled')}</span>
        : <span data-testid="sync-phase">{offline ? ts('phase.offline') : ts(`phase.${s.phase}`)}</span>}
      <span data-testid="sync-pending">
        {s.pending > 0 ? ts('pending', { count: s.pending }) : ts('nothingPending')}
        {s.oldestPendingAt !== null && ` · ${ts('pendingSince', { time: hhmm(s.oldestPendingAt) })}`}
      </span>
      {s.lastError && <span className="sync-error" data-testid="sync-error">{ts(syncProblemKey(s.lastError.code), { status: s.lastError.status ?? '' })}</span>}
      {s.storageAlert && <span role="alert" className="sync-error">{ts(syncProblemKey(s.storageAlert.code))}</span>}
      {s.needsEnrollment && <span role="alert" className="sync-error">{ts('needsEnrollment')}</span>}
      <button type="button" className={attention > 0 ? 'attention' : undefined} onClick={onAttention} data-testid="sync-attention" data-count={attention}>
        {t('sync.attention', { count: attention })}
      </button>
      {sync && (
        <button type="button" onClick={() => void sync.syncNow().catch(() => undefined)} data-testid="sync-now">{ts('syncNow')}</button>
      )}
    </div>
  );
}
