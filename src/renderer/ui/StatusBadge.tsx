/**
 * A dossier's status (1–10) as a badge: the official words (`statusLabel`), an icon of its own and
 * a tint and edge of its own, so no two statuses differ by colour alone (readable in greyscale and
 * for colour-blind staff). Finished-badly statuses (3, 7, 8) have a dashed edge; the
 * result-returned status (10) is filled.
 */
import { statusLabel } from '../../shared/domain';
import { Icon, type IconName } from './icons';
import { useUiLang } from './locale';

export const STATUS_ICONS: Record<number, IconName> = {
  1: 'dot',          // submitted online
  2: 'inbox',        // accepted at the counter
  3: 'x',            // refused at intake
  4: 'gear',         // processing
  5: 'doc-plus',     // documents to supplement
  6: 'coin',         // fees to pay
  7: 'undo',         // withdrawn
  8: 'stop',         // processing stopped
  9: 'check',        // result ready
  10: 'double-check', // result returned
};

export function StatusBadge({ status, size = 'md', className }: { status: number; size?: 'sm' | 'md'; className?: string }) {
  const lang = useUiLang();
  const known = Number.isInteger(status) && status >= 1 && status <= 10;
  return (
    <span className={`ui-status${className ? ` ${className}` : ''}`} data-status={known ? status : 'unknown'} data-size={size}>
      <Icon name={STATUS_ICONS[status] ?? 'info'} />
      <span className="ui-status-label">{statusLabel(status, lang)}</span>
    </span>
  );
}
