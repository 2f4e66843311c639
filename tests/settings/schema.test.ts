import { describe, expect, it } from 'vitest';
import {
  defaultSettings, feeAccountProblem, migrateSettings, PublicSettings, Settings, SettingsPatch, SETTINGS_VERSION,
  DEFAULT_FILE_EVICTION_DAYS, MAX_FILE_EVICTION_DAYS, MAX_FILE_UPLOAD_KBPS, MIN_FILE_UPLOAD_KBPS,
} from '../../src/shared/settings';
import { FILE_EVICTION_DAYS } from '../../src/renderer/db/files';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

describe('settings schema', () => {
  it('has defaults a kiosk can start on', () => {
    const d = defaultSettings();
    expect(d).toMatchObject({ schemaVersion: SETTINGS_VERSION, role: 'counter', idleTimeoutSeconds: 60, language: 'vi', technicianPin: null, feeAccount: null, serialScanners: [] });
    expect(d.wedge.maxScanGapMs).toBeLessThan(d.wedge.minHumanGapMs);
  });

  it('refuses an idle timeout below 30 seconds', () => {
    expect(PublicSettings.safeParse({ idleTimeoutSeconds: 29 }).success).toBe(false);
    expect(PublicSettings.safeParse({ idleTimeoutSeconds: 30 }).success).toBe(true);
  });

  it('validates the fee account with the VietQR encoder', () => {
    expect(feeAccountProblem({ bin: '970436', account: '0011004012345' })).toBeNull();
    expect(feeAccountProblem({ bin: '97043', account: '0011004012345' })).toBe('bad-bin');
    expect(feeAccountProblem({ bin: '970436', account: '00110040123456789012' })).toBe('bad-account');
    const bad = PublicSettings.safeParse({ feeAccount: { bin: '970436', account: 'số tài khoản', accountName: 'UBND XA A' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['feeAccount', 'account']);
    // An account number grouped as printed is joined; a hyphen is still refused.
    expect(PublicSettings.parse({ feeAccount: { bin: '970436', account: ' 0011 0040\t12345 ', accountName: 'UBND XA A' } }).feeAccount?.account).toBe('0011004012345');
    expect(PublicSettings.safeParse({ feeAccount: { bin: '970436', account: '0011-004012345', accountName: 'UBND XA A' } }).success).toBe(false);
  });

  it('has the file lane\'s upload cap and eviction age, defaulting to the behaviour before they were settings', () => {
    // No cap, and the age the counter evicted confirmed files after (db/files.ts).
    expect(defaultSettings()).toMatchObject({ fileUploadKbps: 0, fileEvictionDays: FILE_EVICTION_DAYS });
    expect(DEFAULT_FILE_EVICTION_DAYS).toBe(FILE_EVICTION_DAYS);
    const ok = (patch: Record<string, unknown>) => SettingsPatch.safeParse(patch).success;
    expect(ok({ fileUploadKbps: 0 })).toBe(true);
    expect(ok({ fileUploadKbps: MIN_FILE_UPLOAD_KBPS })).toBe(true);
    expect(ok({ fileUploadKbps: MAX_FILE_UPLOAD_KBPS })).toBe(true);
    // A cap so low a chunk would take minutes, a negative or fractional one, more than the bound, not a number.
    for (const bad of [1, MIN_FILE_UPLOAD_KBPS - 1, -1, 512.5, MAX_FILE_UPLOAD_KBPS + 1, Number.NaN, '512']) expect(ok({ fileUploadKbps: bad }), String(bad)).toBe(false);
    expect(ok({ fileEvictionDays: 1 })).toBe(true);
    expect(ok({ fileEvictionDays: MAX_FILE_EVICTION_DAYS })).toBe(true);
    // Never 0 (evicted as soon as confirmed), never past the bound, only whole days.
    for (const bad of [0, -3, 1.5, MAX_FILE_EVICTION_DAYS + 1, Number.NaN, null]) expect(ok({ fileEvictionDays: bad }), String(bad)).toBe(false);
  });

  it('accepts http(s) gateway URLs only, and no longer an agency code (the enrollment names the agency)', () => {
    expect(PublicSettings.safeParse({ agencyCode: '000.17.22.H56' }).success).toBe(false);
    expect(PublicSettings.safeParse({ gatewayUrl: 'https://gw.tinh.gov.vn:8443/api' }).success).toBe(true);
    expect(PublicSettings.safeParse({ gatewayUrl: 'https://user:pw@gw.tinh.gov.vn/' }).success).toBe(false);
    expect(PublicSettings.safeParse({ gatewayUrl: 'file:///etc/passwd' }).success).toBe(false);
  });

  it('keeps absent fields absent in a patch (no defaults filled in)', () => {
    expect(SettingsPatch.parse({ language: 'en' })).toEqual({ language: 'en' });
    expect(SettingsPatch.safeParse({ technicianPin: null }).success).toBe(false);
  });
});

describe('settings migrations', () => {
  const v1 = JSON.parse(readFileSync(join(__dirname, 'fixtures/settings-v1.json'), 'utf8')) as unknown;

  it('brings a v1 file to the current version', () => {
    const m = migrateSettings(v1);
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect(m.from).toBe(1);
    expect(m.applied).toEqual([1, 2, 3]);
    const s = Settings.parse(m.value);
    expect(s.serialScanners[0]).toMatchObject({ id: 'desk', path: '/dev/ttyACM0', baudRate: 115200, terminator: 'auto' });
    expect(s.idleTimeoutSeconds).toBe(46);
    expect(s.language).toBe('en');
    expect(s.role).toBe('kiosk');
    expect(s.counterName).toBe('Quầy 1');
    expect(s).not.toHaveProperty('agencyCode');
    expect(s).toMatchObject({ schemaVersion: SETTINGS_VERSION, fileUploadKbps: 0, fileEvictionDays: 30 });
  });

  it('drops the agency code nothing read (v2 → v3) and keeps every other field', () => {
    const v2 = {
      schemaVersion: 2, role: 'kiosk', agencyCode: '000.17.22.H56', counterName: 'Quầy 2', gatewayUrl: null, feeAccount: null,
      printerName: 'EPSON TM-T82', idleTimeoutSeconds: 90, language: 'en', serialScanners: [], cameraDeviceId: 'cam-2',
      wedge: { prefix: '#', maxScanGapMs: 40, minHumanGapMs: 80 }, technicianPin: null,
    };
    const m = migrateSettings(v2, 3);
    expect(m).toMatchObject({ ok: true, from: 2, applied: [2] });
    if (!m.ok) return;
    const { agencyCode: _dropped, ...rest } = v2;
    expect(m.value).toEqual({ ...rest, schemaVersion: 3 });
    const current = migrateSettings(v2);
    expect(current.ok && Settings.parse(current.value)).toMatchObject({ printerName: 'EPSON TM-T82', cameraDeviceId: 'cam-2', wedge: { prefix: '#' } });
  });

  it('gives a v3 file the file lane\'s settings as they behaved before (v3 → v4), every other field kept', () => {
    const v3 = {
      schemaVersion: 3, role: 'counter', counterName: 'Quầy 2', gatewayUrl: 'https://gw.example.vn', feeAccount: null, printerName: null,
      idleTimeoutSeconds: 90, language: 'en', theme: 'high-contrast', serialScanners: [], cameraDeviceId: null, scanFolder: 'C:\\Scan',
      wedge: { prefix: '#', maxScanGapMs: 40, minHumanGapMs: 80 }, technicianPin: null,
    };
    const m = migrateSettings(v3);
    expect(m).toMatchObject({ ok: true, from: 3, applied: [3] });
    if (!m.ok) return;
    expect(m.value).toEqual({ ...v3, schemaVersion: 4, fileUploadKbps: 0, fileEvictionDays: 30 });
    expect(Settings.parse(m.value)).toMatchObject({ fileUploadKbps: 0, fileEvictionDays: FILE_EVICTION_DAYS, scanFolder: 'C:\\Scan', theme: 'high-contrast' });
  });

  it('raises a v1 idle time below the new minimum to 30 s', () => {
    const m = migrateSettings({ idleTimeoutMs: 10_000 });
    expect(m.ok && Settings.parse(m.value).idleTimeoutSeconds).toBe(30);
  });

  it('does not touch a current file and refuses a newer or malformed one', () => {
    const cur = { ...defaultSettings() };
    expect(migrateSettings(cur)).toMatchObject({ ok: true, applied: [] });
    expect(migrateSettings({ schemaVersion: SETTINGS_VERSION + 1 })).toMatchObject({ ok: false, reason: 'newer-version' });
    expect(migrateSettings({ schemaVersion: 'two' })).toMatchObject({ ok: false, reason: 'bad-version' });
    expect(migrateSettings([1, 2])).toMatchObject({ ok: false, reason: 'not-an-object' });
  });
});

describe('technician messages', () => {
  it('has a Vietnamese and an English message for every settings error code', async () => {
    const { SETTINGS_ERROR_CODES } = await import('../../src/shared/settings');
    const { CATALOG } = await import('../../src/shared/messages');
    for (const code of SETTINGS_ERROR_CODES) {
      expect(CATALOG.vi.settings[code], code).toBeTruthy();
      expect(CATALOG.en.settings[code], code).toBeTruthy();
    }
  });
});
