// @vitest-environment happy-dom
/**
 * Idle on a shared screen (docs/RELIABILITY.md item 20, WCAG 2.2.1): a warning at least 20 s before the reset
 * with a one-touch "continue", then nothing personal left in the DOM.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { AGENCY, PERSON, dossierRow, startKiosk, t, until, type Kiosk } from './harness';

const CODE = `${AGENCY}-260305-0042`;
let kiosk: Kiosk | null = null;

beforeEach(() => {
  // Only the screen's timers: IndexedDB (setImmediate) and promises keep running.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
});
afterEach(async () => {
  cleanup();
  await kiosk?.close();
  kiosk = null;
  vi.useRealTimers();
});

const advance = (ms: number): void => act(() => { vi.advanceTimersByTime(ms); });

async function statusShown(props = {}): Promise<Kiosk> {
  kiosk = await startKiosk({ rows: [dossierRow(CODE, 6)], props });
  kiosk.scan(CODE);
  await until(() => screen.queryByTestId('status') !== null);
  return kiosk;
}

describe('idle', () => {
  it('warns 20 s before the reset and "continue" keeps the status on screen', async () => {
    await statusShown();
    advance(39_000);
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    advance(1_000);
    const dialog = screen.getByTestId('idle-warning');
    expect(dialog.getAttribute('role')).toBe('alertdialog');
    expect(screen.getByTestId('idle-seconds').textContent).toBe(t('idle.body', { seconds: 20 }));
    expect(document.activeElement).toBe(screen.getByTestId('idle-continue'));
    advance(5_000);
    expect(screen.getByTestId('idle-seconds').textContent).toBe(t('idle.body', { seconds: 15 }));
    fireEvent.click(screen.getByTestId('idle-continue'));
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    // The full quiet period starts again.
    advance(39_000);
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    expect(screen.getByTestId('status')).toBeTruthy();
  });

  it('clears everything personal after the warning runs out', async () => {
    const k = await statusShown();
    fireEvent.click(screen.getByTestId('text-larger'));
    advance(40_000);
    expect(screen.getByTestId('idle-warning')).toBeTruthy();
    advance(20_000);
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    expect(screen.getByTestId('attract')).toBeTruthy();
    const html = k.view.container.innerHTML;
    for (const gone of [CODE, 'N. V. T.', '2345', '678', 'Đăng ký khai sinh', '50.000', PERSON.name]) expect(html).not.toContain(gone);
    expect(screen.getByTestId('citizen-kiosk').style.getPropertyValue('--citizen-scale')).toBe('1');
    // Back on the attract screen nothing is armed: no warning ever appears there.
    advance(300_000);
    expect(screen.queryByTestId('idle-warning')).toBeNull();
  });

  it('counts a touch anywhere as activity', async () => {
    await statusShown();
    advance(30_000);
    fireEvent.pointerDown(screen.getByTestId('status-sentence'));
    advance(30_000);
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    advance(10_000);
    expect(screen.getByTestId('idle-warning')).toBeTruthy();
  });

  it('takes its timeout from the settings', async () => {
    await statusShown({ idleTimeoutMs: 120_000 });
    advance(99_000);
    expect(screen.queryByTestId('idle-warning')).toBeNull();
    advance(1_000);
    expect(screen.getByTestId('idle-warning')).toBeTruthy();
    advance(20_000);
    expect(screen.getByTestId('attract')).toBeTruthy();
  });

  it('never shows a lookup that finishes after the reset', async () => {
    kiosk = await startKiosk({ rows: [dossierRow(CODE, 4)] });
    fireEvent.click(screen.getByTestId('open-keypad'));
    fireEvent.click(screen.getByTestId('keypad-back'));
    kiosk.scan(CODE);
    // Reset at once (the "done" path shares the reset of the idle timer).
    expect(screen.getByTestId('citizen-kiosk').dataset.view).toBe('loading');
    advance(60_000);
    await act(async () => { for (let i = 0; i < 50; i += 1) await new Promise((r) => setImmediate(r)); });
    expect(screen.getByTestId('citizen-kiosk').dataset.view).toBe('attract');
    expect(kiosk.view.container.innerHTML).not.toContain(CODE);
  });
});
