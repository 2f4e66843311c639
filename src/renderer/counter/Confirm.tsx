/**
 * The confirmation every staff action asks once before it is written: the design system's modal
 * `Dialog` (ui/Dialog.tsx: focus moves in and stays in, the page beneath is inert and its
 * shortcuts are off, Escape cancels unless busy, focus returns where it was), as an
 * `alertdialog`. The keyboard goes where the answer is: the first thing to fill in, else
 * "confirm"; Enter in a one-line field confirms (never submits a form behind).
 */
import { useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage, useScans, type ScanProblem } from '../scanners';
import { Button, Dialog } from '../ui';

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
  const keyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      if (!busy && !confirmDisabled) onConfirm();
    }
  };
  return (
    <Dialog
      open role="alertdialog" title={title} busy={busy} onClose={onCancel} data-testid="confirm"
      actions={(
        <>
          <Button onClick={onCancel} disabled={busy} data-testid="confirm-no">{t('confirm.no')}</Button>
          <Button
            variant="primary" onClick={onConfirm} disabled={busy || confirmDisabled} data-testid="confirm-yes"
            // With nothing to fill in, the answer is this button (Enter confirms, as before).
            data-autofocus={children === undefined || children === null || children === false ? true : undefined}
          >{t('confirm.yes')}</Button>
        </>
      )}
    >
      <div className="counter-confirm" onKeyDown={keyDown}>
        {children}
        {scanned && (
          <p role="alert" data-testid="confirm-scan">{problem ? tsc(problem.key, problem.values) : t('confirm.scanBlocked')}</p>
        )}
      </div>
    </Dialog>
  );
}
