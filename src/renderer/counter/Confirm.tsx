/** An in-page confirmation: every staff action asks once before it is written. */
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
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
  const box = useRef<HTMLDivElement | null>(null);
  const yes = useRef<HTMLButtonElement | null>(null);
  // The keyboard goes where the answer is: the first thing to fill in, else "confirm".
  useEffect(() => {
    const first = box.current?.querySelector<HTMLElement>('input, textarea, select');
    (first ?? yes.current)?.focus();
  }, []);
  // Enter in a one-line field confirms (never submits a form behind); Escape cancels.
  const keyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape' && !busy) {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      if (!busy && !confirmDisabled) onConfirm();
    }
  };
  return (
    <div ref={box} role="dialog" aria-modal="true" aria-label={title} className="counter-confirm" data-testid="confirm" onKeyDown={keyDown}>
      <h3>{title}</h3>
      {children}
      {scanned && (
        <p role="alert" data-testid="confirm-scan">{problem ? tsc(problem.key, problem.values) : t('confirm.scanBlocked')}</p>
      )}
      <div className="buttons">
        <button ref={yes} type="button" className="primary" onClick={onConfirm} disabled={busy || confirmDisabled} data-testid="confirm-yes">{t('confirm.yes')}</button>
        <button type="button" onClick={onCancel} disabled={busy} data-testid="confirm-no">{t('confirm.no')}</button>
      </div>
    </div>
  );
}
