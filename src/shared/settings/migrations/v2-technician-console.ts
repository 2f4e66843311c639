/**
 * v1 → v2 (the technician console). v1 was the foundation host's file: role, agency, counter,
 * gateway URL, `scanners`, `idleTimeoutMs` and a BCP 47 `language` ("vi-VN"). v2 renames
 * `scanners` to `serialScanners`, counts idle time in seconds (at least the new minimum) and
 * keeps only the language subtag. Never edit a released migration: add the next one.
 */
type Raw = Record<string, unknown>;

export function v1ToV2(v1: Raw): Raw {
  const { scanners, idleTimeoutMs, language, ...rest } = v1;
  const out: Raw = { ...rest, schemaVersion: 2 };
  if (scanners !== undefined) out.serialScanners = scanners;
  if (typeof idleTimeoutMs === 'number' && Number.isFinite(idleTimeoutMs)) {
    out.idleTimeoutSeconds = Math.max(30, Math.ceil(idleTimeoutMs / 1000));
  }
  if (typeof language === 'string') {
    const primary = language.toLowerCase().split(/[-_]/)[0];
    out.language = primary === 'en' ? 'en' : 'vi';
  }
  return out;
}
