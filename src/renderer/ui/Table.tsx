/**
 * A dense data table: sortable columns (click or Enter on the header; `aria-sort` set), rows
 * reached with the arrow keys and opened with Enter or a click (`onRowAction`). Grid keyboard
 * behaviour and announcements come from React Aria's Table; the look is ours. Rows are sorted
 * here by each column's `sortValue` (text in Vietnamese collation, numbers as numbers).
 */
import { useMemo, useState, type ReactNode } from 'react';
import { Cell, Column, Row, Table as AriaTable, TableBody, TableHeader, type SortDescriptor } from 'react-aria-components';
import { Icon, Spinner } from './icons';
import { LOCALES, UiLocale, useUiLang } from './locale';

export type SortDirection = 'ascending' | 'descending';
export interface TableSort { column: string; direction: SortDirection }

export interface TableColumn<T> {
  id: string;
  label: string;
  /** The cell's content. */
  cell(row: T): ReactNode;
  /** What the column sorts by; a column without one is not sortable. */
  sortValue?(row: T): string | number | null;
  /** The column that names the row for a screen reader (one per table; the first column by default). */
  rowHeader?: boolean;
  align?: 'start' | 'end';
  /** A CSS width ("12rem", "30%"). */
  width?: string;
}

export interface TableProps<T> {
  /** The table's accessible name (or `labelledBy`, the id of a visible heading). */
  label?: string;
  labelledBy?: string;
  columns: readonly TableColumn<T>[];
  rows: readonly T[];
  rowKey(row: T): string;
  /** The sort in force (controlled); or `defaultSort` to let the table keep it. */
  sort?: TableSort | null;
  defaultSort?: TableSort | null;
  onSortChange?(sort: TableSort): void;
  /** Enter or a click on a row. */
  onRowAction?(key: string, row: T): void;
  /** Shown as the only row when there are none. */
  emptyText: string;
  busy?: boolean;
  className?: string;
  'data-testid'?: string;
  /** `data-testid` of every row (each also carries `data-key`). */
  rowTestId?: string;
}

function compare(a: string | number | null, b: string | number | null, collator: Intl.Collator): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

export function Table<T extends object>({
  label, labelledBy, columns, rows, rowKey, sort, defaultSort = null, onSortChange, onRowAction, emptyText, busy = false,
  className, 'data-testid': testId, rowTestId,
}: TableProps<T>) {
  const lang = useUiLang();
  const [ownSort, setOwnSort] = useState<TableSort | null>(defaultSort);
  const active = sort !== undefined ? sort : ownSort;
  const collator = useMemo(() => new Intl.Collator(LOCALES[lang], { numeric: true, sensitivity: 'base' }), [lang]);

  const sorted = useMemo(() => {
    const col = active ? columns.find((c) => c.id === active.column) : undefined;
    if (!active || !col?.sortValue) return [...rows];
    const by = col.sortValue;
    const sign = active.direction === 'ascending' ? 1 : -1;
    return rows.map((r, i) => ({ r, i, v: by(r) }))
      .sort((x, y) => sign * compare(x.v, y.v, collator) || x.i - y.i)
      .map((x) => x.r);
  }, [rows, columns, active, collator]);

  const byKey = useMemo(() => new Map(rows.map((r) => [rowKey(r), r])), [rows, rowKey]);
  const headerIndex = Math.max(0, columns.findIndex((c) => c.rowHeader));

  const changeSort = (d: SortDescriptor): void => {
    const next: TableSort = { column: String(d.column), direction: d.direction };
    if (sort === undefined) setOwnSort(next);
    onSortChange?.(next);
  };

  return (
    <UiLocale>
      <div className={`ui-table-wrap${className ? ` ${className}` : ''}`} aria-busy={busy || undefined} data-busy={busy || undefined} data-testid={testId}>
        <AriaTable
          className="ui-table"
          aria-label={labelledBy ? undefined : label}
          aria-labelledby={labelledBy}
          sortDescriptor={active ? { column: active.column, direction: active.direction } : undefined}
          onSortChange={changeSort}
          onRowAction={onRowAction ? (key) => { const row = byKey.get(String(key)); if (row) onRowAction(String(key), row); } : undefined}
          data-actionable={onRowAction ? true : undefined}
        >
          <TableHeader className="ui-thead">
            {columns.map((c, i) => (
              <Column
                key={c.id} id={c.id} isRowHeader={i === headerIndex} allowsSorting={Boolean(c.sortValue)}
                className="ui-th" data-align={c.align ?? 'start'} style={c.width ? { width: c.width } : undefined}
              >
                {({ allowsSorting, sortDirection }) => (
                  <span className="ui-th-inner">
                    {c.label}
                    {allowsSorting && (
                      <Icon
                        name={sortDirection === 'ascending' ? 'sort-up' : sortDirection === 'descending' ? 'sort-down' : 'sort-none'}
                        className={`ui-sort-icon${sortDirection ? ' ui-sort-active' : ''}`}
                      />
                    )}
                  </span>
                )}
              </Column>
            ))}
          </TableHeader>
          <TableBody className="ui-tbody" renderEmptyState={() => <div className="ui-table-empty">{emptyText}</div>}>
            {sorted.map((row) => {
              const key = rowKey(row);
              return (
                <Row key={key} id={key} className="ui-tr" data-testid={rowTestId} data-key={key}>
                  {columns.map((c) => <Cell key={c.id} className="ui-td" data-align={c.align ?? 'start'}>{c.cell(row)}</Cell>)}
                </Row>
              );
            })}
          </TableBody>
        </AriaTable>
        {busy && <div className="ui-table-busy"><Spinner /></div>}
      </div>
    </UiLocale>
  );
}
