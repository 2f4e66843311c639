/**
 * The sync state, always on screen (docs/RELIABILITY.md item 13): one badge says whether the province is
 * reachable, how many actions wait to be sent and since when (stale after 15 minutes); beside it,
 * how many need a person ("needs attention") and "sync now".
 */
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncEngine } from '../sync/engine';
import { INITIAL_STATUS, type SyncStatus } from '../sync/status';
import { syncProblemKey } from '../i18n/codes';
import { Button, SyncBadge, type SyncState } from '../ui';
import { useFileProgress } from './Digitise';

const noEngine = { subscribe: () => () => undefined, getSnapshot: () => INITIAL_STATUS };

export function useSyncStatus(sync: SyncEngine | null): SyncStatus {
  const src = sync?.status ?? noEngine;
  return useSyncExternalStore(src.subscribe, src.getSnapshot);
}

const hhmm = (ms: number): string => {
  const d = new Date(ms + 7 * 3_600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

/** A backlog older than this is shown as stale (the province's fleet view flags devices the same way). */
const STALE_MS = 15 * 60_000;

export function SyncBar({ sync, onAttention, now = Date.now }: { sync: SyncEngine | null; onAttention(): void; now?: () => number }) {
  const { t } = useTranslation('counter');
  const { t: ts } = useTranslation(['sync', 'codes']);
  const s = useSyncStatus(sync);
  const { t: td } = useTranslation('digitise');
  const f = useFileProgress(sync?.files);
  const attention = s.attention + s.conflicts + s.keyProblems;
  const offline = s.phase === 'offline' || (s.lastError !== null && s.phase !== 'pushing' && s.phase !== 'pulling');
  const state: SyncState = sync === null ? 'not-enrolled'
    : s.phase === 'pushing' || s.phase === 'pulling' ? 'syncing'
      : s.phase === 'offline' ? 'offline'
        : s.lastError !== null ? 'error'
          : 'synced';
  const label = sync === null ? t('sync.notEnrolled') : offline ? ts('phase.offline') : ts(`phase.${s.phase}`);
  return (
    <div className="counter-sync" data-testid="sync-bar" data-phase={s.phase} data-pending={s.pending} data-offline={offline ? 'true' : 'false'}>
      <SyncBadge
        state={state} label={label} backlog={s.pending}
        backlogLabel={s.pending > 0 ? ts('pending', { count: s.pending }) : ts('nothingPending')}
        age={s.oldestPendingAt !== null ? ts('pendingSince', { time: hhmm(s.oldestPendingAt) }) : null}
        stale={s.oldestPendingAt !== null && now() - s.oldestPendingAt > STALE_MS}
        data-testid="sync-badge"
      />
      {f.pending > 0 && (
        <span className="sync-files" data-testid="sync-files" data-pending={f.pending}>
          {f.current ? td('filesSending', { percent: Math.floor((100 * f.current.sent) / Math.max(1, f.current.size)) }) : td('filesPending', { count: f.pending })}
        </span>
      )}
      {f.withdrawals > 0 && (
        <span className="sync-files" data-testid="sync-withdrawals" data-pending={f.withdrawals}>{td('withdrawalsPending', { count: f.withdrawals })}</span>
      )}
      {f.failed > 0 && <span className="sync-error" data-testid="sync-files-failed">{td('filesFailed', { count: f.failed })}</span>}
      {s.lastError && <span className="sync-error" data-testid="sync-error">{ts(syncProblemKey(s.lastError.code), { status: s.lastError.status ?? '' })}</span>}
      {s.storageAlert && <span role="alert" className="sync-error">{ts(syncProblemKey(s.storageAlert.code))}</span>}
      {s.needsEnrollment && <span role="alert" className="sync-error">{ts('needsEnrollment')}</span>}
      <Button variant={attention > 0 ? 'danger' : 'quiet'} size="sm" shortcut="F7" onClick={onAttention} data-testid="sync-attention" data-count={attention}>
        {t('sync.attention', { count: attention })}
      </Button>
      {sync && (
        <Button size="sm" icon="refresh" shortcut="F8" onClick={() => void sync.syncNow().catch(() => undefined)} data-testid="sync-now">{ts('syncNow')}</Button>
      )}
    </div>
  );
}
