// @vitest-environment happy-dom
/** The table by keyboard: sort from the header with Enter, move between rows with the arrows,
 * open a row with Enter or a click. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { StatusBadge, Table, type TableColumn } from '../../src/renderer/ui';
import { renderUi } from './render';

afterEach(cleanup);

interface Row { code: string; name: string; status: number; received: number }
const ROWS: Row[] = [
  { code: 'H56-260305-0002', name: 'Đặng Thị Huệ', status: 4, received: 2 },
  { code: 'H56-260305-0001', name: 'Nguyễn Văn An', status: 9, received: 1 },
  { code: 'H56-260305-0003', name: 'Bùi Minh Châu', status: 5, received: 3 },
];
const COLUMNS: TableColumn<Row>[] = [
  { id: 'code', label: 'Mã hồ sơ', cell: (r) => r.code, sortValue: (r) => r.code, rowHeader: true },
  { id: 'name', label: 'Người nộp', cell: (r) => r.name, sortValue: (r) => r.name },
  { id: 'status', label: 'Trạng thái', cell: (r) => <StatusBadge status={r.status} size="sm" /> },
  { id: 'received', label: 'Ngày nhận', cell: (r) => String(r.received), sortValue: (r) => r.received, align: 'end' },
];

const codes = (): string[] => screen.getAllByTestId('row').map((r) => r.getAttribute('data-key') ?? '');

function setup(onOpen?: (key: string, row: Row) => void) {
  return renderUi(
    <Table label="Hồ sơ hôm nay" columns={COLUMNS} rows={ROWS} rowKey={(r) => r.code} onRowAction={onOpen}
      emptyText="Chưa có hồ sơ." rowTestId="row" defaultSort={{ column: 'received', direction: 'descending' }} />,
  );
}

describe('Table', () => {
  it('is a labelled grid with a row header per row and the sort in force marked', () => {
    setup();
    const grid = screen.getByRole('grid', { name: 'Hồ sơ hôm nay' });
    expect(within(grid).getAllByRole('rowheader').map((c) => c.textContent)).toEqual(['H56-260305-0003', 'H56-260305-0002', 'H56-260305-0001']);
    expect(screen.getByRole('columnheader', { name: /Ngày nhận/ }).getAttribute('aria-sort')).toBe('descending');
    expect(screen.getByRole('columnheader', { name: /Trạng thái/ }).getAttribute('aria-sort')).toBeNull();
    expect(within(grid).getAllByText('Đang xử lý').length).toBe(1);
  });

  it('sorts by keyboard: Enter on a header sorts ascending, again descending; Vietnamese collation for names', async () => {
    const { user } = setup();
    await user.tab();
    // Focus enters the grid on its first row; ↑ reaches the header row, ← / → move between headers.
    await user.keyboard('{ArrowUp}');
    const codeHeader = screen.getByRole('columnheader', { name: /Mã hồ sơ/ });
    expect(document.activeElement).toBe(codeHeader);
    await user.keyboard('{ArrowRight}');
    const nameHeader = screen.getByRole('columnheader', { name: /Người nộp/ });
    expect(document.activeElement).toBe(nameHeader);
    await user.keyboard('{Enter}');
    expect(nameHeader.getAttribute('aria-sort')).toBe('ascending');
    // Bùi < Đặng < Nguyễn (Đ after D in Vietnamese order)
    expect(codes()).toEqual(['H56-260305-0003', 'H56-260305-0002', 'H56-260305-0001']);
    await user.keyboard('{Enter}');
    expect(nameHeader.getAttribute('aria-sort')).toBe('descending');
    expect(codes()).toEqual(['H56-260305-0001', 'H56-260305-0002', 'H56-260305-0003']);
    await user.keyboard('{ArrowLeft}{Enter}');
    expect(codeHeader.getAttribute('aria-sort')).toBe('ascending');
    expect(codes()).toEqual(['H56-260305-0001', 'H56-260305-0002', 'H56-260305-0003']);
  });

  it('moves between rows with the arrows and opens one with Enter', async () => {
    const opened: string[] = [];
    const { user } = setup((key, row) => opened.push(`${key}:${row.name}`));
    await user.tab();
    const rows = screen.getAllByTestId('row');
    expect(document.activeElement).toBe(rows[0]);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(rows[1]);
    await user.keyboard('{Enter}');
    expect(opened).toEqual(['H56-260305-0002:Đặng Thị Huệ']);
  });

  it('opens a row on click', async () => {
    const opened: string[] = [];
    const { user } = setup((key) => opened.push(key));
    await user.click(screen.getByText('Nguyễn Văn An'));
    expect(opened).toEqual(['H56-260305-0001']);
  });

  it('sorts by pointer too', async () => {
    const { user } = setup();
    await user.click(screen.getByRole('columnheader', { name: /Mã hồ sơ/ }));
    expect(codes()).toEqual(['H56-260305-0001', 'H56-260305-0002', 'H56-260305-0003']);
  });

  it('says when there are no rows, and marks itself busy', () => {
    renderUi(<Table label="Trống" columns={COLUMNS} rows={[]} rowKey={(r) => r.code} emptyText="Chưa có hồ sơ." busy data-testid="t" />);
    expect(screen.getByRole('grid').textContent).toContain('Chưa có hồ sơ.');
    expect(screen.getByTestId('t').getAttribute('aria-busy')).toBe('true');
  });

  it('names its sort in the ui namespace for screen readers (Vietnamese)', () => {
    setup();
    const header = screen.getByRole('columnheader', { name: /Người nộp/ });
    const description = (header.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent).join(' ');
    expect(description).toContain('cột có thể sắp xếp');
  });
});
