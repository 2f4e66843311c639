// @vitest-environment happy-dom
/** Shortcuts: the hook fires, the button shows its key and is pressed by it, and the rules that
 * keep keys predictable (not on auto-repeat, not while disabled or busy or hidden, not letters in
 * a text field, the latest registration wins). */
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { Button, formatShortcut, parseShortcut, TextField, useShortcut } from '../../src/renderer/ui';
import { renderUi } from './render';

afterEach(cleanup);

function Counter({ shortcut, disabled = false, busy = false, hidden = false }: { shortcut: string; disabled?: boolean; busy?: boolean; hidden?: boolean }) {
  const [n, setN] = useState(0);
  return (
    <div hidden={hidden}>
      <Button variant="primary" shortcut={shortcut} disabled={disabled} busy={busy} onClick={() => setN((x) => x + 1)} data-testid="btn">Tiếp nhận mới</Button>
      <output data-testid="n">{n}</output>
    </div>
  );
}

describe('parseShortcut / formatShortcut', () => {
  it('reads keys and modifiers', () => {
    expect(parseShortcut('F2')).toEqual({ key: 'F2', ctrl: false, alt: false, shift: false, meta: false });
    expect(parseShortcut('Ctrl+K')).toEqual({ key: 'k', ctrl: true, alt: false, shift: false, meta: false });
    expect(parseShortcut('alt+shift+1')).toMatchObject({ key: '1', alt: true, shift: true });
    expect(formatShortcut('ctrl+k')).toBe('Ctrl+K');
    expect(formatShortcut('Esc')).toBe('Esc');
    expect(() => parseShortcut('Hyper+K')).toThrow(/unknown modifier/);
  });
});

describe('useShortcut', () => {
  it('fires its handler and takes the key from the browser', async () => {
    let calls = 0;
    function Screen() { useShortcut('F3', () => { calls++; }); return <p>màn hình</p>; }
    renderUi(<Screen />);
    const e = new KeyboardEvent('keydown', { key: 'F3', bubbles: true, cancelable: true });
    window.dispatchEvent(e);
    expect(calls).toBe(1);
    expect(e.defaultPrevented).toBe(true);
  });

  it('ignores auto-repeat and keys already handled', () => {
    let calls = 0;
    function Screen() { useShortcut('F2', () => { calls++; }); return null; }
    renderUi(<Screen />);
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'F2', repeat: true }));
    const handled = new KeyboardEvent('keydown', { key: 'F2', cancelable: true });
    handled.preventDefault();
    window.dispatchEvent(handled);
    expect(calls).toBe(0);
  });

  it('lets a plain letter type in a text field, but a function key or Ctrl combination still fires', async () => {
    const fired: string[] = [];
    function Screen() {
      const [v, setV] = useState('');
      useShortcut('n', () => fired.push('n'));
      useShortcut('F9', () => fired.push('F9'));
      useShortcut('Ctrl+K', () => fired.push('Ctrl+K'));
      return <TextField label="Tìm" value={v} onChange={(e) => setV(e.target.value)} data-testid="q" />;
    }
    const { user } = renderUi(<Screen />);
    await user.click(screen.getByTestId('q'));
    await user.keyboard('nam{F9}{Control>}k{/Control}');
    expect((screen.getByTestId('q') as HTMLInputElement).value).toBe('nam');
    expect(fired).toEqual(['F9', 'Ctrl+K']);
    (document.activeElement as HTMLElement).blur();
    await user.keyboard('n');
    expect(fired).toEqual(['F9', 'Ctrl+K', 'n']);
  });

  it('gives the key to the latest registration: a screen opened later overrides its shell', async () => {
    const fired: string[] = [];
    function Shell({ inner }: { inner: boolean }) {
      useShortcut('F3', () => fired.push('shell'));
      return inner ? <Inner /> : null;
    }
    function Inner() { useShortcut('F3', () => fired.push('screen')); return null; }
    const { user, rerender } = renderUi(<Shell inner={false} />);
    await user.keyboard('{F3}');
    rerender(<Shell inner />);
    await user.keyboard('{F3}');
    rerender(<Shell inner={false} />);
    await user.keyboard('{F3}');
    expect(fired).toEqual(['shell', 'screen', 'shell']);
  });
});

describe('Button with a shortcut', () => {
  it('shows the key and announces it', () => {
    renderUi(<Counter shortcut="F2" />);
    const btn = screen.getByTestId('btn');
    expect(btn.querySelector('kbd')?.textContent).toBe('F2');
    expect(btn.getAttribute('aria-keyshortcuts')).toBe('F2');
    expect(screen.getByRole('button', { name: 'Tiếp nhận mới F2' })).toBe(btn);
  });

  it('is pressed by its key, once per press, and takes focus so the officer sees where they are', async () => {
    const { user } = renderUi(<Counter shortcut="F2" />);
    await user.keyboard('{F2}');
    expect(screen.getByTestId('n').textContent).toBe('1');
    expect(document.activeElement).toBe(screen.getByTestId('btn'));
    fireEvent.keyDown(window, { key: 'F2', repeat: true });
    expect(screen.getByTestId('n').textContent).toBe('1');
  });

  it('does nothing while disabled, busy or on a hidden screen', async () => {
    for (const props of [{ disabled: true }, { busy: true }, { hidden: true }]) {
      const { user, unmount } = renderUi(<Counter shortcut="F2" {...props} />);
      await user.keyboard('{F2}');
      expect(screen.getByTestId('n').textContent).toBe('0');
      unmount();
    }
  });

  it('busy: stays focusable, says so, ignores clicks', async () => {
    const { user } = renderUi(<Counter shortcut="F2" busy />);
    const btn = screen.getByTestId('btn');
    expect(btn.getAttribute('aria-busy')).toBe('true');
    expect(btn.getAttribute('aria-disabled')).toBe('true');
    expect((btn as HTMLButtonElement).disabled).toBe(false);
    expect(btn.textContent).toContain('Đang xử lý…');
    await user.click(btn);
    expect(screen.getByTestId('n').textContent).toBe('0');
  });
});
