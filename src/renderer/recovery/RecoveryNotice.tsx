/**
 * The staff's notice after a storage recovery (src/renderer/recovery/storage-recovery.ts): what
 * happened and whether anything waits for the gateway, in plain Vietnamese, until dismissed.
 */
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../ui';
import { recoveryState, setRecoveryState, subscribeRecovery } from './storage-recovery';

export function RecoveryNotice() {
  const { t } = useTranslation('recovery');
  const state = useSyncExternalStore(subscribeRecovery, recoveryState);
  if (!state) return null;
  return (
    <div role="alert" data-testid="storage-recovery-notice" className="recovery-notice"
      style={{
        margin: 'var(--ui-space-2)', padding: 'var(--ui-space-3) var(--ui-space-4)', border: '2px solid var(--ui-color-warning)',
        background: 'var(--ui-color-warning-bg)', color: 'var(--ui-color-text)', borderRadius: 'var(--ui-radius-md)',
      }}>
      <strong>{t('title')}</strong>
      <p>{t(state.reason)}</p>
      <p data-testid="storage-recovery-detail">
        {state.requeued === null ? t('checking') : state.requeued > 0 ? t('requeued', { count: state.requeued }) : t('nothingLost')}
      </p>
      <Button variant="primary" size="sm" onClick={() => setRecoveryState(null)} data-testid="storage-recovery-ok">{t('ok')}</Button>
    </div>
  );
}
