/**
 * The staff's notice after a storage recovery (src/renderer/recovery/storage-recovery.ts): what
 * happened and whether anything waits for the gateway, in plain Vietnamese, until dismissed.
 */
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { recoveryState, setRecoveryState, subscribeRecovery } from './storage-recovery';

export function RecoveryNotice() {
  const { t } = useTranslation('recovery');
  const state = useSyncExternalStore(subscribeRecovery, recoveryState);
  if (!state) return null;
  return (
    <div role="alert" data-testid="storage-recovery-notice" className="recovery-notice"
      style={{ margin: '8px', padding: '12px 16px', border: '2px solid #b45309', background: '#fffbeb', color: '#1f2937', borderRadius: 6 }}>
      <strong>{t('title')}</strong>
      <p>{t(state.reason)}</p>
      <p data-testid="storage-recovery-detail">
        {state.requeued === null ? t('checking') : state.requeued > 0 ? t('requeued', { count: state.requeued }) : t('nothingLost')}
      </p>
      <button type="button" onClick={() => setRecoveryState(null)}>{t('ok')}</button>
    </div>
  );
}
