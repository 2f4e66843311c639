/**
 * v2 → v3: drops `agencyCode`. The console let a technician type the office's agency code, but
 * nothing ever read it: the agency a kiosk serves is the one the provincial gateway names at
 * enrollment (the device identity), which receipts, dossier codes and staff sign-in use. Keeping a
 * second, typed copy only invited the two to disagree. Never edit a released migration: add the
 * next one.
 */
type Raw = Record<string, unknown>;

export function v2ToV3(v2: Raw): Raw {
  const { agencyCode: _unread, ...rest } = v2;
  return { ...rest, schemaVersion: 3 };
}
