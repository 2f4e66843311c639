import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPin, isGuessablePin, SettingsStore, TechnicianAuth, verifyPin } from '../../src/main/settings';
import { FAST_SCRYPT, manualClock, tempDir } from './helpers';

async function setup() {
  const dir = await tempDir();
  const clock = manualClock();
  const store = await SettingsStore.open(dir, clock);
  const auth = await TechnicianAuth.open(store, { now: clock.now, scrypt: FAST_SCRYPT });
  return { dir, clock, store, auth };
}

describe('PIN hashing', () => {
  it('verifies with the production scrypt cost and refuses a wrong or tampered record', async () => {
    const rec = await hashPin('482915', 0);
    expect(rec.hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPin('482915', rec)).toBe(true);
    expect(await verifyPin('482916', rec)).toBe(false);
    expect(await verifyPin('482915', { ...rec, hash: rec.hash.replace('32768', '1073741824') })).toBe(false);
    expect(await verifyPin('482915', { ...rec, hash: 'md5$abc' })).toBe(false);
  });

  it('calls repeated digits and runs guessable', () => {
    expect(['000000', '123456', '987654', '890123'].every(isGuessablePin)).toBe(true);
    expect(isGuessablePin('482915')).toBe(false);
  });
});

describe('TechnicianAuth', () => {
  it('sets the PIN on first run, without a current PIN, and stores only a hash', async () => {
    const { store, auth } = await setup();
    expect(auth.status()).toMatchObject({ pinSet: false, unlocked: false });
    expect(await auth.unlock('482915')).toMatchObject({ ok: false, code: 'pin-not-set' });
    await auth.setPin('482915');
    expect(auth.status()).toMatchObject({ pinSet: true, unlocked: true, retryAt: null, triesLeft: 3 });
    const file = await readFile(store.file, 'utf8');
    expect(file).not.toContain('482915');
    expect(store.export()).not.toContain(store.get().technicianPin!.hash);
  });

  it('refuses a weak PIN and a PIN change without the current PIN', async () => {
    const { auth } = await setup();
    await expect(auth.setPin('1234')).rejects.toMatchObject({ code: 'pin-format' });
    await expect(auth.setPin('111111')).rejects.toMatchObject({ code: 'pin-format' });
    await auth.setPin('482915');
    await expect(auth.setPin('730264')).rejects.toMatchObject({ code: 'pin-already-set' });
    await expect(auth.setPin('730264', '000001')).rejects.toMatchObject({ code: 'pin-wrong' });
    await auth.setPin('730264', '482915');
    auth.lock();
    expect(await auth.unlock('730264')).toMatchObject({ ok: true });
  });

  it('locks out after three wrong PINs, with a delay that grows, and survives a restart', async () => {
    const { dir, clock, store, auth } = await setup();
    await auth.setPin('482915');
    auth.lock();
    expect(await auth.unlock('000001')).toEqual({ ok: false, code: 'pin-wrong', retryAt: null, triesLeft: 2 });
    expect(await auth.unlock('000002')).toEqual({ ok: false, code: 'pin-wrong', retryAt: null, triesLeft: 1 });
    const third = await auth.unlock('000003');
    expect(third).toEqual({ ok: false, code: 'pin-wrong', retryAt: clock.now() + 30_000, triesLeft: 0 });
    // Even the right PIN is refused while locked, without being checked.
    expect(await auth.unlock('482915')).toMatchObject({ ok: false, code: 'pin-locked', retryAt: clock.now() + 30_000 });

    const restarted = await TechnicianAuth.open(await SettingsStore.open(dir, clock), { now: clock.now, scrypt: FAST_SCRYPT });
    expect(restarted.status()).toMatchObject({ unlocked: false, retryAt: clock.now() + 30_000 });
    clock.advance(30_000);
    expect(await restarted.unlock('000004')).toMatchObject({ code: 'pin-wrong', retryAt: clock.now() + 60_000 });
    clock.advance(60_000);
    expect(await restarted.unlock('482915')).toMatchObject({ ok: true });
    expect(restarted.status()).toMatchObject({ unlocked: true, retryAt: null, triesLeft: 3 });
    expect(store.get().technicianPin).not.toBeNull();
  });

  it('counts parallel guesses one by one', async () => {
    const { auth } = await setup();
    await auth.setPin('482915');
    auth.lock();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => auth.unlock(`00000${i}`)));
    expect(results.filter((r) => !r.ok && r.code === 'pin-wrong')).toHaveLength(3);
    expect(results.filter((r) => !r.ok && r.code === 'pin-locked')).toHaveLength(3);
  });

  it('treats an unreadable lock file as free tries used up', async () => {
    const { dir, clock, store, auth } = await setup();
    await auth.setPin('482915');
    await writeFile(join(dir, 'technician-lock.json'), '{oops');
    const reopened = await TechnicianAuth.open(store, { now: clock.now, scrypt: FAST_SCRYPT });
    expect(reopened.status().triesLeft).toBe(0);
    expect(await reopened.unlock('000001')).toMatchObject({ code: 'pin-wrong', retryAt: clock.now() + 60_000 });
  });

  it('closes the session after the idle period and guards console calls', async () => {
    const { clock, store } = await setup();
    const auth = await TechnicianAuth.open(store, { now: clock.now, scrypt: FAST_SCRYPT, sessionMs: 60_000 });
    expect(() => auth.requireUnlocked()).toThrow(expect.objectContaining({ code: 'technician-locked' }));
    await auth.setPin('482915');
    clock.advance(50_000);
    auth.requireUnlocked(); // extends the session
    clock.advance(50_000);
    expect(auth.isUnlocked()).toBe(true);
    clock.advance(10_001);
    expect(auth.isUnlocked()).toBe(false);
  });
});
