/**
 * Picks the procedure from the catalog, as a combobox (WAI-ARIA 1.2 pattern): type part of its
 * name (diacritics optional) or its code, ↓/↑ move through the matches, Enter takes the active
 * one (and never submits the intake), Escape clears; a click takes one too.
 */
import { useMemo, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Procedure } from '../../shared/protocol';
import { searchProcedures } from './search';
import { Button } from '../ui';
import { FieldHelp, useFieldIds } from '../ui/field';

const SHOWN = 12;

export function ProcedurePicker({ procedures, chosen, onChoose, inputRef, error = null }: {
  procedures: readonly Procedure[];
  chosen: Procedure | null;
  onChoose(p: Procedure | null): void;
  /** Why the intake cannot be saved yet (no procedure chosen), shown as every field's error is. */
  error?: string | null;
  /** The search box, for the intake to put the focus in it after a card scan. */
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation('counter');
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const hits = useMemo(() => searchProcedures(procedures, query, SHOWN), [procedures, query]);
  const open = hits.length > 0;
  const current = open ? Math.min(active, hits.length - 1) : -1;
  const ids = useFieldIds('procedure-search', { label: '', error });

  if (chosen) {
    return (
      <div className="procedure-chosen" data-testid="procedure-chosen" data-code={chosen.code}>
        <strong>{chosen.name}</strong> <small>({chosen.code})</small>{' '}
        <span>{t('intake.processingDays', { count: chosen.processingDays })}</span>{' '}
        <Button size="sm" onClick={() => { setQuery(''); onChoose(null); }} data-testid="procedure-change">{t('intake.changeProcedure')}</Button>
      </div>
    );
  }

  const keyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (hits.length > 0) setActive((a) => (Math.min(a, hits.length - 1) + (e.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length);
    } else if (e.key === 'Enter') {
      // Enter in the search box chooses; it must not submit the intake half-filled.
      e.preventDefault();
      const p = query.trim() !== '' ? hits[current] : undefined;
      if (p) onChoose(p);
    } else if (e.key === 'Escape' && query !== '') {
      e.preventDefault();
      setQuery('');
    }
  };

  return (
    <div className="procedure-picker">
      <label htmlFor="procedure-search" className="ui-label">{t('intake.procedureSearch')}</label>
      <input
        ref={inputRef} id={ids.id} className="ui-input" role="combobox" aria-expanded={open} aria-controls="procedure-results" aria-autocomplete="list"
        aria-invalid={error ? true : undefined} aria-describedby={ids.describedBy}
        aria-activedescendant={current >= 0 ? `procedure-option-${current}` : undefined}
        value={query} onChange={(e) => { setQuery(e.target.value); setActive(0); }} onKeyDown={keyDown}
        placeholder={t('intake.procedurePlaceholder')} autoComplete="off" data-testid="procedure-search"
      />
      <FieldHelp errorId={ids.errorId} error={error} errorTestId="procedure-error" />
      {query.trim() !== '' && hits.length === 0 && <p data-testid="procedure-none">{t('intake.noProcedure')}</p>}
      {query.trim() === '' && procedures.length > hits.length && (
        // The list shows the first ones; the others are one search away, and the officer is told so.
        <p className="ui-description" data-testid="procedure-more">{t('intake.moreProcedures', { count: procedures.length - hits.length })}</p>
      )}
      <ul id="procedure-results" role="listbox" aria-label={t('intake.procedureSearch')} data-testid="procedure-results">
        {hits.map((p, i) => (
          <li
            key={p.code} id={`procedure-option-${i}`} role="option" aria-selected={i === current}
            onClick={() => onChoose(p)} onMouseDown={(e) => e.preventDefault()} data-testid="procedure-option" data-code={p.code}
            className={i === current ? 'active' : undefined}
          >
            {p.name} <small>({p.code} · {p.field})</small>
          </li>
        ))}
      </ul>
    </div>
  );
}
