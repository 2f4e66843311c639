/**
 * "Needs attention" (FAILURES.md 6, 10): mutations the gateway rejected or answered with a
 * conflict, each with the gateway's reason and what the staff member can do. Nothing leaves this
 * list by itself: a person acknowledges it, or sends it again once the cause is fixed.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices } from '../app-services';
import { dismiss, retry } from '../db/actions';
import type { OutboxRow } from '../db/database';
import { useLive } from './live';
import { errorKey, type ErrorKey } from './errors';

export function Attention({ staffId, onOpen }: { staffId: string; onOpen(code: string): void }) {
  const { t, i18n } = useTranslation(['counter', 'codes']);
  const { t: ts } = useTranslation('sync');
  const { db, now } = useAppServices();
  const rows = useLive(() => db.outbox.where('state').anyOf('rejected', 'conflict').sortBy('seq'), [db], [] as OutboxRow[]);
  const [error, setError] = useState<ErrorKey | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'vi';

  const act = (fn: () => Promise<unknown>): void => {
    setError(null);
    fn().catch((err: unknown) => setError(errorKey(err)));
  };
  const ctx = { db, staffId, now };

  return (
    <section className="counter-attention" data-testid="attention">
      <h2>{ts('attention.title')}</h2>
      {rows.length === 0 && <p data-testid="attention-empty">{ts('attention.empty')}</p>}
      {error && <p role="alert">{t(error)}</p>}
      <ul>
        {rows.map((r) => (
          <li key={r.id} data-testid="attention-item" data-state={r.state} data-code={r.dossierCode ?? ''}>
            <strong>{ts(`attention.${r.state === 'conflict' ? 'conflict' : 'rejected'}`)}</strong>{' '}
            <span>{t(`mutation.${r.type}`, { defaultValue: r.type })}</span>{' '}
            {r.dossierCode && (
              <button type="button" className="link" onClick={() => onOpen(r.dossierCode!)}>{r.dossierCode}</button>
            )}
            {r.outcome?.message && <p className="reason">{r.outcome.message[lang]}</p>}
            <p className="todo">{t(r.state === 'conflict' ? 'attention.todoConflict' : 'attention.todoRejected')}</p>
            <button type="button" onClick={() => act(() => dismiss(ctx, r.id))} data-testid="attention-dismiss">{ts('attention.dismiss')}</button>
            {r.state === 'rejected' && (
              <button type="button" onClick={() => act(() => retry(ctx, r.id))} data-testid="attention-retry">{ts('attention.retry')}</button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
