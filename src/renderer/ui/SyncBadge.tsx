/**
 * The sync state at a glance: what is happening (an icon and a word of its own per state), how
 * many actions wait to be sent, and since when. The words come from the caller (namespace
 * `sync`); `stale` marks a backlog old enough to worry about.
 */
import { Icon, type IconName } from './icons';

export type SyncState = 'synced' | 'syncing' | 'offline' | 'error' | 'not-enrolled';

export interface SyncBadgeProps {
  state: SyncState;
  /** The state in words ("Đã đồng bộ", "Mất kết nối máy chủ tỉnh"). */
  label: string;
  /** Actions waiting to be sent. */
  backlog: number;
  /** The backlog in words ("3 thao tác chờ gửi", "Không có thao tác chờ gửi"). */
  backlogLabel: string;
  /** Since when the oldest waits ("từ 10:42"); null when nothing waits. */
  age?: string | null;
  /** The oldest has waited too long. */
  stale?: boolean;
  className?: string;
  'data-testid'?: string;
}

const ICONS: Record<SyncState, IconName> = {
  synced: 'cloud-check',
  syncing: 'refresh',
  offline: 'cloud-off',
  error: 'warning',
  'not-enrolled': 'link-off',
};

export function SyncBadge({ state, label, backlog, backlogLabel, age = null, stale = false, className, 'data-testid': testId }: SyncBadgeProps) {
  return (
    <span
      className={`ui-sync${className ? ` ${className}` : ''}`} data-state={state} data-backlog={backlog}
      data-stale={stale || undefined} data-testid={testId}
    >
      <span className="ui-sync-state"><Icon name={ICONS[state]} className="ui-sync-icon" />{label}</span>
      <span className="ui-sync-backlog" data-empty={backlog === 0 || undefined}>
        {backlogLabel}
        {age && <span className="ui-sync-age">{age}</span>}
      </span>
    </span>
  );
}
