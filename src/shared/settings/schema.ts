/**
 * The kiosk's settings as one schema (the current version). Pure: the host validates every read,
 * update and import against it. Secrets (the technician PIN hash) live in the same file but are
 * listed in `SECRET_KEYS`, never exported, never imported and never shown to the renderer.
 */
import { z } from 'zod';
import { SerialScannerConfig } from '../scan/serial-config';
import { WedgeOptions } from '../scan/wedge/options';
import { feeAccountProblem, plainAccount } from './fee-account';
import { QueueOfficeSettings } from '../queue/lan';

export const SETTINGS_VERSION = 4;

/** Below 30 s a citizen reading a screen is interrupted; the default follows docs/RELIABILITY.md item 20
 * (warn ≥ 20 s before clearing, so 60 s leaves 40 s of quiet before the warning). */
export const MIN_IDLE_SECONDS = 30;
export const DEFAULT_IDLE_SECONDS = 60;

/**
 * The file lane's upload cap (digitised documents, docs/SYNC-PROTOCOL.md §13), in kilobits per
 * second as a line is sold (1 kbit/s = 125 bytes/s); 0: none (the default, as before the setting).
 * Below 64 kbit/s one 256 KiB chunk would take over half a minute.
 */
export const MIN_FILE_UPLOAD_KBPS = 64;
export const MAX_FILE_UPLOAD_KBPS = 1_000_000;
/** How many days a counter keeps a digitised file's bytes after the gateway confirmed it (db/files.ts
 * `evictConfirmedFiles`); the default is the age used before the setting (`FILE_EVICTION_DAYS`). */
export const MIN_FILE_EVICTION_DAYS = 1;
export const MAX_FILE_EVICTION_DAYS = 365;
export const DEFAULT_FILE_EVICTION_DAYS = 30;

export const Role = z.enum(['counter', 'kiosk']);
export const Language = z.enum(['vi', 'en']);
/** The staff screens' look (the design system's tokens.css themes). */
export const Theme = z.enum(['light', 'high-contrast']);

/** http(s), a host, an optional port and path; no credentials in the authority (src/shared has
 * no URL class: it runs without DOM or Node types). */
const GATEWAY_URL = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[^\s#?]*)?$/;
const GatewayUrl = z.string().trim().max(300).regex(GATEWAY_URL, { message: 'gateway URL must be http(s)://host[:port][/path]' });

export const FeeAccount = z.object({
  /** NAPAS bank identification number (6 digits). */
  bin: z.string().trim(),
  account: z.string().max(64).transform(plainAccount),
  /** Shown next to the QR so a citizen can check whom they pay; ASCII upper case as banks print it. */
  accountName: z.string().trim().max(70),
}).strict().superRefine((acc, ctx) => {
  const problem = feeAccountProblem(acc);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: problem === 'bad-bin' ? ['bin'] : ['account'], params: { code: problem } });
});
export type FeeAccount = z.infer<typeof FeeAccount>;

/** scrypt parameters and hash in one string (`scrypt$N$r$p$base64`), salt base64. */
export const TechnicianPin = z.object({
  hash: z.string().min(1).max(512),
  salt: z.string().min(1).max(128),
  setAt: z.number(),
}).strict();
export type TechnicianPin = z.infer<typeof TechnicianPin>;

/** Each field's rule, without defaults (a patch must not fill absent fields with defaults). */
const fields = {
  /** Which screen the hosts open at start (counter → `#/counter`, kiosk → `#/kiosk`); read once
   * at start, so a change applies after a restart. */
  role: Role,
  /** The default device name offered at enrollment. */
  counterName: z.string().trim().max(64),
  gatewayUrl: GatewayUrl.nullable(),
  feeAccount: FeeAccount.nullable(),
  /** The receipt printer's name as the OS knows it: the Electron host prints to it without a
   * dialog; null (or the browser host) prints through the print dialog. */
  printerName: z.string().trim().min(1).max(260).nullable(),
  idleTimeoutSeconds: z.number().int().min(MIN_IDLE_SECONDS).max(3600),
  /** The screens' language at start and whenever it changes (a citizen may switch for a while). */
  language: Language,
  /** The screens' theme: light, or high contrast for a bright room or an officer's eyes; applied at once. */
  theme: Theme,
  // Lazy: contract.ts spreads settingsBridgeCalls (./bridge), which imports this file, so the two
  // modules import each other; neither may read the other's schemas while it is loading.
  serialScanners: z.array(SerialScannerConfig).max(8),
  /** The keyboard-wedge decoder's options, applied to the running listener when they change. */
  wedge: WedgeOptions,
  /** The camera the camera scanner opens (a `MediaDeviceInfo.deviceId`); null: the browser's choice. */
  cameraDeviceId: z.string().min(1).max(256).nullable(),
  /** The folder a flatbed or feeder scanner saves to: the host offers each new file to the counter
   * (src/main/scan-folder); null: none. */
  scanFolder: z.string().trim().min(1).max(1024).nullable(),
  /** The file lane's upload cap in kbit/s (0: none), applied to the running lane when it changes. */
  fileUploadKbps: z.number().int().min(0).max(MAX_FILE_UPLOAD_KBPS)
    .refine((v) => v === 0 || v >= MIN_FILE_UPLOAD_KBPS, { message: `0 (no cap) or at least ${MIN_FILE_UPLOAD_KBPS} kbit/s` }),
  /** Days a confirmed file's bytes stay on the counter (never before the gateway confirmed it). */
  fileEvictionDays: z.number().int().min(MIN_FILE_EVICTION_DAYS).max(MAX_FILE_EVICTION_DAYS),
};

const publicShape = {
  role: fields.role.default('counter'),
  counterName: fields.counterName.default(''),
  gatewayUrl: fields.gatewayUrl.default(null),
  feeAccount: fields.feeAccount.default(null),
  printerName: fields.printerName.default(null),
  idleTimeoutSeconds: fields.idleTimeoutSeconds.default(DEFAULT_IDLE_SECONDS),
  language: fields.language.default('vi'),
  theme: fields.theme.default('light'),
  serialScanners: fields.serialScanners.default(() => []),
  wedge: fields.wedge.default(() => WedgeOptions.parse({})),
  cameraDeviceId: fields.cameraDeviceId.default(null),
  scanFolder: fields.scanFolder.default(null),
  fileUploadKbps: fields.fileUploadKbps.default(0),
  fileEvictionDays: fields.fileEvictionDays.default(DEFAULT_FILE_EVICTION_DAYS),
};

/** Everything a technician may see, export and import. */
export const PublicSettings = z.object(publicShape).strict();
export type PublicSettings = z.output<typeof PublicSettings>;

export const Settings = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION),
  ...publicShape,
  technicianPin: TechnicianPin.nullable().default(null),
}).strict();
export type Settings = z.output<typeof Settings>;
export type SettingsInput = z.input<typeof Settings>;

/** A change from the console: any public field; nested objects are replaced, not merged, and
 * absent fields stay as they are. */
export const SettingsPatch = z.object(fields).partial().strict();
export type SettingsPatch = z.input<typeof SettingsPatch>;

/** Keys that are secret wherever they appear (settings, exports, logs, bundles). */
export const SECRET_KEYS = ['technicianPin', 'deviceToken', 'token'] as const;

export function isSecretSettingsKey(key: string): boolean {
  return (SECRET_KEYS as readonly string[]).includes(key);
}

export function defaultSettings(): Settings {
  return Settings.parse({ schemaVersion: SETTINGS_VERSION });
}

export function publicSettings(s: Settings): PublicSettings {
  const { schemaVersion: _v, technicianPin: _p, ...rest } = s;
  return rest;
}

/** The file a technician exports (and may import on another kiosk of the same commune). */
export const SettingsExport = z.object({
  format: z.literal('mot-cua-settings'),
  schemaVersion: z.number().int().min(1),
  exportedAt: z.string(),
  settings: z.record(z.string(), z.unknown()),
  /** The office's shared queue settings (absent in files of older versions). */
  queue: QueueOfficeSettings.optional(),
});
export type SettingsExport = z.infer<typeof SettingsExport>;
