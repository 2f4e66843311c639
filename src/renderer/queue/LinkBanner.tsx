/** How this device's queue link stands, and any notice (another host, a clock off, a refused device). */
import { useTranslation } from 'react-i18next';
import type { QueueSnapshot } from '../../shared/queue';
import { codeKey } from '../i18n/codes';

export function LinkBanner({ snapshot, compact = false }: { snapshot: QueueSnapshot | null; compact?: boolean }) {
  const { t } = useTranslation(['queue', 'codes']);
  if (!snapshot) return null;
  const bad = snapshot.link === 'lost' || snapshot.link === 'fenced' || snapshot.link === 'no-key' || snapshot.link === 'off';
  if (compact && !bad && !snapshot.notice) return null;
  const minutes = snapshot.skewMs === null ? 0 : Math.round(Math.abs(snapshot.skewMs) / 60_000);
  return (
    <div className={`queue-link${bad ? ' queue-link-bad' : ''}`} role={bad ? 'alert' : 'status'} data-testid="queue-link" data-link={snapshot.link}>
      <strong>{t(`link.${snapshot.link}`)}</strong>
      {snapshot.link === 'lost' && <span> {t('lostHint', { count: snapshot.held })}</span>}
      {snapshot.notice && <span className="queue-link-notice" data-testid="queue-notice" data-code={snapshot.notice}> {t(codeKey('queue', snapshot.notice), { minutes, day: snapshot.day })}</span>}
    </div>
  );
}
