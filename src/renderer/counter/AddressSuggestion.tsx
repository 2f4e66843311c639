/**
 * The current commune of an address as printed on the card (most cards still name a district and
 * a pre-2025 commune): suggested, never written over the address. A single current commune is
 * taken unless the officer says it is wrong; several candidates (a commune split between new
 * ones, a name met in several places) wait for the officer's choice; an address that names no
 * known commune is flagged, not guessed. The units data (≈ 450 KB) is loaded on first use.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildUnitsIndex, loadUnitsData, suggestCommune, type CommuneSuggestion, type UnitRef, type UnitsIndex } from '../../shared/units';
import { Button } from '../ui';

let indexPromise: Promise<UnitsIndex> | null = null;
const unitsIndex = (): Promise<UnitsIndex> => (indexPromise ??= loadUnitsData().then(buildUnitsIndex));

function useUnitsIndex(): UnitsIndex | null {
  const [index, setIndex] = useState<UnitsIndex | null>(null);
  useEffect(() => {
    let live = true;
    void unitsIndex().then((i) => { if (live) setIndex(i); });
    return () => { live = false; };
  }, []);
  return index;
}

export function AddressSuggestion({ address, chosen, onChoose }: {
  address: string;
  /** The commune code the intake will store (null: none). */
  chosen: string | null;
  onChoose(code: string | null): void;
}) {
  const { t } = useTranslation('counter');
  const index = useUnitsIndex();
  const suggestion = useMemo<CommuneSuggestion | null>(() => (index && address.trim() !== '' ? suggestCommune(index, address) : null), [index, address]);
  const [rejected, setRejected] = useState<string | null>(null);
  const single = suggestion?.status === 'current' ? suggestion.commune : null;

  // A single current commune is taken, unless the officer said it is wrong for this address.
  useEffect(() => {
    if (single && rejected !== `${address}|${single.code}`) onChoose(single.code);
    else if (!single && suggestion?.status !== 'ambiguous') onChoose(null);
  }, [single?.code, address, rejected, suggestion?.status]);

  if (!suggestion) return null;
  const label = (u: UnitRef): string => t('intake.commune.unit', { name: u.name, code: u.code });
  if (suggestion.status === 'current') {
    const taken = chosen === suggestion.commune.code;
    return (
      <p className="hint" data-testid="commune-suggestion" data-status="current" data-code={suggestion.commune.code} data-taken={taken ? 'true' : 'false'}>
        {t(suggestion.via === 'merger' ? 'intake.commune.merged' : 'intake.commune.current', { unit: label(suggestion.commune), province: suggestion.provinceName })}{' '}
        {taken
          ? <Button size="sm" onClick={() => { setRejected(`${address}|${suggestion.commune.code}`); onChoose(null); }} data-testid="commune-reject">{t('intake.commune.reject')}</Button>
          : <Button size="sm" onClick={() => { setRejected(null); onChoose(suggestion.commune.code); }} data-testid="commune-accept">{t('intake.commune.accept')}</Button>}
      </p>
    );
  }
  if (suggestion.status === 'ambiguous') {
    return (
      <div className="warning" role="group" aria-label={t('intake.commune.choose')} data-testid="commune-suggestion" data-status="ambiguous">
        <p>{t('intake.commune.ambiguous')}</p>
        {suggestion.candidates.map((u) => (
          <Button
            size="sm" key={u.code} aria-pressed={chosen === u.code} onClick={() => onChoose(chosen === u.code ? null : u.code)}
            icon={chosen === u.code ? 'check' : undefined} data-testid="commune-candidate" data-code={u.code}
          >{label(u)}</Button>
        ))}
      </div>
    );
  }
  return <p className="warning" data-testid="commune-suggestion" data-status="unknown">{t('intake.commune.unknown')}</p>;
}
