/** Picks the procedure from the catalog: type part of its name (diacritics optional) or its code. */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../shared/protocol';
import { searchProcedures } from './search';

const SHOWN = 12;

export function ProcedurePicker({ procedures, chosen, onChoose }: {
  procedures: readonly Procedure[];
  chosen: Procedure | null;
  onChoose(p: Procedure | null): void;
}) {
  const { t } = useTranslation('counter');
  const [query, setQuery] = useState('');
  const hits = useMemo(() => searchProcedures(procedures, query, SHOWN), [procedures, query]);

  if (chosen) {
    return (
      <div className="procedure-chosen" data-testid="procedure-chosen" data-code={chosen.code}>
        <strong>{chosen.name}</strong> <small>({chosen.code})</small>{' '}
        <span>{t('intake.processingDays', { count: chosen.processingDays })}</span>{' '}
        <button type="button" onClick={() => onChoose(null)} data-testid="procedure-change">{t('intake.changeProcedure')}</button>
      </div>
    );
  }
  return (
    <div className="procedure-picker">
      <label>
        {t('intake.procedureSearch')}{' '}
        <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('intake.procedurePlaceholder')} data-testid="procedure-search" />
      </label>
      {hits.length === 0 && <p data-testid="procedure-none">{t('intake.noProcedure')}</p>}
      <ul data-testid="procedure-results">
        {hits.map((p) => (
          <li key={p.code}>
            <button type="button" onClick={() => onChoose(p)} data-testid="procedure-option" data-code={p.code}>
              {p.name} <small>({p.code} · {p.field})</small>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
