// @vitest-environment happy-dom
/** The combobox by keyboard: typing without diacritics filters, arrows move, Enter chooses, Escape closes. */
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import { Combobox } from '../../src/renderer/ui';
import { matchesLoosely } from '../../src/renderer/ui/filter';
import { PROCEDURES, renderUi } from './render';

afterEach(cleanup);

function Picker({ onChange }: { onChange?(id: string | null): void }) {
  const [value, setValue] = useState<string | null>(null);
  return (
    <>
      <Combobox
        label="Thủ tục" description="Gõ tên thủ tục" emptyText="Không có thủ tục nào khớp." options={PROCEDURES}
        value={value} onChange={(id) => { setValue(id); onChange?.(id); }} data-testid="picker"
      />
      <output data-testid="chosen">{value ?? ''}</output>
    </>
  );
}

const optionLabels = (): string[] => within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.querySelector('.ui-option-label')?.textContent ?? '');

describe('matchesLoosely', () => {
  it('ignores diacritics, case and word order; đ matches d', () => {
    expect(matchesLoosely('Đăng ký khai sinh', 'khai sinh')).toBe(true);
    expect(matchesLoosely('Đăng ký khai sinh', 'dang ky khai sinh')).toBe(true);
    expect(matchesLoosely('Đăng ký khai sinh', 'DANG')).toBe(true);
    expect(matchesLoosely('Đăng ký khai sinh', 'sinh khai')).toBe(true);
    expect(matchesLoosely('đ Đ', 'd d')).toBe(true);
    expect(matchesLoosely('Đăng ký khai sinh', 'khai tu')).toBe(false);
    expect(matchesLoosely('Đăng ký khai sinh', '   ')).toBe(true);
  });
});

describe('Combobox', () => {
  it('is a labelled combobox with its description linked', () => {
    renderUi(<Picker />);
    const input = screen.getByRole('combobox', { name: 'Thủ tục' });
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toContain('Gõ tên thủ tục');
  });

  it('filters as one types without diacritics, moves with the arrows and chooses with Enter', async () => {
    const chosen: (string | null)[] = [];
    const { user } = renderUi(<Picker onChange={(id) => chosen.push(id)} />);
    const input = screen.getByRole('combobox');
    await user.click(input);
    await user.keyboard('khai sinh');
    expect(optionLabels()).toEqual(['Đăng ký khai sinh']);

    await user.clear(input);
    await user.keyboard('dang ky');
    expect(optionLabels()).toEqual(['Đăng ký khai sinh', 'Đăng ký kết hôn', 'Đăng ký khai tử', 'Đăng ký thường trú']);
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const active = document.getElementById(input.getAttribute('aria-activedescendant') ?? '');
    expect(active?.textContent).toContain('Đăng ký kết hôn');
    await user.keyboard('{Enter}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(screen.getByTestId('chosen').textContent).toBe('1.000894');
    expect((input as HTMLInputElement).value).toBe('Đăng ký kết hôn');
    expect(chosen).toEqual(['1.000894']);
  });

  it('finds by code and by the detail line', async () => {
    const { user } = renderUi(<Picker />);
    await user.click(screen.getByRole('combobox'));
    await user.keyboard('2.000908');
    expect(optionLabels()).toEqual(['Chứng thực bản sao từ bản chính giấy tờ, văn bản']);
    await user.clear(screen.getByRole('combobox'));
    await user.keyboard('cu tru');
    expect(optionLabels()).toEqual(['Đăng ký thường trú']);
  });

  it('says so when nothing matches', async () => {
    const { user } = renderUi(<Picker />);
    await user.click(screen.getByRole('combobox'));
    await user.keyboard('xyz');
    expect(screen.getByRole('listbox').textContent).toContain('Không có thủ tục nào khớp.');
  });

  it('closes with Escape and keeps focus in the field', async () => {
    const { user } = renderUi(<Picker />);
    const input = screen.getByRole('combobox');
    await user.click(input);
    await user.keyboard('hon');
    expect(screen.getByRole('listbox')).toBeTruthy();
    expect(input.getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(input);
    expect(screen.getByTestId('chosen').textContent).toBe('');
  });

  it('opens the whole list with ArrowDown, also after a choice', async () => {
    const { user } = renderUi(<Picker />);
    await user.click(screen.getByRole('combobox'));
    await user.keyboard('{ArrowDown}');
    expect(optionLabels()).toHaveLength(PROCEDURES.length);
    await user.keyboard('{Enter}');
    expect(screen.getByTestId('chosen').textContent).toBe(PROCEDURES[0]?.id);
    await user.keyboard('{ArrowDown}');
    expect(optionLabels()).toHaveLength(PROCEDURES.length);
  });

  it('links its error with aria-describedby and marks the input invalid', () => {
    renderUi(<Combobox label="Thủ tục" emptyText="—" options={PROCEDURES} value={null} onChange={() => undefined} error="Hãy chọn một thủ tục." />);
    const input = screen.getByRole('combobox');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const described = (input.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent);
    expect(described).toContain('Hãy chọn một thủ tục.');
  });

  it('leaves the rest of the page visible to assistive technology while the list is open', async () => {
    const { user } = renderUi(<><Picker /><button type="button">Lưu</button></>);
    await user.click(screen.getByRole('combobox'));
    await user.keyboard('khai');
    expect(screen.getByRole('listbox')).toBeTruthy();
    expect(document.querySelectorAll('[aria-hidden="true"]:not(svg):not([hidden])').length).toBe(0);
    expect(screen.getByRole('button', { name: 'Lưu' })).toBeTruthy();
    await user.keyboard('{Escape}');
    expect(document.querySelector('[data-react-aria-top-layer]')).toBeNull();
  });

  it("announces in Vietnamese: the list's name comes from the ui namespace", async () => {
    const { user } = renderUi(<Picker />);
    await user.click(screen.getByRole('combobox'));
    await user.keyboard('khai');
    const listbox = screen.getByRole('listbox');
    const names = (listbox.getAttribute('aria-labelledby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? listbox.getAttribute('aria-label'));
    expect([listbox.getAttribute('aria-label'), ...names].join(' ')).toContain('Gợi ý');
  });
});
