import { copyFile, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageAtStart, SettingsStore } from '../../src/main/settings';
import { SETTINGS_VERSION } from '../../src/shared/settings';
import { manualClock, tempDir } from './helpers';
import { issuesText } from '../../src/shared/messages/issues';
import type { BridgeIssue } from '../../src/shared/bridge/error';

const feeAccount = { bin: '970436', account: '0011004012345', accountName: 'UBND XA AN BINH' };

describe('SettingsStore', () => {
  it('writes defaults on first open and reads them back after a restart', async () => {
    const dir = await tempDir();
    const s1 = await SettingsStore.open(dir);
    expect(s1.get().role).toBe('counter');
    await s1.update({ role: 'kiosk', counterName: 'Quầy 2', feeAccount });
    const s2 = await SettingsStore.open(dir);
    expect(s2.getPublic()).toMatchObject({ role: 'kiosk', counterName: 'Quầy 2', feeAccount });
    expect(s2.alerts()).toEqual([]);
  });

  it('writes with 0600 and keeps the previous file as .bak, leaving no temp files', async () => {
    const dir = await tempDir();
    const s = await SettingsStore.open(dir);
    await s.update({ counterName: 'A' });
    await s.update({ counterName: 'B' });
    const bak = JSON.parse(await readFile(s.backupFile, 'utf8')) as { counterName: string };
    expect(bak.counterName).toBe('A');
    if (process.platform !== 'win32') expect((await stat(s.file)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects an invalid patch, unknown or protected fields, and keeps the file unchanged', async () => {
    const dir = await tempDir();
    const s = await SettingsStore.open(dir);
    const before = await readFile(s.file, 'utf8');
    // The message (the console's {{detail}}) is zod's own report: the problem and its path.
    await expect(s.update({ idleTimeoutSeconds: 5 })).rejects.toMatchObject({ code: 'settings-invalid', message: expect.stringMatching(/→ at idleTimeoutSeconds/) });
    await expect(s.update({ technicianPin: { hash: 'x', salt: 'y', setAt: 0 } })).rejects.toMatchObject({ code: 'settings-invalid' });
    await expect(s.update({ schemaVersion: 9 })).rejects.toMatchObject({ code: 'settings-invalid' });
    await expect(s.update({ feeAccount: { ...feeAccount, bin: '12' } })).rejects.toMatchObject({ code: 'settings-invalid' });
    expect(await readFile(s.file, 'utf8')).toBe(before);
  });

  it('notifies listeners with the new and old settings', async () => {
    const s = await SettingsStore.open(await tempDir());
    const seen: string[] = [];
    const off = s.onChange((next, prev) => seen.push(`${prev.language}->${next.language}`));
    await s.update({ language: 'en' });
    off();
    await s.update({ language: 'vi' });
    expect(seen).toEqual(['vi->en']);
  });

  it('reads the language at start synchronously: Vietnamese without a file, with a broken one, and unless English was chosen', async () => {
    const dir = await tempDir();
    expect(languageAtStart(dir)).toBe('vi');
    const s = await SettingsStore.open(dir);
    await s.update({ language: 'en' });
    expect(languageAtStart(dir)).toBe('en');
    await s.update({ language: 'vi' });
    expect(languageAtStart(dir)).toBe('vi');
    await writeFile(s.file, '{ not json');
    expect(languageAtStart(dir)).toBe('vi');
  });

  it('serialises concurrent updates so none is lost', async () => {
    const s = await SettingsStore.open(await tempDir());
    await Promise.all([s.update({ counterName: 'Quầy 3' }), s.update({ language: 'en' }), s.update({ idleTimeoutSeconds: 90 })]);
    const again = await SettingsStore.open(s.dir);
    expect(again.getPublic()).toMatchObject({ counterName: 'Quầy 3', language: 'en', idleTimeoutSeconds: 90 });
  });

  it('migrates an old v1 file on open and keeps the original as .bak', async () => {
    const dir = await tempDir();
    await copyFile(join(__dirname, 'fixtures/settings-v1.json'), join(dir, 'settings.json'));
    const s = await SettingsStore.open(dir);
    expect(s.get()).toMatchObject({ schemaVersion: SETTINGS_VERSION, role: 'kiosk', idleTimeoutSeconds: 46, language: 'en' });
    expect(s.get().serialScanners).toHaveLength(1);
    const onDisk = JSON.parse(await readFile(s.file, 'utf8')) as { schemaVersion: number };
    expect(onDisk.schemaVersion).toBe(SETTINGS_VERSION);
    expect(await readFile(s.backupFile, 'utf8')).toContain('idleTimeoutMs');
    expect(s.alerts()).toEqual([]);
  });

  it('moves a corrupt file aside, restores the backup and alerts the technician across restarts', async () => {
    const dir = await tempDir();
    const clock = manualClock();
    const s = await SettingsStore.open(dir, clock);
    await s.update({ counterName: 'Quầy 1' });
    await s.update({ counterName: 'Quầy 2' });
    await writeFile(s.file, '{"role": "kiosk", "counterN'); // a power cut mid-write by some other tool
    const s2 = await SettingsStore.open(dir, clock);
    expect(s2.get().counterName).toBe('Quầy 1');
    const [alert] = s2.alerts();
    expect(alert).toMatchObject({ code: 'settings-corrupt', at: clock.now(), restored: 'backup', reason: 'not-json' });
    expect(alert!.file).toMatch(/settings\.corrupt-2026-11-26T08-00-00-000Z\.json$/);
    expect(await readFile(alert!.file, 'utf8')).toBe('{"role": "kiosk", "counterN');
    const s3 = await SettingsStore.open(dir, clock);
    expect(s3.alerts()).toHaveLength(1);
    await s3.dismissAlerts();
    expect((await SettingsStore.open(dir, clock)).alerts()).toEqual([]);
  });

  it('loads defaults when the file fails the schema and there is no usable backup', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ schemaVersion: SETTINGS_VERSION, idleTimeoutSeconds: 'soon' }));
    await writeFile(join(dir, 'settings.json.bak'), 'garbage');
    const clock = manualClock();
    const s = await SettingsStore.open(dir, clock);
    expect(s.get().idleTimeoutSeconds).toBe(60);
    expect(s.alerts()[0]).toMatchObject({ code: 'settings-corrupt', restored: 'defaults' });
    expect(s.alerts()[0]!.reason).toContain('idleTimeoutSeconds');
    // A second corruption at the same instant does not overwrite the first kept file.
    await writeFile(s.file, '[]');
    const again = await SettingsStore.open(dir, clock);
    const kept = (await readdir(dir)).filter((f) => f.startsWith('settings.corrupt-'));
    expect(kept).toHaveLength(2);
    expect(again.alerts()).toHaveLength(2);
  });

  it('keeps a file from a newer version aside and runs on the fields it knows', async () => {
    const dir = await tempDir();
    const newer = { schemaVersion: SETTINGS_VERSION + 1, role: 'kiosk', counterName: 'Quầy 9', futureField: { x: 1 } };
    await writeFile(join(dir, 'settings.json'), JSON.stringify(newer));
    const s = await SettingsStore.open(dir);
    expect(s.get()).toMatchObject({ role: 'kiosk', counterName: 'Quầy 9', schemaVersion: SETTINGS_VERSION });
    const [alert] = s.alerts();
    expect(alert).toMatchObject({ code: 'settings-newer', restored: 'file' });
    expect(JSON.parse(await readFile(alert!.file, 'utf8'))).toEqual(newer);
  });

  it('exports without secrets and imports without touching them', async () => {
    const dir = await tempDir();
    const s = await SettingsStore.open(dir);
    await s.update({ role: 'kiosk', feeAccount, printerName: 'EPSON TM-T82' });
    const pin = { hash: 'scrypt$1024$8$1$' + 'A'.repeat(44), salt: 'c2FsdHNhbHQ=', setAt: 1 };
    await s.setTechnicianPin(pin);
    const exported = s.export();
    expect(exported).not.toContain('technicianPin');
    expect(exported).not.toContain(pin.hash);
    const doc = JSON.parse(exported) as { format: string; settings: Record<string, unknown> };
    expect(doc.format).toBe('mot-cua-settings');

    const other = await SettingsStore.open(await tempDir());
    const otherPin = { ...pin, hash: 'scrypt$1024$8$1$' + 'B'.repeat(44) };
    await other.setTechnicianPin(otherPin);
    const hostile = { ...doc, settings: { ...doc.settings, technicianPin: null, deviceToken: 'stolen', counterName: 'Quầy 5' } };
    const result = await other.import(JSON.stringify(hostile));
    expect(result.ignored.sort()).toEqual(['deviceToken', 'technicianPin']);
    expect(other.get().technicianPin).toEqual(otherPin);
    expect(other.getPublic()).toMatchObject({ role: 'kiosk', feeAccount, printerName: 'EPSON TM-T82', counterName: 'Quầy 5' });
  });

  it('imports an export written by an older version through the migrations', async () => {
    const s = await SettingsStore.open(await tempDir());
    const old = { format: 'mot-cua-settings', schemaVersion: 1, exportedAt: '2026-01-01T00:00:00Z', settings: { scanners: [{ id: 'a', path: 'COM3' }], idleTimeoutMs: 120000 } };
    const r = await s.import(JSON.stringify(old));
    expect(r.migratedFrom).toBe(1);
    expect(s.get()).toMatchObject({ idleTimeoutSeconds: 120, serialScanners: [{ id: 'a', path: 'COM3' }] });
  });

  it('refuses an import that is not a valid settings export', async () => {
    const s = await SettingsStore.open(await tempDir());
    await expect(s.import('not json')).rejects.toMatchObject({ code: 'import-invalid' });
    await expect(s.import('{"settings":{}}')).rejects.toMatchObject({ code: 'import-invalid' });
    const bad = { format: 'mot-cua-settings', schemaVersion: SETTINGS_VERSION, exportedAt: 'x', settings: { idleTimeoutSeconds: 1 } };
    await expect(s.import(JSON.stringify(bad))).rejects.toMatchObject({ code: 'import-invalid' });
  });

  it('says why an import was refused in the console\'s language: not JSON, not an export, from a newer version', async () => {
    const s = await SettingsStore.open(await tempDir());
    const reason = async (text: string, lang: 'vi' | 'en') => {
      const err = await s.import(text).then(() => null, (e: unknown) => e as { code: string; issues?: BridgeIssue[] });
      expect(err?.code).toBe('import-invalid');
      expect(err?.issues?.length).toBeGreaterThan(0);
      return issuesText(err!.issues!, lang);
    };
    expect(await reason('not json', 'vi')).toMatch(/JSON/);
    expect(await reason('not json', 'vi')).not.toMatch(/not JSON/);
    expect(await reason('not json', 'en')).toMatch(/JSON/);
    const notExport = await reason('{"settings":{}}', 'vi');
    expect(notExport).toMatch(/^format: /);
    expect(notExport).not.toMatch(/Invalid|expected/);
    const newer = { format: 'mot-cua-settings', schemaVersion: SETTINGS_VERSION + 1, exportedAt: '2027-01-01T00:00:00Z', settings: {} };
    expect(await reason(JSON.stringify(newer), 'vi')).toContain(`schemaVersion: `);
    expect(await reason(JSON.stringify(newer), 'vi')).toContain(String(SETTINGS_VERSION));
    expect(await reason(JSON.stringify(newer), 'en')).toMatch(/too big/i);
    // Nothing was written by the refusals.
    expect(s.getPublic().role).toBe('counter');
  });
});
