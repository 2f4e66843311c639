import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher, type Handlers } from '../../src/main/bridge/dispatcher';
import { createFileLogger } from '../../src/main/logging';
import { createSettingsHandlers, SettingsStore, TechnicianAuth } from '../../src/main/settings';
import { readSupportBundle } from '../../src/main/support';
import { settingsBridgeCalls } from '../../src/shared/settings';
import { BridgeError } from '../../src/shared/bridge/contract';
import { FAST_SCRYPT, manualClock, tempDir } from './helpers';

type Name = keyof typeof settingsBridgeCalls;

/** The settings handlers behind the host's dispatcher (input and output validated, `requires` granted
 * by the technician PIN service, as the host services do). */
async function setup() {
  const dir = await tempDir();
  const clock = manualClock();
  const store = await SettingsStore.open(join(dir, 'settings'), clock);
  const auth = await TechnicianAuth.open(store, { now: clock.now, scrypt: FAST_SCRYPT });
  const { logger, file } = createFileLogger({ dir: join(dir, 'logs') });
  logger.info('started');
  file.close();
  const handlers = createSettingsHandlers({
    store, auth, logsDir: join(dir, 'logs'), bundleDir: join(dir, 'support'), now: clock.now,
    versions: () => ({ app: '0.1.0' }), scannerDiagnostics: () => [], health: () => ({ pending: 0 }),
  });
  const dispatcher = createDispatcher(handlers as unknown as Handlers, { authorise: () => auth.requireUnlocked() });
  async function call(name: Name, input: unknown = {}) {
    const r = await dispatcher.dispatch(name, input);
    if (!r.ok) throw new BridgeError(r.error.code, r.error.message);
    return r.value as Record<string, unknown>;
  }
  return { call, store, auth };
}

describe('settings bridge handlers', () => {
  it('lets any screen read the settings but needs the console unlocked to change them', async () => {
    const { call } = await setup();
    expect(await call('settings.get')).toMatchObject({ role: 'counter', language: 'vi' });
    await expect(call('settings.update', { language: 'en' })).rejects.toMatchObject({ code: 'technician-locked' });
    await expect(call('support.bundle')).rejects.toMatchObject({ code: 'technician-locked' });
    expect(await call('technician.status')).toMatchObject({ pinSet: false, unlocked: false });
    expect(await call('technician.setPin', { pin: '482915' })).toMatchObject({ pinSet: true, unlocked: true });
    expect(await call('settings.update', { language: 'en' })).toMatchObject({ language: 'en' });
    expect(await call('technician.lock')).toMatchObject({ unlocked: false });
    expect(await call('technician.unlock', { pin: '000001' })).toMatchObject({ ok: false, code: 'pin-wrong', triesLeft: 2 });
    expect(await call('technician.unlock', { pin: '482915' })).toMatchObject({ ok: true });
  });

  it('round-trips export and import and builds a bundle with schema-valid answers', async () => {
    const { call } = await setup();
    await call('technician.setPin', { pin: '482915' });
    await call('settings.update', { counterName: 'Quầy 4', feeAccount: { bin: '970436', account: '0011004012345', accountName: 'UBND XA AN BINH' } });
    const { json } = await call('settings.export') as { json: string };
    await call('settings.update', { counterName: 'changed' });
    expect(await call('settings.import', { json })).toMatchObject({ settings: { counterName: 'Quầy 4' }, ignored: [], migratedFrom: null });
    expect(await call('settings.alerts')).toEqual([]);
    const info = await call('support.bundle') as { file: string };
    expect(info.file).toMatch(/support-2026-11-26T08-00-00-000Z\.json\.gz$/);
    const bundle = await readSupportBundle(info.file);
    expect(bundle.settings).toMatchObject({ counterName: 'Quầy 4' });
    expect(bundle.health).toEqual({ pending: 0 });
  });
});
