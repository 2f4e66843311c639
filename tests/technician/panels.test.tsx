// @vitest-environment happy-dom
/**
 * The console's settings panels over the real host services: the fee account is checked by the
 * VietQR encoder's rule before it is saved, device settings by the settings schema, sync health
 * follows the engine's status store, and the support bundle's file is shown.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { KioskDb } from '../../src/renderer/db/database';
import { SyncEngine } from '../../src/renderer/sync/engine';
import { createBridgeTransport } from '../../src/renderer/sync/transport';
import { openConsole, until, type Console } from './harness';
import { formatTime } from '../../src/renderer/counter/format';
import { VIETQR_BANKS_CHECKED } from '../../src/shared/domain/banks';

let c: Console | null = null;
let db: KioskDb | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
  db?.close();
  db = null;
});

const type = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });

describe('the fee account', () => {
  it('refuses a BIN or an account the VietQR encoder cannot use, and saves a good one (the spaces of a grouped account number taken out)', async () => {
    c = await openConsole();
    type('fee-bin', '97043');
    type('fee-account', '0011004567890');
    type('fee-name', 'UBND xa Ham Rong');
    fireEvent.click(screen.getByTestId('fee-save'));
    await until(() => screen.queryByTestId('fee-bad-bin') !== null);
    expect(screen.getByTestId('fee-bad-bin').textContent).toBe(c.t('fee.problem.bad-bin'));

    type('fee-bin', '970436');
    // A whole BIN names its bank (a typo shows as another bank, or as none in the list).
    const described = () => document.getElementById(screen.getByTestId('fee-bin').getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent;
    expect(described()).toBe(c.t('fee.bank', { short: 'Vietcombank', name: 'Ngân hàng TMCP Ngoại thương Việt Nam' }));
    type('fee-bin', '970499');
    expect(described()).toBe(c.t('fee.unknownBank', { checked: VIETQR_BANKS_CHECKED }));
    type('fee-bin', '970436');
    type('fee-account', '0011-0045');
    fireEvent.click(screen.getByTestId('fee-save'));
    await until(() => screen.queryByTestId('fee-bad-account') !== null);
    expect(screen.queryByTestId('fee-bad-bin')).toBeNull();
    expect((await c.bridge.call('settings.get', {})).feeAccount).toBeNull();

    // Grouped as printed on a bank's letter (with a no-break space pasted in): the spaces go.
    type('fee-account', ' 0011 0045\u00a067890 ');
    fireEvent.click(screen.getByTestId('fee-save'));
    await until(() => screen.queryByTestId('fee-result')?.textContent === c!.t('saved'));
    expect((screen.getByTestId('fee-account') as HTMLInputElement).value).toBe('0011004567890');
    expect((await c.bridge.call('settings.get', {})).feeAccount).toEqual({ bin: '970436', account: '0011004567890', accountName: 'UBND XA HAM RONG' });
  });
});

describe('device settings', () => {
  it('checks the idle timeout and the counter name, then saves', async () => {
    c = await openConsole();
    type('general-idle', '5');
    type('general-counter', 'Q'.repeat(65));
    fireEvent.click(screen.getByTestId('general-save'));
    await until(() => screen.queryByTestId('invalid-idleTimeoutSeconds') !== null);
    expect(screen.getByTestId('invalid-counterName').textContent).toBe(c.t('general.invalid.counterName'));

    type('general-idle', '90');
    type('general-counter', 'Quầy 3');
    type('general-printer', 'EPSON TM-T82');
    fireEvent.click(screen.getByTestId('general-save'));
    await until(() => screen.queryByTestId('general-result')?.textContent === c!.t('saved'));
    expect(await c.bridge.call('settings.get', {})).toMatchObject({ idleTimeoutSeconds: 90, printerName: 'EPSON TM-T82', counterName: 'Quầy 3' });
  });
});

describe('sync health', () => {
  it('shows pending work, its age, the last error and a clock skew warning from the engine', async () => {
    db = new KioskDb(`tech-${process.pid}-${Date.now()}`);
    await db.open();
    const sync = new SyncEngine({ db, transport: createBridgeTransport(() => Promise.reject(new Error('offline'))), appVersion: 'test' });
    c = await openConsole({ sync });
    expect(screen.getByTestId('sync-pending').textContent).toBe('0');
    expect(screen.queryByTestId('sync-skew-warning')).toBeNull();
    act(() => {
      sync.status.update({
        phase: 'offline', pending: 3, oldestPendingAt: Date.now() - 125 * 60_000,
        lastError: { code: 'network', message: 'x', at: Date.now() }, clockSkewMs: -61 * 60_000,
      });
    });
    // The panel also counts the outbox itself (a live query): on a loaded machine its first answer
    // (0) may land after the engine's update, so wait for the figure rather than read it once.
    await until(() => screen.getByTestId('sync-pending').textContent === '3');
    expect(screen.getByTestId('sync-oldest').textContent).toBe(c.t('age.hours', { count: 2 }));
    expect(screen.getByTestId('sync-phase').textContent).toBe(c.i18n.t('sync:phase.offline'));
    expect(screen.getByTestId('sync-last-error').textContent).toContain(c.i18n.t('codes:sync.network'));
    expect(screen.getByTestId('sync-skew-warning').textContent).toBe(c.i18n.t('sync:skew', { minutes: 61 }));
    expect(screen.getByTestId('sync-now')).toBeTruthy();
  });

  it('says what the device holds: the working set, the backfill\'s progress and its own error (Vietnamese first)', async () => {
    db = new KioskDb(`tech-${process.pid}-${Date.now()}`);
    await db.open();
    const sync = new SyncEngine({ db, transport: createBridgeTransport(() => Promise.reject(new Error('offline'))), appVersion: 'test' });
    c = await openConsole({ sync });
    expect(screen.getByTestId('sync-working-set').textContent).toBe(c.i18n.t('sync:holdings.workingSetPending'));
    expect(screen.getByTestId('sync-backfill').textContent).toBe(c.i18n.t('sync:holdings.backfillNone'));
    act(() => {
      sync.status.update({ workingSet: true, backfill: { fetched: 1500, complete: false, lastError: { code: 'timeout', message: 'x', at: Date.now() } } });
    });
    await until(() => screen.getByTestId('sync-working-set').textContent === c!.i18n.t('sync:holdings.workingSetComplete'));
    await act(async () => { await c!.i18n.changeLanguage('vi'); });
    expect(screen.getByTestId('sync-working-set').textContent).toBe('Đủ hồ sơ đang xử lý và hồ sơ gần đây');
    expect(screen.getByTestId('sync-backfill').textContent).toContain(c.i18n.t('sync:holdings.backfillProgress', { count: 1500 }));
    expect(screen.getByTestId('sync-backfill-error').textContent).toContain(c.i18n.t('codes:sync.timeout'));
    act(() => { sync.status.update({ backfill: { fetched: 92000, complete: true, lastError: null } }); });
    await until(() => screen.getByTestId('sync-backfill').textContent === c!.i18n.t('sync:holdings.backfillComplete', { count: 92000 }));
    await act(async () => { await c!.i18n.changeLanguage('en'); });
    expect(screen.getByTestId('sync-backfill').textContent).toBe('All 92000 older dossiers downloaded');
  });

  it('says there is no sync before enrollment, and shows storage use', async () => {
    c = await openConsole({
      // One confirmed action journaled by the real host: one copy waiting, no failure.
      prepare: async (host) => {
        await host.handlers['journal.append']({ mutations: [{ id: '01900000-0000-7000-8000-000000000007', type: 'code.void', at: '2026-12-05T01:00:00.000Z', staffId: 'c1', dossierCode: null, payload: { code: 'X', reason: 'r' } }] });
      },
    });
    await until(() => screen.getByTestId('storage-journal').textContent === c!.t('health.journalValue', { pending: 1, files: 1 }));
    expect(screen.queryByTestId('storage-journal-failures')).toBeNull();
    expect(screen.getByTestId('sync-none').textContent).toBe(c.t('health.noSync'));
    await until(() => screen.getByTestId('storage-used').textContent !== '…');
    await until(() => screen.getByTestId('storage-broken-kept').textContent === c!.t('health.noBrokenKept'));
  });

  it('says what the browser answered when asked to keep the data: refused (in words, the button stays), then granted', async () => {
    // The browser's storage manager at this test's edge: happy-dom has none, and Chromium decides
    // by engagement heuristics a test cannot steer.
    let persisted = false;
    let grant = false;
    const storage = { estimate: async () => ({ usage: 1_048_576, quota: 512 * 1_048_576 }), persisted: async () => persisted, persist: async () => { persisted = grant; return grant; } };
    Object.defineProperty(navigator, 'storage', { value: storage, configurable: true });
    try {
      c = await openConsole();
      await until(() => screen.queryByTestId('storage-persist') !== null);
      expect(screen.getByTestId('storage-persistent').textContent).toBe(c.t('health.noEvictable'));
      fireEvent.click(screen.getByTestId('storage-persist'));
      await until(() => screen.queryByTestId('storage-persist-result') !== null);
      expect(screen.getByTestId('storage-persist-result').textContent).toBe(c.t('health.persistRefused'));
      expect(screen.getByTestId('storage-persist-result').textContent).toContain('second copy');
      grant = true;
      fireEvent.click(screen.getByTestId('storage-persist'));
      await until(() => screen.getByTestId('storage-persist-result').textContent === c!.t('health.persistGranted'));
      expect(screen.getByTestId('storage-persistent').textContent).toBe(c.t('health.yes'));
      expect(screen.queryByTestId('storage-persist')).toBeNull();
    } finally {
      Reflect.deleteProperty(navigator, 'storage');
    }
  });

  it('shows the host journal: copies waiting for the gateway, and failed appends as a warning with when and the system\'s code', async () => {
    const at = Date.parse('2026-12-05T03:04:00Z');
    // A disk failing under the journal is the host journal's own test (tests/host/journal.test.ts);
    // here the figures as a host in that state reports them.
    c = await openConsole({ calls: { 'journal.stats': async () => ({ files: 1, pending: 1, skipped: 0, failures: 2, lastFailure: { at, code: 'ENOSPC' } }) } });
    await until(() => screen.queryByTestId('storage-journal-failures') !== null);
    expect(screen.getByTestId('storage-journal').textContent).toContain(c.t('health.journalValue', { pending: 1, files: 1 }));
    expect(screen.getByTestId('storage-journal-failures').textContent).toBe(c.t('health.journalFailures', { count: 2, time: formatTime('en', new Date(at).toISOString()), code: 'ENOSPC' }));
    expect(screen.getByTestId('storage-journal-failures').getAttribute('role')).toBe('alert');
    expect(screen.queryByTestId('storage-journal-skipped')).toBeNull();
  });

  it('shows the broken storage the host kept: when, and that the browser\'s copy could not be kept when it could not', async () => {
    let kept: { name: string; at: string } | null = null;
    c = await openConsole({
      prepare: async (host) => {
        // This host does not know a browser profile: it records the event without a copy.
        kept = await host.handlers['storage.keepBroken']({ reason: 'corrupt', detail: 'UnknownError' });
      },
    });
    await until(() => screen.queryAllByTestId('storage-broken-copy').length === 1);
    const { name, at } = kept!;
    // Vietnam time in the console's language (this one English), not the machine's zone.
    expect(screen.getByTestId('storage-broken-copy').textContent).toBe(c.t('health.brokenNotCopied', { time: formatTime('en', at), name }));
    expect(screen.getByTestId('storage-broken-copy').textContent).toMatch(/\d\d:\d\d, \d\d\/\d\d\/\d{4}/);
    expect(screen.getByTestId('storage-broken-copy').textContent).toContain('could not be copied');
  });
});

describe('files', () => {
  it('imports a settings file exported from another kiosk', async () => {
    c = await openConsole();
    const { json } = await c.bridge.call('settings.export', {});
    const exported = JSON.parse(json) as { settings: Record<string, unknown> };
    exported.settings.counterName = 'Quầy 7';
    exported.settings.technicianPin = { hash: 'x', salt: 'y', setAt: 1 };
    const file = new File([JSON.stringify(exported)], 'settings.json', { type: 'application/json' });
    // The console's own button opens the (hidden) file field's picker.
    let opened = 0;
    screen.getByTestId('settings-import').addEventListener('click', () => { opened += 1; });
    fireEvent.click(screen.getByTestId('settings-import-open'));
    expect(opened).toBe(1);
    fireEvent.change(screen.getByTestId('settings-import'), { target: { files: [file] } });
    await until(() => screen.queryByTestId('files-result') !== null);
    expect(screen.getByTestId('files-result').textContent).toContain(c.t('files.imported'));
    expect(screen.getByTestId('files-result').textContent).toContain('technicianPin');
    expect((await c.bridge.call('settings.get', {})).counterName).toBe('Quầy 7');
    // The new values reach the open panels.
    await until(() => (screen.getByTestId('general-counter') as HTMLInputElement).value === 'Quầy 7');
  });

  it('carries the office queue settings in the file: applied on import, the device\'s role and counter name kept; a bad queue part refuses the whole file', async () => {
    c = await openConsole();
    const handlers = c.host.handlers;
    await handlers['queue.configure']({ ...(await handlers['queue.config']({})), mode: 'off', counter: 'Quầy 1', port: 47_700, peers: ['192.168.1.20:47700'], mdns: false, takeoverAfterMs: 30_000 });
    const { json } = await c.bridge.call('settings.export', {});
    const exported = JSON.parse(json) as { settings: Record<string, unknown>; queue?: Record<string, unknown> };
    expect(exported.queue).toEqual({ port: 47_700, peers: ['192.168.1.20:47700'], mdns: false, takeoverAfterMs: 30_000 });
    expect(json).not.toContain('Quầy 1');

    // This kiosk is another counter of the office, with its own role and name.
    await handlers['queue.configure']({ ...(await handlers['queue.config']({})), counter: 'Quầy 2', port: 47_615, peers: [], mdns: true, takeoverAfterMs: 15_000 });
    const bad = { ...exported, settings: { ...exported.settings, counterName: 'Quầy 9' }, queue: { ...exported.queue, peers: ['192.168.1.20:99999'] } };
    fireEvent.change(screen.getByTestId('settings-import'), { target: { files: [new File([JSON.stringify(bad)], 'bad.json')] } });
    await until(() => screen.queryByTestId('files-result') !== null);
    expect(screen.getByTestId('files-result').getAttribute('data-tone')).toBe('error');
    expect((await c.bridge.call('settings.get', {})).counterName).not.toBe('Quầy 9');
    expect((await handlers['queue.config']({})).peers).toEqual([]);

    fireEvent.change(screen.getByTestId('settings-import'), { target: { files: [new File([json], 'settings.json')] } });
    await until(() => screen.getByTestId('files-result').textContent?.includes(c!.t('files.queueApplied')) === true);
    expect(await handlers['queue.config']({})).toMatchObject({ mode: 'off', counter: 'Quầy 2', port: 47_700, peers: ['192.168.1.20:47700'], mdns: false, takeoverAfterMs: 30_000 });
  });

  it('says what is wrong with a refused settings file in the console\'s language, field by field', async () => {
    for (const lang of ['vi', 'en'] as const) {
      c = await openConsole({ lang });
      const { json } = await c.bridge.call('settings.export', {});
      const bad = JSON.parse(json) as { settings: Record<string, unknown> };
      bad.settings.language = 'fr';
      bad.settings.idleTimeoutSeconds = 'mười';
      fireEvent.change(screen.getByTestId('settings-import'), { target: { files: [new File([JSON.stringify(bad)], 'bad.json')] } });
      await until(() => screen.queryByTestId('files-result') !== null);
      const text = screen.getByTestId('files-result').textContent ?? '';
      expect(screen.getByTestId('files-result').getAttribute('data-tone')).toBe('error');
      expect(text).toContain('language: ');
      expect(text).toContain('idleTimeoutSeconds: ');
      if (lang === 'vi') {
        expect(text).toContain('Tùy chọn không hợp lệ');
        // The kind of value received is named (zod's locale), never the value itself.
        expect(text).toMatch(/nhận được (chuỗi|string)/);
        expect(text).not.toMatch(/Invalid|expected/);
      } else {
        expect(text).toContain('Invalid option');
        expect(text).toMatch(/received string/);
      }
      expect(text).not.toContain('mười');
      cleanup();
      await c.close();
      c = null;
    }
  });

  it('creates a support bundle and shows where it is', async () => {
    c = await openConsole();
    fireEvent.click(screen.getByTestId('support-bundle'));
    await until(() => screen.queryByTestId('bundle-info') !== null, 10_000);
    expect(screen.getByTestId('bundle-info').textContent).toMatch(/support-.*\.json\.gz/);
  });
});
