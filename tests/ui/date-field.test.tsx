// @vitest-environment happy-dom
/**
 * The design system's DateField: the day in the screen's language's order whatever the browser's
 * (a native date input shows the browser's: 12/07/2026 reads as 12 July in Vietnam), typed by
 * segments; its value is the ISO day or '' while incomplete.
 */
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { DateField } from '../../src/renderer/ui';
import { renderUi } from './render';

afterEach(cleanup);

function Harness({ initial, seen }: { initial: string; seen: string[] }) {
  const [v, setV] = useState(initial);
  return <DateField label="Từ ngày" value={v} onChange={(x) => { seen.push(x); setV(x); }} data-testid="day" />;
}

const segments = () => screen.getAllByRole('spinbutton');
const shown = () => screen.getByTestId('day').querySelector('.ui-date-input')?.textContent?.replace(/[\u2066-\u2069\u200e\u200f]/g, '');

describe('DateField', () => {
  it('shows the day first in Vietnamese and the month first in English', () => {
    renderUi(<Harness initial="2026-12-07" seen={[]} />, 'vi');
    expect(shown()).toBe('07/12/2026');
    cleanup();
    renderUi(<Harness initial="2026-12-07" seen={[]} />, 'en');
    expect(shown()).toBe('12/07/2026');
  });

  it('takes a day typed digit by digit, and says nothing until it is whole', async () => {
    const seen: string[] = [];
    const { user } = renderUi(<Harness initial="" seen={seen} />, 'vi');
    expect(segments().map((s) => s.getAttribute('aria-label') ?? '')).toHaveLength(3);
    await user.click(segments()[0]!);
    await user.keyboard('0503');
    expect(seen).toEqual([]);
    await user.keyboard('2026');
    expect(seen.at(-1)).toBe('2026-03-05');
    expect(shown()).toBe('05/03/2026');
  });

  it('moves a segment with the arrows and is labelled, with its error linked', async () => {
    const seen: string[] = [];
    const { user, rerender } = renderUi(<Harness initial="2026-12-31" seen={seen} />, 'vi');
    await user.click(segments()[0]!);
    await user.keyboard('{ArrowUp}');
    expect(seen.at(-1)).toBe('2026-12-01');
    expect(screen.getByRole('group').getAttribute('aria-labelledby')).toBeTruthy();
    rerender(<DateField label="Đến ngày" value="2026-01-01" onChange={() => undefined} error="Khoảng ngày không hợp lệ" errorTestId="bad" data-testid="day" />);
    expect(screen.getByTestId('bad').textContent).toContain('Khoảng ngày không hợp lệ');
    expect(screen.getByTestId('day').hasAttribute('data-invalid')).toBe(true);
  });

  it('submits its form on Enter, with the day just typed, as a text input does', async () => {
    const submitted: string[] = [];
    function FormHarness() {
      const [v, setV] = useState('');
      return (
        <form onSubmit={(e) => { e.preventDefault(); submitted.push(v); }}>
          <DateField label="Từ ngày" value={v} onChange={setV} data-testid="day" />
        </form>
      );
    }
    const { user } = renderUi(<FormHarness />, 'vi');
    await user.click(segments()[2]!);
    await user.keyboard('{Enter}');
    expect(submitted).toEqual(['']);
    await user.click(segments()[0]!);
    await user.keyboard('05032026{Enter}');
    expect(submitted).toEqual(['', '2026-03-05']);
  });
});
