/** An in-page confirmation: every staff action asks once before it is written (issue 7 §3). */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Confirm({ title, children, busy, onConfirm, onCancel, confirmDisabled = false }: {
  title: string;
  children?: ReactNode;
  busy: boolean;
  confirmDisabled?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('counter');
  return (
    <div role="dialog" aria-modal="true" aria-label={title} className="counter-confirm" data-testid="confirm">
      <h3>{title}</h3>
      {children}
      <div className="buttons">
        <button type="button" onClick={onConfirm} disabled={busy || confirmDisabled} data-testid="confirm-yes">{t('confirm.yes')}</button>
        <button type="button" onClick={onCancel} disabled={busy} data-testid="confirm-no">{t('confirm.no')}</button>
      </div>
    </div>
  );
}
