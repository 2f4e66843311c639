/**
 * The counter's home: scan anything or type in one box — a dossier code, a name
 * (diacritics optional), a 12-digit ID number or a phone number — plus the recently changed
 * dossiers and the way into a new intake.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { statusLabel } from '../../shared/domain';
import type { DeviceIdentity } from '../../shared/protocol';
import { useAppServices } from '../app-services';
import { META, type DossierRow } from '../db/database';
import { formatTime } from './format';
import { useLive } from './live';
import { classifyQuery, searchDossiers } from './search';

const RECENT = 10;

export function DossierList({ rows, onOpen, testId }: { rows: readonly DossierRow[]; onOpen(code: string): void; testId: string }) {
  const { i18n } = useTranslation('counter');
  const lang = i18n.language === 'en' ? 'en' : 'vi';
  return (
    <ul className="dossier-list" data-testid={testId}>
      {rows.map((d) => (
        <li key={d.code}>
          <button type="button" className="link" onClick={() => onOpen(d.code)} data-testid="dossier-row" data-code={d.code}>
            <strong>{d.code}</strong> · {d.applicant.name} · {d.procedureName} · {statusLabel(d.status, lang)} · {formatTime(lang, d.receivedAt)}
          </button>
        </li>
      ))}
    </ul>
  );
}

export function Home({ onOpen, onIntake }: { onOpen(code: string): void; onIntake(): void }) {
  const { t } = useTranslation('counter');
  const { db } = useAppServices();
  const recent = useLive(() => db.dossiers.orderBy('updatedAt').reverse().limit(RECENT).toArray(), [db], [] as DossierRow[]);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<DossierRow[] | null>(null);
  const [searching, setSearching] = useState(false);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const q = classifyQuery(query);
    if (q.kind === 'empty') return;
    setSearching(true);
    void (async () => {
      if (q.kind === 'code' && await db.dossiers.get(q.value)) return { open: q.value };
      const identity = await db.getMeta<DeviceIdentity>(META.identity);
      return { rows: await searchDossiers(db, query, identity?.idSalt ?? null) };
    })().then((r) => {
      setSearching(false);
      if ('open' in r && r.open) onOpen(r.open);
      else setResults(r.rows ?? []);
    }, () => {
      setSearching(false);
      setResults([]);
    });
  };

  return (
    <section className="counter-home" data-testid="home">
      <p className="hint">{t('home.scanHint')}</p>
      <form onSubmit={submit} className="search">
        <label>
          {t('home.searchLabel')}{' '}
          <input value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('home.searchPlaceholder')} autoComplete="off" data-testid="search" />
        </label>
        <button type="submit" disabled={searching} data-testid="search-go">{t('home.search')}</button>
        <button type="button" className="primary" onClick={onIntake} data-testid="new-intake">{t('home.newIntake')}</button>
      </form>
      {results !== null && (
        <div data-testid="search-results-box">
          <h2>{t('home.results', { count: results.length })}</h2>
          <DossierList rows={results} onOpen={onOpen} testId="search-results" />
        </div>
      )}
      <h2>{t('home.recent')}</h2>
      {recent.length === 0 ? <p>{t('home.noRecent')}</p> : <DossierList rows={recent} onOpen={onOpen} testId="recent" />}
    </section>
  );
}
