/**
 * The administrative units the app ships (units-2025.json, built by scripts/units/build-units.ts
 * from the public dataset named in its `source`, MIT licence: LICENSE.vietnamese-provinces-database.txt).
 */
export interface UnitsData {
  source: { dataset: string; commit: string; committed: string; file: string; basis: string; licence: string; mapping: string };
  /** [code, full name] */
  provinces: [string, string][];
  /** [code, full name, province code] */
  communes: [string, string, string][];
  /** [old province code, old full name, new province code, [[district full name, [[commune full name, new codes "a|b", 1 if only part of it]]]]] */
  old: [string, string, string, [string, [string, string, 0 | 1][]][]][];
}

/** Loads the data on demand (≈ 450 KB): screens that never read an address never pay for it. */
export async function loadUnitsData(): Promise<UnitsData> {
  const mod = (await import('./units-2025.json')) as unknown as { default: UnitsData };
  return mod.default;
}
