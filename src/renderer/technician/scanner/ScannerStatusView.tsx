/**
 * A serial scanner's live state in plain words, with what to do about it: a technician at a
 * commune must not need to know what EBUSY means.
 */
import { useTranslation } from 'react-i18next';
import type { ScannerStatus } from '../../../shared/bridge/contract';
import { codeKey } from '../../i18n/codes';
import { Icon } from '../../ui';

/** Working, or on its way: nothing to do. */
const isGood = (state: ScannerStatus['state']): state is 'open' | 'connecting' => state === 'open' || state === 'connecting';

export function ScannerStatusView({ status }: { status: ScannerStatus | null }) {
  const { t } = useTranslation(['console', 'codes']);
  if (status === null) return <p className="tsc-state" data-testid="scanner-state">{t('scanner.state.unknown')}</p>;
  const good = isGood(status.state);
  const todo = !isGood(status.state) && status.state !== 'disabled' ? status.state : null;
  // Turned off on purpose is not a fault: said plainly, not in the error colour.
  const tone = good ? 'success' : status.state === 'disabled' ? 'neutral' : 'error';
  return (
    <div className="tsc-state" data-tone={tone} data-testid="scanner-state" data-state={status.state}>
      <p className="tsc-state-line">
        <Icon name={tone === 'success' ? 'success' : tone === 'error' ? 'error' : 'stop'} />
        <strong>{t(`scanner.state.${status.state}`)}</strong>
        {status.path && <> · <code>{status.path}</code></>}
        {' · '}{t('scanner.frames', { ok: status.framesOk, bad: status.framesBad })}
      </p>
      {todo !== null && <p data-testid="scanner-todo">{t(`scanner.todo.${todo}`)}</p>}
      {status.lastError && (
        <p data-testid="scanner-last-error">
          {t(codeKey('scanner', status.lastError))}
        </p>
      )}
      {/* The host's own hint (e.g. which baud rates to try), already in both languages. */}
      {status.detail && !good && <p className="tech-hint" data-testid="scanner-detail">{status.detail}</p>}
    </div>
  );
}
