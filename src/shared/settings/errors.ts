/**
 * Machine codes of the settings, technician, secret and support services. The host throws them as
 * `BridgeError`s with an English message for logs; the console translates the code
 * (src/renderer/i18n/technician.ts, `errors.<code>`).
 */
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

export type SettingsErrorCode = (typeof SETTINGS_ERROR_CODES)[number];
