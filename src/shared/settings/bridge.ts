/**
 * Bridge calls for the settings, technician and support services, as `{input, output, requires?}`
 * specs in the contract's shape: `settingsBridgeCalls` is spread into `bridgeCalls`
 * (src/shared/bridge/contract.ts) and `settingsBridgeEvents` into `bridgeEvents`. Reading the public
 * settings is open (every screen needs the role, language and idle timeout); changing them,
 * exporting, importing, reading the alerts and building a support bundle need an unlocked console
 * (`requires: 'technician'`, enforced by the host's dispatcher).
 */
import { z } from 'zod';
import { PublicSettings as PublicSettingsSchema, SettingsPatch as SettingsPatchSchema } from './schema';
import { PinInput, SetPinInput, TechnicianStatus, UnlockResult } from './technician';
import { SettingsErrorCode } from './errors';

const Empty = z.object({}).strict();

const PublicSettings = PublicSettingsSchema;
const SettingsPatch = SettingsPatchSchema;

export const SettingsAlert = z.object({
  code: SettingsErrorCode.extract(['settings-corrupt', 'settings-newer']),
  at: z.number(),
  file: z.string(),
  restored: z.enum(['backup', 'defaults', 'file']),
  reason: z.string(),
});
export type SettingsAlert = z.infer<typeof SettingsAlert>;

export const ImportResult = z.object({
  settings: PublicSettings,
  ignored: z.array(z.string()),
  migratedFrom: z.number().int().nullable(),
  /** The file's office queue settings were applied too (port, peers, mDNS, the backup's wait). */
  queueApplied: z.boolean().default(false),
});

export const SupportBundleInfo = z.object({
  /** Where the host wrote the bundle (the technician copies it from there, or the host offers it). */
  file: z.string(),
  bytes: z.number().int(),
  sha256: z.string(),
  logFiles: z.number().int(),
  lines: z.number().int(),
});

/** An exported settings file is a few KB; 1 MB keeps a hostile import from filling memory. */
const MAX_IMPORT = 1_000_000;

export const settingsBridgeCalls = {
  'settings.get': { input: Empty, output: PublicSettings },
  'settings.update': { input: SettingsPatch, output: PublicSettings, requires: 'technician' },
  'settings.export': { input: Empty, output: z.object({ json: z.string() }), requires: 'technician' },
  'settings.import': { input: z.object({ json: z.string().max(MAX_IMPORT) }).strict(), output: ImportResult, requires: 'technician' },
  'settings.alerts': { input: Empty, output: z.array(SettingsAlert), requires: 'technician' },
  'settings.dismissAlerts': { input: Empty, output: z.array(SettingsAlert), requires: 'technician' },
  'technician.status': { input: Empty, output: TechnicianStatus },
  'technician.unlock': { input: PinInput, output: UnlockResult },
  'technician.setPin': { input: SetPinInput, output: TechnicianStatus },
  'technician.lock': { input: Empty, output: TechnicianStatus },
  'support.bundle': { input: Empty, output: SupportBundleInfo, requires: 'technician' },
} as const;

export const settingsBridgeEvents = {
  'settings.changed': PublicSettings,
} as const;
