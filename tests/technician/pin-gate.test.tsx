// @vitest-environment happy-dom
/**
 * The console's PIN gate (docs/RELIABILITY.md item 24) over the real PIN service: a PIN is set on first run,
 * asked every time the console opens, wrong PINs count down to a lockout whose wait is shown, and
 * leaving the console locks it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { PIN, startConsole, until, type Console } from './harness';

let c: Console | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

const type = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });
const text = (testid: string) => screen.getByTestId(testid).textContent ?? '';

async function unlockWith(pin: string) {
  type('pin-input', pin);
  fireEvent.click(screen.getByTestId('pin-submit'));
}

describe('the PIN gate', () => {
  it('asks for a new PIN on first run, refuses a guessable one, then opens the console', async () => {
    c = await startConsole();
    await until(() => screen.queryByTestId('pin-confirm') !== null);
    expect(screen.getByTestId('pin-gate').textContent).toContain(c.t('pin.firstRun'));

    type('pin-input', '284917');
    type('pin-confirm', '284918');
    fireEvent.click(screen.getByTestId('pin-submit'));
    await until(() => text('pin-error') === c!.t('pin.mismatch'));

    type('pin-input', '123456');
    type('pin-confirm', '123456');
    fireEvent.click(screen.getByTestId('pin-submit'));
    await until(() => screen.queryByTestId('pin-error')?.textContent === c!.i18n.t('codes:settings.pin-format'));

    type('pin-input', PIN);
    type('pin-confirm', PIN);
    fireEvent.click(screen.getByTestId('pin-submit'));
    await until(() => screen.queryByTestId('technician-console') !== null);
    expect(await c.techStatus()).toMatchObject({ pinSet: true, unlocked: true });
  });

  it('counts wrong PINs down to a lockout and shows the wait', async () => {
    c = await startConsole({ pinSet: true });
    await until(() => screen.queryByTestId('pin-input') !== null);
    expect(screen.queryByTestId('pin-confirm')).toBeNull();

    await unlockWith('999111');
    await until(() => screen.queryByTestId('pin-error')?.textContent === c!.t('pin.wrong', { count: 2 }));
    await unlockWith('999112');
    await until(() => screen.queryByTestId('pin-error')?.textContent === c!.t('pin.wrong', { count: 1 }));
    await unlockWith('999113');
    await until(() => screen.queryByTestId('pin-locked') !== null);
    const wait = Number(/(\d+)/.exec(text('pin-locked'))![1]);
    expect(wait).toBeGreaterThan(25);
    expect(wait).toBeLessThanOrEqual(30);
    expect(text('pin-locked')).toBe(c.t('pin.locked', { seconds: wait }));
    type('pin-input', PIN);
    expect((screen.getByTestId('pin-submit') as HTMLButtonElement).disabled).toBe(true);
    expect((await c.techStatus()).unlocked).toBe(false);
  });

  it('opens with the right PIN, and locks again on "lock" and when the console is left', async () => {
    c = await startConsole({ pinSet: true });
    await until(() => screen.queryByTestId('pin-input') !== null);
    await unlockWith(PIN);
    await until(() => screen.queryByTestId('technician-console') !== null);
    expect((await c.techStatus()).unlocked).toBe(true);

    fireEvent.click(screen.getByTestId('console-lock'));
    await until(() => screen.queryByTestId('pin-gate') !== null);
    expect((await c.techStatus()).unlocked).toBe(false);

    await unlockWith(PIN);
    await until(() => screen.queryByTestId('technician-console') !== null);
    c.view.unmount();
    await new Promise((r) => setTimeout(r, 50));
    expect((await c.techStatus()).unlocked).toBe(false);
  });

  it('locks a session left open by an earlier visit, and returns to the gate when the host ends the session', async () => {
    c = await startConsole({ pinSet: true });
    await until(() => screen.queryByTestId('pin-input') !== null);
    await unlockWith(PIN);
    await until(() => screen.queryByTestId('general-save') !== null);

    await c.host.handlers['technician.lock']({}); // the host's session timer ran out
    fireEvent.click(screen.getByTestId('general-save'));
    await until(() => screen.queryByTestId('pin-gate') !== null);
  });
});
