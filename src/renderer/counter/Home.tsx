/**
 * The counter's home is today's worklist: due today, overdue (with days late), ready to hand
 * back, awaiting supplements, fees unpaid — counts on the tabs, each a dense sortable table
 * (arrows move, Enter or a click opens; a scan opens from anywhere) — then the recently changed
 * dossiers. Above it, one box finds a dossier by code, name (diacritics optional), 12-digit ID
 * number or phone (F3), and the way into a new intake (F2).
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { compiledPatterns, type DeviceIdentity, type ProvinceSettings } from '../../shared/protocol';
import { Button, StatusBadge, Table, Tabs, Kbd, type TableColumn } from '../ui';
import { useAppServices } from '../app-services';
import { META, type DossierRow } from '../db/database';
import { attentionList, keyProblemList } from '../db/outbox';
import { formatShortTime } from './format';
import { useLive } from './live';
import { classifyQuery, resolveCode, searchDossiers } from './search';
import { loadWorklist, WORKLIST_TABS, type WorkItem, type Worklist, type WorklistTab } from './worklist';

const RECENT = 20;

function useColumns(withLate: boolean): TableColumn<WorkItem>[] {
  const { t } = useTranslation('counter');
  const cols: TableColumn<WorkItem>[] = [
    { id: 'code', label: t('work.col.code'), cell: (w) => <strong className="ui-mono">{w.row.code}</strong>, sortValue: (w) => w.row.code, rowHeader: true, width: '17rem' },
    { id: 'applicant', label: t('work.col.applicant'), cell: (w) => <span className="nowrap">{w.row.applicant.name}</span>, sortValue: (w) => w.row.applicant.name },
    { id: 'procedure', label: t('work.col.procedure'), cell: (w) => w.row.procedureName, sortValue: (w) => w.row.procedureName },
    { id: 'status', label: t('work.col.status'), cell: (w) => <StatusBadge status={w.row.status} size="sm" />, sortValue: (w) => w.row.status },
    { id: 'appointment', label: t('work.col.appointment'), cell: (w) => <span className="nowrap">{formatShortTime(w.row.appointmentAt)}</span>, sortValue: (w) => Date.parse(w.row.appointmentAt) },
  ];
  if (withLate) cols.push({ id: 'late', label: t('work.col.late'), cell: (w) => t('work.daysLate', { count: w.daysLate }), sortValue: (w) => w.daysLate, align: 'end' });
  return cols;
}

function WorkTable({ items, label, onOpen, late = false, testId, emptyText }: {
  items: readonly WorkItem[]; label: string; onOpen(code: string): void; late?: boolean; testId: string; emptyText: string;
}) {
  const columns = useColumns(late);
  return (
    <Table
      label={label} columns={columns} rows={items} rowKey={(w) => w.row.code} onRowAction={(code) => onOpen(code)}
      defaultSort={late ? { column: 'late', direction: 'descending' } : { column: 'appointment', direction: 'ascending' }}
      emptyText={emptyText} data-testid={testId} rowTestId="dossier-row"
    />
  );
}

const asItems = (rows: readonly DossierRow[]): WorkItem[] => rows.map((row) => ({ row, daysLate: 0 }));

export function Home({ onOpen, onIntake, focusSearch = 0, attention }: {
  onOpen(code: string): void;
  onIntake(): void;
  /** The sync's "needs attention" list (Attention.tsx), shown as the worklist's last tab with its count. */
  attention?: ReactNode;
  /** Set at sign-in and changed when the officer presses F3 (handled by the workspace on every screen): focus the search. 0: leave the focus alone. */
  focusSearch?: number;
}) {
  const { t } = useTranslation('counter');
  const { db, now, sync } = useAppServices();
  const work = useLive<Worklist | null>(() => loadWorklist(db, now()), [db], null);
  const recent = useLive(() => db.dossiers.orderBy('updatedAt').reverse().limit(RECENT).toArray(), [db], [] as DossierRow[]);
  // Actions the gateway refused or answered with a conflict, and officers whose key it refused.
  const attentionCount = useLive(async () => (await attentionList(db)).length + (await keyProblemList(db)).length, [db], 0);
  // Until the officer picks a tab, the first list with something in it is shown.
  const [picked, setPicked] = useState<WorklistTab | 'recent' | 'attention' | null>(null);
  const tab = picked ?? WORKLIST_TABS.find((id) => (work?.[id].length ?? 0) > 0) ?? (work ? 'recent' : 'due');
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<DossierRow[] | null>(null);
  const [searching, setSearching] = useState(false);
  const search = useRef<HTMLInputElement | null>(null);
  useEffect(() => {
    if (focusSearch === 0) return;
    search.current?.focus();
    search.current?.select();
  }, [focusSearch]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (query.trim() === '') return;
    setSearching(true);
    void (async () => {
      // The province's own code shapes and old agency codes (its settings, from the feed), read
      // as the search runs: a typed code is read as a scanned one is.
      const province = await db.getMeta<ProvinceSettings>(META.province);
      const patterns = compiledPatterns(province);
      const q = classifyQuery(query, patterns);
      // A code not held here may be in the archive still coming (resolveCode asks the gateway), or
      // printed with an agency code the 2025 merger closed.
      if (q.kind === 'code') {
        const found = await resolveCode(db, sync, q.value, province?.agencyAliases ?? []);
        if (found !== null) return { open: found };
      }
      const identity = await db.getMeta<DeviceIdentity>(META.identity);
      return { rows: await searchDossiers(db, query, identity?.idSalt ?? null, patterns) };
    })().then((r) => {
      setSearching(false);
      if ('open' in r && r.open) onOpen(r.open);
      else setResults(r.rows ?? []);
    }, () => {
      setSearching(false);
      setResults([]);
    });
  };

  const tabs = [
    ...WORKLIST_TABS.map((id) => ({
      id, label: t(`work.tab.${id}`), count: work?.[id].length ?? 0, urgent: id === 'overdue',
      content: <WorkTable items={work?.[id] ?? []} label={t(`work.tab.${id}`)} onOpen={onOpen} late={id === 'overdue'} testId={`work-${id}`} emptyText={t(`work.empty.${id}`)} />,
    })),
    ...(attention ? [{ id: 'attention', label: t('work.tab.attention'), count: attentionCount, urgent: attentionCount > 0, content: attention }] : []),
    {
      id: 'recent', label: t('home.recent'),
      content: <WorkTable items={asItems(recent)} label={t('home.recent')} onOpen={onOpen} testId="recent" emptyText={t('home.noRecent')} />,
    },
  ];

  return (
    <section className="counter-home" data-testid="home">
      <p className="hint">{t('home.scanHint')}</p>
      <form onSubmit={submit} className="search" role="search">
        <label>
          <span className="ui-label">{t('home.searchLabel')} <Kbd shortcut="F3" /></span>
          <input ref={search} className="ui-input" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('home.searchPlaceholder')} autoComplete="off" data-testid="search" />
        </label>
        <Button type="submit" busy={searching} data-testid="search-go">{t('home.search')}</Button>
        <Button variant="primary" shortcut="F2" onClick={onIntake} data-testid="new-intake">{t('home.newIntake')}</Button>
      </form>
      {results !== null && (
        <div data-testid="search-results-box">
          <h2 id="search-results-title">{t('home.results', { count: results.length })}</h2>
          <WorkTable items={asItems(results)} label={t('home.results', { count: results.length })} onOpen={onOpen} testId="search-results" emptyText={t('work.empty.search')} />
        </div>
      )}
      <Tabs label={t('work.title')} items={tabs} selected={tab} onSelectionChange={(id) => setPicked(id as WorklistTab | 'recent' | 'attention')} data-testid="worklist" />
    </section>
  );
}
