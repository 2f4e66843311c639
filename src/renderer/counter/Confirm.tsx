/** An in-page confirmation: every staff action asks once before it is written. */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage, useScans, type ScanProblem } from '../scanners';

export function Confirm({ title, children, busy, onConfirm, onCancel, confirmDisabled = false }: {
  title: string;
  children?: ReactNode;
  busy: boolean;
  confirmDisabled?: boolean;
  onConfirm(): void;
  onCancel(): void;
}) {
  const { t } = useTranslation('counter');
  const { t: tsc } = useTranslation(['scanners', 'codes']);
  const [scanned, setScanned] = useState<{ problem: ScanProblem | null } | null>(null);
  // A scan is no answer to the question: while it is open the dialog takes the scans, so one
  // neither opens another dossier behind it (which kept this pending action, then aimed at that
  // dossier) nor closes it. The officer answers first, then scans again.
  useScans(() => setScanned({ problem: null }), { active: true, onProblem: (problem) => setScanned({ problem }) });
  const problem = scanned?.problem ? problemMessage(scanned.problem) : null;
  return (
    <div role="dialog" aria-modal="true" aria-label={title} className="counter-confirm" data-testid="confirm">
      <h3>{title}</h3>
      {children}
      {scanned && (
        <p role="alert" data-testid="confirm-scan">{problem ? tsc(problem.key, problem.values) : t('confirm.scanBlocked')}</p>
      )}
      <div className="buttons">
        <button type="button" onClick={onConfirm} disabled={busy || confirmDisabled} data-testid="confirm-yes">{t('confirm.yes')}</button>
        <button type="button" onClick={onCancel} disabled={busy} data-testid="confirm-no">{t('confirm.no')}</button>
      </div>
    </div>
  );
}
