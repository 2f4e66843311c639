// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { enterPin, PIN, signInAs, startCounter, until, type Counter } from './harness';
import { PIN_LOCK_META, signIn, verifyPin } from '../../src/renderer/counter/pin';
import { hashPin } from '../../src/gateway/crypto';

let c: Counter | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
});

/** One wrong try through the form; resolves when the answer is on screen (the field is cleared). */
const attempt = async (pin: string): Promise<void> => {
  await enterPin('c1', pin);
  await until(() => (screen.getByTestId('pin') as HTMLInputElement).value === '' && screen.queryByRole('status') === null);
};

describe('staff sign-in', () => {
  it('verifies the gateway\'s PBKDF2 PIN hash with WebCrypto', async () => {
    const h = hashPin('270419', 1000);
    expect(await verifyPin('270419', h)).toBe(true);
    expect(await verifyPin('270418', h)).toBe(false);
  });

  it('asks for 6 to 12 digits and does not count a shorter PIN as a wrong try', async () => {
    c = await startCounter();
    await attempt('2468');
    expect(screen.getByTestId('signin-message').textContent).toContain('6 đến 12 chữ số');
    expect(screen.getByTestId('counter-signin').textContent).toContain('(6 đến 12 chữ số)');
    expect(await c.db.getMeta(PIN_LOCK_META)).toBeUndefined();
  });

  it('lists the agency\'s counter staff (not technicians) and signs in with the right PIN', async () => {
    c = await startCounter();
    await until(() => screen.queryByTestId('staff-c1') !== null);
    expect(screen.queryByTestId('staff-t1')).toBeNull();
    await signInAs('c1', PIN);
    expect(screen.getByTestId('signed-in-as').textContent).toContain('Nguyễn Thị Lan');
    // The focus is in the search box, not left on the page's body (docs/DESIGN.md, "Where the focus goes").
    await until(() => document.activeElement === screen.queryByTestId('search'));
    const audit = await c.db.audit.where('at').above(0).toArray();
    expect(audit.some((a) => a.action === 'staff.signIn' && a.staffId === 'c1')).toBe(true);
  });

  it('locks after three wrong PINs, with a delay that grows, and refuses even the right PIN meanwhile', async () => {
    c = await startCounter();
    await attempt('111111');
    expect(screen.getByTestId('signin-message').textContent).toContain('Còn 2 lần thử');
    await attempt('111112');
    expect(screen.getByTestId('signin-message').textContent).toContain('Còn 1 lần thử');
    await attempt('111113');
    await until(() => screen.queryByTestId('pin-locked') !== null);
    expect(screen.getByTestId('pin-locked').textContent).toContain('30 giây');
    expect((screen.getByTestId('pin') as HTMLInputElement).disabled).toBe(true);
    const first = await c.db.getMeta<{ failures: number; lockedUntil: number }>(PIN_LOCK_META);
    expect(first?.failures).toBe(3);
    expect(first!.lockedUntil - c.clock.now).toBe(30_000);
    expect(await signIn(c.db, 'c1', PIN, c.clock.now + 29_000)).toEqual({ ok: false, reason: 'locked', retryAt: first!.lockedUntil });

    // The lock is kept in the database: a reload does not hand out fresh tries.
    cleanup();
    const db = c.db;
    c.stream.dispose();
    await c.host.close();
    c = await startCounter({ db });
    await until(() => screen.queryByTestId('pin-locked') !== null);

    // After the lock, one more wrong PIN doubles the delay.
    c.clock.now += 31_000;
    await waitFor(() => expect(screen.queryByTestId('pin-locked')).toBeNull(), { timeout: 3000 });
    await attempt('111114');
    await until(() => screen.queryByTestId('pin-locked') !== null);
    expect(screen.getByTestId('pin-locked').textContent).toContain('60 giây');
    const second = await c.db.getMeta<{ lockedUntil: number }>(PIN_LOCK_META);
    expect(second!.lockedUntil - c.clock.now).toBe(60_000);
  });

  it('warns before the idle lock, and one press carries on with nothing lost', async () => {
    c = await startCounter({ props: { idleLockMs: 4000 } });
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-intake'));
    fireEvent.change(screen.getByTestId('intake-name'), { target: { value: 'Đang nhập dở' } });
    await until(() => screen.queryByTestId('idle-warning') !== null);
    const warning = screen.getByTestId('idle-warning');
    expect(warning.getAttribute('role')).toBe('alert');
    expect(warning.textContent).toContain('Màn hình sẽ tự khóa sau 2 giây');
    expect(screen.getByTestId('workspace').hidden).toBe(false);
    // A press on its button (its pointerdown, as any touch, is activity).
    fireEvent.pointerDown(screen.getByTestId('idle-stay'));
    await until(() => screen.queryByTestId('idle-warning') === null);
    expect(screen.queryByTestId('counter-signin')).toBeNull();
    expect((screen.getByTestId('intake-name') as HTMLInputElement).value).toBe('Đang nhập dở');
    // Left alone again: warned, then locked, and the warning goes with the lock.
    await until(() => screen.queryByTestId('counter-signin') !== null, 10_000);
    expect(screen.queryByTestId('idle-warning')).toBeNull();
  });

  it('gives the focus back where it was when the same officer unlocks', async () => {
    c = await startCounter();
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-intake'));
    const name = screen.getByTestId('intake-name');
    name.focus();
    fireEvent.change(name, { target: { value: 'Đang nhập dở' } });
    fireEvent.click(screen.getByTestId('lock'));
    await until(() => screen.getByTestId('workspace').hidden);
    // Chromium drops the focus from a hidden element (its focus fixup); happy-dom does not, so do it here.
    (document.activeElement as HTMLElement | null)?.blur();
    await enterPin('c1', PIN);
    await until(() => !screen.getByTestId('workspace').hidden);
    await until(() => document.activeElement === screen.getByTestId('intake-name'));
    expect((screen.getByTestId('intake-name') as HTMLInputElement).value).toBe('Đang nhập dở');
  });

  it('signs out, and locks the session after idle time for the same officer', async () => {
    c = await startCounter({ props: { idleLockMs: 300 } });
    await signInAs('c1', PIN);
    fireEvent.click(screen.getByTestId('nav-intake'));
    fireEvent.change(screen.getByTestId('intake-name'), { target: { value: 'Đang nhập dở' } });
    await waitFor(() => expect(screen.queryByTestId('counter-signin')).not.toBeNull(), { timeout: 3000 });
    expect(screen.getByTestId('workspace').hidden).toBe(true);
    // The same officer resumes where they were.
    await enterPin('c1', PIN);
    await until(() => !screen.getByTestId('workspace').hidden);
    expect((screen.getByTestId('intake-name') as HTMLInputElement).value).toBe('Đang nhập dở');
    fireEvent.click(screen.getByTestId('sign-out'));
    await until(() => screen.queryByTestId('workspace') === null);
    expect(screen.getByTestId('counter-signin')).toBeTruthy();
  });
});
