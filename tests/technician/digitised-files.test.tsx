// @vitest-environment happy-dom
/**
 * The console's digitised documents panel over the real host services: the file lane's upload
 * limit (kbit/s, 0: none) and the days a sent file stays on the computer are shown with their
 * defaults (today's behaviour) and hints, checked against the settings schema before they are
 * saved, saved through the host, and followed at once by a file lane wired as bootstrap.ts wires it
 * (the settings source over the same bridge); the storage health says the saved age.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import text from '../../src/renderer/i18n/console';
import { KioskDb } from '../../src/renderer/db/database';
import { FILE_EVICTION_DAYS } from '../../src/renderer/db/files';
import { createSettingsSource, type SettingsSource } from '../../src/renderer/settings';
import { FileLane, followFileSettings } from '../../src/renderer/sync/files';
import type { SyncTransport } from '../../src/renderer/sync/transport';
import { MAX_FILE_EVICTION_DAYS, MAX_FILE_UPLOAD_KBPS, MIN_FILE_EVICTION_DAYS, MIN_FILE_UPLOAD_KBPS } from '../../src/shared/settings';
import { openConsole, until, type Console } from './harness';

let c: Console | null = null;
let source: SettingsSource | null = null;
afterEach(async () => {
  cleanup();
  source?.stop();
  source = null;
  await c?.close();
  c = null;
});

const bounds = { minKbps: MIN_FILE_UPLOAD_KBPS, maxKbps: MAX_FILE_UPLOAD_KBPS, minDays: MIN_FILE_EVICTION_DAYS, maxDays: MAX_FILE_EVICTION_DAYS };
const type = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });
const valueOf = (testid: string) => (screen.getByTestId(testid) as HTMLInputElement).value;
const textOf = (testid: string) => screen.queryByTestId(testid)?.textContent ?? null;
/** The field's hint, read out with it (its first aria-describedby). */
const hintOf = (testid: string) => document.getElementById(screen.getByTestId(testid).getAttribute('aria-describedby')!.split(' ')[0]!)?.textContent;
/** A line that is down: the lane is never started here. */
const offline: SyncTransport = { request: async () => { throw Object.assign(new Error('offline'), { code: 'offline' }); } };

describe('digitised documents in the console', () => {
  it('shows the upload limit and the keeping age with their defaults, refuses values out of bounds, saves good ones, and the counter\'s lane follows at once', async () => {
    const db = new KioskDb(`tech-files-${process.pid}-${Date.now()}`);
    await db.open();
    c = await openConsole({ lang: 'vi', db });
    const panel = screen.getByTestId('panel-digitised');
    expect(panel.querySelector('h2')?.textContent).toBe(text.vi.digitised.title);
    expect(panel.textContent).toContain(text.vi.digitised.uploadCap);
    expect(panel.textContent).toContain(text.vi.digitised.evictionDays);
    // Today's behaviour: no limit, files kept FILE_EVICTION_DAYS days.
    expect(valueOf('digitised-upload-cap')).toBe('0');
    expect(valueOf('digitised-eviction-days')).toBe(String(FILE_EVICTION_DAYS));
    expect(hintOf('digitised-upload-cap')).toBe(c.t('digitised.uploadCapHint', bounds));
    expect(hintOf('digitised-eviction-days')).toBe(c.t('digitised.evictionDaysHint', bounds));
    const mbZero = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(0);
    await until(() => textOf('storage-files') === c!.t('health.filesValue', { count: 0, mb: mbZero, waiting: 0, days: FILE_EVICTION_DAYS }));

    // A counter's file lane, following the settings as bootstrap.ts makes it.
    const lane = new FileLane({ db, transport: offline });
    source = createSettingsSource(c.bridge);
    await source.start();
    followFileSettings(lane, source);
    expect([lane.bandwidthCap, lane.evictionDays]).toEqual([0, FILE_EVICTION_DAYS]);

    // Too low a limit, no age at all: refused in the console, nothing saved, the lane unchanged.
    type('digitised-upload-cap', '10');
    type('digitised-eviction-days', '0');
    fireEvent.click(screen.getByTestId('digitised-save'));
    await until(() => screen.queryByTestId('invalid-fileUploadKbps') !== null);
    expect(textOf('invalid-fileUploadKbps')).toBe(c.t('digitised.invalid.fileUploadKbps', bounds));
    expect(textOf('invalid-fileEvictionDays')).toBe(c.t('digitised.invalid.fileEvictionDays', bounds));
    expect(document.activeElement).toBe(screen.getByTestId('digitised-upload-cap'));
    // Not whole numbers, an empty field, past the bounds: each field refused on its own (checked
    // before anything is sent, so the marks are there as the click returns).
    const cases: [string, string, boolean, boolean][] = [
      ['512.5', '7', true, false], ['', '7', true, false], ['512', '1.5', false, true], ['512', '', false, true],
      [String(MAX_FILE_UPLOAD_KBPS + 1), String(MAX_FILE_EVICTION_DAYS + 1), true, true], ['-64', '-1', true, true],
    ];
    for (const [cap, days, capBad, daysBad] of cases) {
      type('digitised-upload-cap', cap);
      type('digitised-eviction-days', days);
      fireEvent.click(screen.getByTestId('digitised-save'));
      expect([screen.queryByTestId('invalid-fileUploadKbps') !== null, screen.queryByTestId('invalid-fileEvictionDays') !== null], `${cap} / ${days}`).toEqual([capBad, daysBad]);
    }
    expect(await c.bridge.call('settings.get', {})).toMatchObject({ fileUploadKbps: 0, fileEvictionDays: FILE_EVICTION_DAYS });
    expect([lane.bandwidthCap, lane.evictionDays]).toEqual([0, FILE_EVICTION_DAYS]);

    type('digitised-upload-cap', '512');
    type('digitised-eviction-days', '7');
    fireEvent.click(screen.getByTestId('digitised-save'));
    await until(() => textOf('digitised-result') === c!.t('saved'));
    expect(screen.queryByTestId('invalid-fileUploadKbps')).toBeNull();
    expect(screen.queryByTestId('invalid-fileEvictionDays')).toBeNull();
    expect(await c.bridge.call('settings.get', {})).toMatchObject({ fileUploadKbps: 512, fileEvictionDays: 7 });
    // No restart: the lane sends at most 64 000 bytes a second and keeps sent files 7 days.
    await until(() => lane.bandwidthCap === 64_000 && lane.evictionDays === 7);
    await until(() => textOf('storage-files') === c!.t('health.filesValue', { count: 0, mb: mbZero, waiting: 0, days: 7 }));

    // The limit taken off again.
    type('digitised-upload-cap', '0');
    fireEvent.click(screen.getByTestId('digitised-save'));
    await until(() => lane.bandwidthCap === 0);
    expect(lane.evictionDays).toBe(7);
  });

  it('speaks English when the console does', async () => {
    c = await openConsole({ lang: 'en' });
    const panel = screen.getByTestId('panel-digitised');
    expect(panel.querySelector('h2')?.textContent).toBe(text.en.digitised.title);
    expect(panel.textContent).toContain(text.en.digitised.uploadCap);
    expect(hintOf('digitised-eviction-days')).toBe(c.t('digitised.evictionDaysHint', bounds));
    type('digitised-eviction-days', '400');
    fireEvent.click(screen.getByTestId('digitised-save'));
    await until(() => textOf('invalid-fileEvictionDays') === text.en.digitised.invalid.fileEvictionDays.replace('{{minDays}}', '1').replace('{{maxDays}}', '365'));
  });
});
