/**
 * "Needs attention" (docs/RELIABILITY.md items 6, 10): mutations the gateway rejected or answered with a
 * conflict, each with the gateway's reason and what the staff member can do; and officers whose
 * signing key the gateway refused to register (they must sign in again). Nothing leaves this
 * list by itself: a person acknowledges it, or sends it again once the cause is fixed.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../app-services';
import { dismiss, retry } from '../db/actions';
import type { LocalizedMessage } from '../../shared/protocol';
import type { KioskDb, OutboxRow } from '../db/database';
import { keyProblemList } from '../db/outbox';
import { useLive } from './live';
import { errorKey, type ErrorKey } from './errors';
import type { OfficerSigner } from '../trust/officer-key';
import { Button } from '../ui';

interface KeyProblem { staffId: string; name: string; waiting: number; message: LocalizedMessage | null }

async function keyProblems(db: KioskDb): Promise<KeyProblem[]> {
  const list = await keyProblemList(db);
  const staff = await db.staff.bulkGet(list.map((p) => p.key.staffId));
  return list.map((p, i) => ({ staffId: p.key.staffId, name: staff[i]?.name ?? p.key.staffId, waiting: p.waiting, message: p.key.failure?.message ?? null }));
}

export function Attention({ staffId, signer, onOpen, onSignInAgain }: {
  staffId: string; signer: OfficerSigner | null; onOpen(code: string): void;
  /** Ends the session so the officer signs in again (which makes a new signing key). */
  onSignInAgain(): void;
}) {
  const { t, i18n } = useTranslation(['counter', 'codes']);
  const { t: ts } = useTranslation('sync');
  const { db, now } = useAppServices();
  const rows = useLive(() => db.outbox.where('state').anyOf('rejected', 'conflict').sortBy('seq'), [db], [] as OutboxRow[]);
  const keys = useLive(() => keyProblems(db), [db], [] as KeyProblem[]);
  const [error, setError] = useState<ErrorKey | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'vi';

  const act = (fn: () => Promise<unknown>): void => {
    setError(null);
    fn().catch((err: unknown) => setError(errorKey(err)));
  };
  const ctx = { db, staffId, signer, now };

  return (
    <section className="counter-attention" data-testid="attention">
      <h2>{ts('attention.title')}</h2>
      {rows.length === 0 && keys.length === 0 && <p data-testid="attention-empty">{ts('attention.empty')}</p>}
      {keys.length > 0 && (
        <ul>
          {keys.map((k) => (
            <li key={k.staffId} data-testid="attention-key" data-staff={k.staffId}>
              <strong>{ts('attention.keyRefused')}</strong>
              {k.message && <p className="reason">{k.message[lang]}</p>}
              <p className="reason">{ts('attention.keyRefusedWhy', { name: k.name, count: k.waiting })}</p>
              {k.staffId === staffId && (
                <Button size="sm" variant="primary" onClick={onSignInAgain} data-testid="attention-sign-in-again">{ts('attention.signInAgain')}</Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <p role="alert">{t(error)}</p>}
      <ul>
        {rows.map((r) => (
          <li key={r.id} data-testid="attention-item" data-state={r.state} data-code={r.dossierCode ?? ''}>
            <strong>{ts(`attention.${r.state === 'conflict' ? 'conflict' : 'rejected'}`)}</strong>{' '}
            <span>{t(`mutation.${r.type}`, { defaultValue: r.type })}</span>{' '}
            {r.dossierCode && (
              <Button size="sm" variant="quiet" className="ui-mono" onClick={() => onOpen(r.dossierCode!)}>{r.dossierCode}</Button>
            )}
            {r.outcome?.message && <p className="reason">{r.outcome.message[lang]}</p>}
            <p className="todo">{t(r.state === 'conflict' ? 'attention.todoConflict' : 'attention.todoRejected')}</p>
            <div className="attention-actions">
              {r.state === 'rejected' && (
                <Button size="sm" onClick={() => act(() => retry(ctx, r.id))} data-testid="attention-retry">{ts('attention.retry')}</Button>
              )}
              <Button size="sm" onClick={() => act(() => dismiss(ctx, r.id))} data-testid="attention-dismiss">{ts('attention.dismiss')}</Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
