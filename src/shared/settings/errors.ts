/**
 * Machine codes of the settings, technician, secret and support services. The host throws them as
 * `BridgeError`s with an English message for logs; the console shows the catalog's message
 * (src/shared/messages, group `settings`).
 */
import { z } from 'zod';

export const SETTINGS_ERROR_CODES = [
  'settings-invalid',
  'settings-corrupt',
  'settings-newer',
  'settings-write-failed',
  'import-invalid',
  'pin-not-set',
  'pin-already-set',
  'pin-format',
  'pin-wrong',
  'pin-locked',
  'technician-locked',
  'secret-unavailable',
  'secret-invalid-name',
  'bundle-failed',
] as const;

export const SettingsErrorCode = z.enum(SETTINGS_ERROR_CODES);
export type SettingsErrorCode = z.infer<typeof SettingsErrorCode>;
