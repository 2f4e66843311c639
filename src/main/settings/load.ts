/**
 * Reading a settings file: JSON, then migrations, then the schema. Returns what was found, never
 * throws on bad content (a kiosk must start whatever is on its disk).
 */
import { z } from 'zod';
import { migrateSettings, Settings, SETTINGS_VERSION } from '../../shared/settings';

export type LoadResult =
  | { kind: 'ok'; value: Settings; migratedFrom: number | null }
  /** Written by a newer version of the app (a rollback): fields this version knows were kept. */
  | { kind: 'newer'; value: Settings | null; version: number }
  | { kind: 'invalid'; reason: string };

/** A file from a newer version has fields this one does not know: keep the ones it does. */
const KnownFields = z.object(Settings.shape);

export function loadSettingsText(text: string): LoadResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'not-json' };
  }
  const m = migrateSettings(raw);
  if (!m.ok && m.reason === 'newer-version') {
    const known = KnownFields.safeParse({ ...(raw as object), schemaVersion: SETTINGS_VERSION });
    return { kind: 'newer', value: known.success ? Settings.parse(known.data) : null, version: m.from ?? 0 };
  }
  if (!m.ok) return { kind: 'invalid', reason: m.reason };
  const parsed = Settings.safeParse(m.value);
  if (!parsed.success) {
    return { kind: 'invalid', reason: `schema: ${z.prettifyError(parsed.error)}` };
  }
  return { kind: 'ok', value: parsed.data, migratedFrom: m.applied.length > 0 ? m.from : null };
}

/** `2026-11-26T19-52-38-123Z`: sortable, and legal in a Windows file name (no colons). */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[:.]/g, '-');
}
