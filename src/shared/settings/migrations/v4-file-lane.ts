/**
 * v3 → v4: the counter's file lane gets two settings (docs/SYNC-PROTOCOL.md §13): the upload cap
 * for a slow line (`fileUploadKbps`, 0: none) and the age after which a confirmed file's bytes are
 * evicted from the counter (`fileEvictionDays`). A v3 file gets the values the app used before
 * they were settings, so nothing changes until a technician sets them; the version moves so that a
 * rollback to a v3 build reads a v4 file as a newer one (keeping the fields it knows) instead of
 * refusing unknown fields. Never edit a released migration: add the next one.
 */
type Raw = Record<string, unknown>;

export function v3ToV4(v3: Raw): Raw {
  return { fileUploadKbps: 0, fileEvictionDays: 30, ...v3, schemaVersion: 4 };
}
