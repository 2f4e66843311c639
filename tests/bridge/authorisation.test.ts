/**
 * Per-call authorisation, declared in the contract (`requires`) and enforced once by the
 * dispatcher, over the real host services (settings store, technician PIN, scanners, gateway
 * client) in a temporary folder. Every call of the contract is enumerated: a new call needs a
 * sample input below (the type demands it), and so is checked too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeCalls, callRequirement, type CallInput, type CallName } from '../../src/shared/bridge/contract';
import { createDispatcher, type Authoriser, type Handlers } from '../../src/main/bridge/dispatcher';
import { createHostServices, type HostServices } from '../../src/main/services';

const PIN = '482915';

/** A valid input for every call (the dispatcher validates inputs before it authorises). */
const SAMPLES: { [N in CallName]: CallInput<N> } = {
  'app.info': {},
  'scanner.listPorts': {},
  'scanner.getConfig': {},
  'scanner.setConfig': { scanners: [] },
  'scanner.status': {},
  'gateway.request': { method: 'GET', path: '/api/v1/health' },
  'gateway.enroll': { url: 'http://127.0.0.1:9', code: 'AAAAA-BBBBB' },
  'gateway.status': {},
  'gateway.forget': {},
  'print.receipt': { code: '000.00.01.H08-261126-0001' },
  'print.ticket': { label: 'A012', size: 'roll' },
  'keys.seal': { data: 'AAECAw==' },
  'keys.open': { sealed: 'v1.not-sealed-here' },
  'print.receiptPdf': { code: '000.00.01.H08-261126-0001' },
  'settings.get': {},
  'settings.update': {},
  'settings.export': {},
  'settings.import': { json: '{}' },
  'settings.alerts': {},
  'settings.dismissAlerts': {},
  'technician.status': {},
  'technician.unlock': { pin: '000001' },
  'technician.setPin': { pin: PIN },
  'queue.status': {},
  'queue.act': { action: 'resume', counter: 'Quầy 1', staffId: null },
  'queue.config': {},
  'queue.configure': { mode: 'off' },
  'queue.forgetBackup': {},
  'technician.lock': {},
  'support.bundle': {},
  'journal.append': { mutations: [{ id: '01900000-0000-7000-8000-000000000001', type: 'code.void', at: '2026-12-05T01:00:00.000Z', staffId: 'c1', dossierCode: null, payload: { code: 'X', reason: 'r' } }] },
  'journal.pending': {},
  'storage.marker': {},
  'storage.keepBroken': { reason: 'corrupt', detail: 'UnknownError / Internal error opening backing store' },
  'storage.broken': {},
  'storage.check': {},
  'journal.ack': { ids: ['01900000-0000-7000-8000-000000000001'] },
  'journal.stats': {},
  'scanFolder.list': {},
  'scanFolder.read': { name: 'trang-1.jpg', offset: 0, length: 1024 },
  'scanFolder.done': { name: 'trang-1.jpg' },
};

const names = Object.keys(bridgeCalls) as CallName[];
const guarded = names.filter((n) => callRequirement(n) !== undefined);
const open = names.filter((n) => callRequirement(n) === undefined);

let services: HostServices | null = null;
afterEach(async () => { await services?.close(); services = null; });

/** The real host services behind the real dispatcher; handlers and authoriser record what ran. */
async function host(authorise?: Authoriser) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kiosk-authz-'));
  services = await createHostServices({ name: 'k', version: '1.0.0', gatewayUrl: null, scanners: [], dataDir });
  const reached: string[] = [];
  const asked: string[] = [];
  const real = services.handlers as unknown as Record<string, (i: unknown, c: unknown) => unknown>;
  const handlers = Object.fromEntries(Object.entries(real).map(([name, fn]) => [name, (i: unknown, c: unknown) => { reached.push(name); return fn(i, c); }])) as unknown as Handlers;
  const realAuthorise = authorise ?? services.authorise;
  const dispatcher = createDispatcher(handlers, {
    authorise: (requirement, name) => { asked.push(name); return realAuthorise(requirement, name); },
  });
  const dispatch = (name: CallName) => dispatcher.dispatch(name, SAMPLES[name]);
  return { dispatcher, dispatch, reached, asked };
}

describe('per-call authorisation (contract `requires`, enforced by the dispatcher)', () => {
  it('marks exactly the calls that change what the kiosk is, or read its alerts, as needing the technician', () => {
    expect([...guarded].sort()).toEqual([
      'gateway.enroll', 'gateway.forget', 'queue.configure', 'queue.forgetBackup', 'scanner.setConfig',
      'settings.alerts', 'settings.dismissAlerts', 'settings.export', 'settings.import', 'settings.update',
      'support.bundle',
    ]);
    for (const n of guarded) expect(callRequirement(n)).toBe('technician');
  });

  it('refuses every call that requires the technician while the console is locked, before its handler runs', async () => {
    const { dispatch, reached, asked } = await host();
    for (const name of guarded) {
      expect({ name, result: await dispatch(name) }).toEqual({
        name, result: { ok: false, error: { code: 'technician-locked', message: 'the technician console is locked' } },
      });
    }
    expect(reached).toEqual([]);
    expect(asked).toEqual(guarded);
    // A PIN set and the console locked again: still refused.
    await dispatch('technician.setPin');
    await dispatch('technician.lock');
    for (const name of guarded) expect((await dispatch(name)).ok ? 'ran' : 'refused').toBe('refused');
    expect(reached.filter((n) => guarded.includes(n as CallName))).toEqual([]);
  });

  it('lets every such call reach its handler once the console is unlocked', async () => {
    const { dispatch, dispatcher, reached } = await host();
    await dispatch('technician.setPin');
    await dispatch('technician.lock');
    expect(await dispatcher.dispatch('technician.unlock', { pin: PIN })).toMatchObject({ ok: true, value: { ok: true } });
    for (const name of guarded) {
      reached.length = 0;
      const result = await dispatch(name);
      expect({ name, reached: [...reached] }).toEqual({ name, reached: [name] });
      // The handler's own answer (e.g. the made-up gateway is unreachable), never a refusal.
      if (!result.ok) expect({ name, code: result.error.code }).not.toEqual({ name, code: 'technician-locked' });
    }
  });

  it('never refuses, nor even asks about, a call without `requires`, locked or not', async () => {
    const { dispatch, reached, asked } = await host();
    for (const name of open) {
      await dispatch('technician.lock');
      reached.length = 0;
      const result = await dispatch(name);
      expect({ name, reached: [...reached] }).toEqual({ name, reached: [name] });
      if (!result.ok) expect({ name, code: result.error.code }).not.toEqual({ name, code: 'technician-locked' });
    }
    expect(asked).toEqual([]);
  });

  it('refuses the call when the authoriser fails in an unexpected way, and validates the input first', async () => {
    const { dispatcher, dispatch, reached } = await host(() => { throw new Error('keyring gone'); });
    expect(await dispatch('gateway.forget')).toEqual({ ok: false, error: { code: 'forbidden', message: 'The call was refused' } });
    expect(await dispatcher.dispatch('settings.update', { nonsense: true })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(reached).toEqual([]);
  });
});
