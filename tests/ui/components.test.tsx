// @vitest-environment happy-dom
/** Fields, select, tabs, toasts and badges: their states and what assistive technology is told. */
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { statusLabel, DOSSIER_STATUS_CODES } from '../../src/shared/domain';
import {
  applyTheme, Button, Checkbox, currentTheme, Select, STATUS_ICONS, StatusBadge, SyncBadge, Tabs, TextArea, TextField, ToastProvider, useToast, MAX_TOASTS,
} from '../../src/renderer/ui';
import { ariaString } from '../../src/renderer/ui/aria-strings';
import { renderUi } from './render';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const describedText = (el: HTMLElement): string[] =>
  (el.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean).map((id) => document.getElementById(id)?.textContent ?? '');

describe('TextField', () => {
  it('links description and error with aria-describedby, and marks the input invalid', () => {
    renderUi(<TextField label="Số điện thoại" description="10 chữ số" error="Số điện thoại phải có 10 chữ số." defaultValue="09" />);
    const input = screen.getByRole('textbox', { name: 'Số điện thoại' });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(input)).toEqual(['10 chữ số', 'Số điện thoại phải có 10 chữ số.']);
  });

  it('is valid with no error, disabled, busy and required as asked', () => {
    renderUi(<>
      <TextField label="A" />
      <TextField label="B" disabled />
      <TextField label="C" busy />
      <TextField label="D" required />
    </>);
    expect(screen.getByRole('textbox', { name: 'A' }).getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'A' }).getAttribute('aria-describedby')).toBeNull();
    expect((screen.getByRole('textbox', { name: 'B' }) as HTMLInputElement).disabled).toBe(true);
    expect(screen.getByRole('textbox', { name: 'C' }).getAttribute('aria-busy')).toBe('true');
    expect((screen.getByRole('textbox', { name: /D/ }) as HTMLInputElement).required).toBe(true);
  });
});

describe('Select', () => {
  it('reports the chosen value and links its error', () => {
    const seen: string[] = [];
    function Pick() {
      const [v, setV] = useState('');
      return <Select label="Hình thức nộp" placeholder="— Chọn —" error={v === '' ? 'Hãy chọn.' : null} value={v}
        onChange={(x) => { setV(x); seen.push(x); }} options={[{ value: 'cash', label: 'Tiền mặt' }, { value: 'transfer', label: 'Chuyển khoản' }]} />;
    }
    renderUi(<Pick />);
    const select = screen.getByRole('combobox', { name: 'Hình thức nộp' });
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(select)).toEqual(['Hãy chọn.']);
    fireEvent.change(select, { target: { value: 'transfer' } });
    expect(seen).toEqual(['transfer']);
    expect(select.getAttribute('aria-invalid')).toBeNull();
  });
});

describe('Tabs', () => {
  it('shows counts and moves with the arrow keys', async () => {
    const { user } = renderUi(
      <Tabs label="Công việc hôm nay" items={[
        { id: 'today', label: 'Hôm nay', count: 12, content: <p>danh sách hôm nay</p> },
        { id: 'due', label: 'Đến hẹn trả', count: 3, content: <p>danh sách đến hẹn</p> },
        { id: 'attention', label: 'Cần xử lý', count: 1, urgent: true, content: <p>danh sách cần xử lý</p> },
      ]} data-testid="tabs" />,
    );
    expect(screen.getByRole('tablist', { name: 'Công việc hôm nay' })).toBeTruthy();
    const today = screen.getByRole('tab', { name: 'Hôm nay 12' });
    expect(today.getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').textContent).toBe('danh sách hôm nay');
    await user.tab();
    expect(document.activeElement).toBe(today);
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Đến hẹn trả 3' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel').textContent).toBe('danh sách đến hẹn');
    await user.keyboard('{End}');
    expect(screen.getByRole('tabpanel').textContent).toBe('danh sách cần xử lý');
    expect(screen.getByTestId('tabs-attention').querySelector('[data-urgent]')?.textContent).toBe('1');
  });
});

function ToastButtons() {
  const toast = useToast();
  return (
    <>
      <Button onClick={() => toast.show({ message: 'Đã lưu hồ sơ.', tone: 'success' })} data-testid="polite">ok</Button>
      <Button onClick={() => toast.show({ message: 'Không in được giấy hẹn.', tone: 'error' })} data-testid="assertive">lỗi</Button>
    </>
  );
}

describe('Toasts', () => {
  it('puts news in the polite region and errors in the assertive one, both there before any message', () => {
    renderUi(<ToastProvider><ToastButtons /></ToastProvider>);
    const polite = screen.getByRole('status');
    const assertive = screen.getByRole('alert');
    expect(polite.getAttribute('aria-live')).toBe('polite');
    expect(assertive.getAttribute('aria-live')).toBe('assertive');
    expect(screen.getByRole('region', { name: 'Thông báo' })).toBeTruthy();
    fireEvent.click(screen.getByTestId('polite'));
    fireEvent.click(screen.getByTestId('assertive'));
    expect(polite.textContent).toContain('Đã lưu hồ sơ.');
    expect(assertive.textContent).toContain('Không in được giấy hẹn.');
  });

  it('lets news go after a while, keeps errors until dismissed', () => {
    vi.useFakeTimers();
    renderUi(<ToastProvider><ToastButtons /></ToastProvider>);
    fireEvent.click(screen.getByTestId('polite'));
    fireEvent.click(screen.getByTestId('assertive'));
    act(() => { vi.advanceTimersByTime(60_000); });
    expect(screen.getByRole('status').textContent).toBe('');
    expect(screen.getByRole('alert').textContent).toContain('Không in được giấy hẹn.');
    fireEvent.click(screen.getByRole('button', { name: 'Đóng thông báo' }));
    expect(screen.getByRole('alert').textContent).toBe('');
  });
});

function ManyToasts() {
  const toast = useToast();
  return (
    <>
      <Button onClick={() => toast.show({ message: 'Mất kết nối máy chủ tỉnh.', tone: 'error' })} data-testid="same">lỗi</Button>
      <Button onClick={() => { for (let i = 1; i <= 6; i++) toast.show({ message: `Lỗi số ${i}`, tone: i === 2 ? 'success' : 'error' }); }} data-testid="many">nhiều</Button>
    </>
  );
}

describe('Toasts that repeat', () => {
  it('shows the same notice once however often it comes, and at most a few notices, dropping news first', () => {
    renderUi(<ToastProvider><ManyToasts /></ToastProvider>);
    for (let i = 0; i < 5; i++) fireEvent.click(screen.getByTestId('same'));
    expect(screen.getAllByText('Mất kết nối máy chủ tỉnh.')).toHaveLength(1);
    fireEvent.click(screen.getByTestId('many'));
    const shown = [...document.querySelectorAll('.ui-toast-message')].map((x) => x.textContent);
    expect(shown).toHaveLength(MAX_TOASTS);
    // The news (2) went first, then the oldest problems: the newest stay.
    expect(shown).toEqual(['Lỗi số 3', 'Lỗi số 4', 'Lỗi số 5', 'Lỗi số 6']);
  });
});

describe('StatusBadge', () => {
  it('shows each of the ten statuses with its official words and an icon of its own', () => {
    renderUi(<>{DOSSIER_STATUS_CODES.map((s) => <StatusBadge key={s} status={s} />)}</>);
    const badges = [...document.querySelectorAll('.ui-status')];
    expect(badges.map((b) => b.textContent)).toEqual(DOSSIER_STATUS_CODES.map((s) => statusLabel(s, 'vi')));
    expect(badges.map((b) => b.getAttribute('data-status'))).toEqual(DOSSIER_STATUS_CODES.map(String));
    expect(new Set(DOSSIER_STATUS_CODES.map((s) => STATUS_ICONS[s])).size).toBe(10);
    // The icon is decoration: the words carry the meaning.
    expect(badges.every((b) => b.querySelector('svg')?.getAttribute('aria-hidden') === 'true')).toBe(true);
  });

  it('follows the language, and names an unknown code', () => {
    renderUi(<><StatusBadge status={9} /><StatusBadge status={42} /></>, 'en');
    expect(screen.getByText('Result ready')).toBeTruthy();
    expect(document.querySelector('[data-status="unknown"]')?.textContent).toBe('Unknown status (42)');
  });
});

describe('SyncBadge', () => {
  it('shows the state, the backlog and its age in the words given', () => {
    renderUi(<SyncBadge state="offline" label="Mất kết nối máy chủ tỉnh" backlog={3} backlogLabel="3 thao tác chờ gửi" age="từ 10:42" stale data-testid="sync" />);
    const badge = screen.getByTestId('sync');
    expect(badge.textContent).toBe('Mất kết nối máy chủ tỉnh3 thao tác chờ gửitừ 10:42');
    expect(badge.dataset).toMatchObject({ state: 'offline', backlog: '3', stale: 'true' });
  });
});

describe('themes', () => {
  it('switches with data-theme on the root', () => {
    expect(currentTheme()).toBe('light');
    applyTheme('high-contrast');
    expect(document.documentElement.getAttribute('data-theme')).toBe('high-contrast');
    expect(currentTheme()).toBe('high-contrast');
    applyTheme('light');
  });
});

describe("the library's announcements", () => {
  it('come from the ui namespace in Vietnamese and English', () => {
    expect(ariaString('@react-aria/combobox', 'countAnnouncement', { optionCount: 3 }, 'vi-VN')).toBe('Có 3 lựa chọn.');
    expect(ariaString('@react-aria/combobox', 'countAnnouncement', { optionCount: 1 }, 'en-US')).toBe('1 option available.');
    expect(ariaString('@react-aria/table', 'ascendingSort', { columnName: 'Mã hồ sơ' }, 'vi-VN')).toBe('đã sắp xếp theo cột Mã hồ sơ, tăng dần');
    expect(ariaString('@react-aria/combobox', 'focusAnnouncement', { optionText: 'Đăng ký khai sinh', isSelected: true }, 'vi-VN')).toBe('Đăng ký khai sinh, đã chọn');
    // A part we do not use keeps the library's English.
    expect(ariaString('@react-aria/dnd', 'dragItem', { itemText: 'x' }, 'vi-VN')).toBe('Drag x');
  });
});

describe('TextArea', () => {
  it('is labelled, links its description and error, and marks itself invalid', () => {
    renderUi(<TextArea label="Giấy tờ cần bổ sung" description="Mỗi giấy tờ một dòng" error="Hãy ghi ít nhất một giấy tờ." defaultValue="" />);
    const area = screen.getByRole('textbox', { name: 'Giấy tờ cần bổ sung' });
    expect(area.tagName).toBe('TEXTAREA');
    expect(area.getAttribute('aria-invalid')).toBe('true');
    expect(describedText(area)).toEqual(['Mỗi giấy tờ một dòng', 'Hãy ghi ít nhất một giấy tờ.']);
  });
});

describe('Checkbox', () => {
  it('toggles from its label and with Space, reports the new state, and stays still when disabled', async () => {
    const seen: boolean[] = [];
    const { user } = renderUi(<>
      <Checkbox checked={false} onChange={(c) => seen.push(c)} description="Chưa nhận">Giấy chứng sinh</Checkbox>
      <Checkbox checked disabled onChange={(c) => seen.push(c)}>Tờ khai</Checkbox>
    </>);
    const box = screen.getByRole('checkbox', { name: 'Giấy chứng sinh' });
    expect(describedText(box)).toEqual(['Chưa nhận']);
    await user.click(screen.getByText('Giấy chứng sinh'));
    box.focus();
    await user.keyboard(' ');
    await user.click(screen.getByRole('checkbox', { name: 'Tờ khai' }));
    expect(seen).toEqual([true, true]);
  });
});
