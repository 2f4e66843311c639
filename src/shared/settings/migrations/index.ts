/**
 * Settings migrations: numbered pure functions, `MIGRATIONS[n]` turns version n into n + 1.
 * A file without `schemaVersion` is version 1 (the foundation host wrote none).
 */
import { SETTINGS_VERSION } from '../schema';
import { v1ToV2 } from './v2-technician-console';
import { v2ToV3 } from './v3-unread-agency-code';
import { v3ToV4 } from './v4-file-lane';

type Raw = Record<string, unknown>;

export const MIGRATIONS: Readonly<Record<number, (old: Raw) => Raw>> = {
  1: v1ToV2,
  2: v2ToV3,
  3: v3ToV4,
};

export type MigrationResult =
  | { ok: true; value: Raw; from: number; applied: number[] }
  | { ok: false; reason: 'not-an-object' | 'bad-version' | 'newer-version'; from: number | null };

export function settingsVersionOf(raw: unknown): number | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const v = (raw as Raw).schemaVersion;
  if (v === undefined) return 1;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null;
}

/** Brings a parsed settings object up to `SETTINGS_VERSION`; it is validated by the caller. */
export function migrateSettings(raw: unknown, target: number = SETTINGS_VERSION): MigrationResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, reason: 'not-an-object', from: null };
  const from = settingsVersionOf(raw);
  if (from === null) return { ok: false, reason: 'bad-version', from: null };
  if (from > target) return { ok: false, reason: 'newer-version', from };
  let value: Raw = { ...(raw as Raw) };
  const applied: number[] = [];
  for (let v = from; v < target; v++) {
    const step = MIGRATIONS[v];
    if (!step) return { ok: false, reason: 'bad-version', from };
    value = step(value);
    value.schemaVersion = v + 1;
    applied.push(v);
  }
  return { ok: true, value, from, applied };
}
