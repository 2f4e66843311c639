/**
 * Builds the administrative-unit data the app ships (src/shared/units/units-2025.json) from the
 * files `extract_units.py` writes:
 *
 *   python3 scripts/units/extract_units.py <bare clone of vietnamese-provinces-database> /tmp/units
 *   npx tsx scripts/units/build-units.ts /tmp/units
 *
 * Kept: the 34 provinces and 3,321 communes in force (current names and types, tone marks in the
 * modern placement the national statistics office uses: "Hòa", "Thủy"), and the old → new commune
 * mapping rows the extraction marked `matched`, grouped by old province and district, so an
 * address printed on a card before the 2025 merger can be read. Rows the extraction could not
 * match are left out: such an address is flagged at intake, never guessed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: tsx scripts/units/build-units.ts <directory written by extract_units.py>\n');
  process.exit(2);
}
const read = <T>(f: string): T => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as T;

/** Old-style tone placement ("oà", "uỷ") → the modern one ("òa", "ủy"), as NFC. */
function modernTones(s: string | null): string {
  if (s === null) return '';
  const map: Record<string, string> = {
    'oà': 'òa', 'oá': 'óa', 'oả': 'ỏa', 'oã': 'õa', 'oạ': 'ọa',
    'oè': 'òe', 'oé': 'óe', 'oẻ': 'ỏe', 'oẽ': 'õe', 'oẹ': 'ọe',
    'uỳ': 'ùy', 'uý': 'úy', 'uỷ': 'ủy', 'uỹ': 'ũy', 'uỵ': 'ụy',
  };
  let out = s.normalize('NFC');
  for (const [from, to] of Object.entries(map)) {
    // Only at the end of a syllable: "hoàn" keeps its mark where it is.
    out = out.replace(new RegExp(`${from}(?![\\p{L}])`, 'gu'), to);
    const F = from[0]!.toUpperCase() + from.slice(1);
    const T = to[0]!.toUpperCase() + to.slice(1);
    out = out.replace(new RegExp(`${F}(?![\\p{L}])`, 'gu'), T);
  }
  return out;
}

/** "xã Bắc Sơn" → "Xã Bắc Sơn" (the source has one such slip). */
const capitalised = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

interface Province { code: string; full_name: string; name: string }
interface Commune { code: string; full_name: string; province_code: string }
interface Row {
  new_code: string; old_code: string | null; old_full_name: string; old_district: string | null;
  old_province_code: string | null; old_province: string | null; new_province_code: string; partial: boolean; status: string;
}
interface Source { repository: string; head_commit: string; head_commit_date: string; head_json: string }

const provinces = read<Province[]>('provinces.json');
const communes = read<Commune[]>('communes.json');
const rows = read<{ rows: Row[] }>('old_to_new_mapping.json').rows.filter((r) => r.status === 'matched' && r.old_province_code);
const source = read<Source>('source.json');

// old province → districts → communes → new codes
const old = new Map<string, { name: string; newProvince: string; districts: Map<string, Map<string, { codes: Set<string>; partial: boolean }>> }>();
for (const r of rows) {
  const p = old.get(r.old_province_code!) ?? { name: modernTones(r.old_province!), newProvince: r.new_province_code, districts: new Map() };
  old.set(r.old_province_code!, p);
  const d = p.districts.get(modernTones(r.old_district ?? '')) ?? new Map();
  p.districts.set(modernTones(r.old_district ?? ''), d);
  // An island district became one special zone as a whole: its "commune" is the empty name.
  const name = modernTones(r.old_full_name ?? '');
  const c = d.get(name) ?? { codes: new Set<string>(), partial: false };
  c.codes.add(r.new_code);
  c.partial ||= r.partial;
  d.set(name, c);
}

const data = {
  source: {
    dataset: source.repository,
    commit: source.head_commit,
    committed: source.head_commit_date.slice(0, 10),
    file: source.head_json,
    basis: 'Quyết định 19/2025/QĐ-TTg (mã số đơn vị hành chính, hiệu lực 01/07/2025), with later changes up to the commit date',
    licence: 'MIT, Copyright (c) 2021 Thang Le Quoc (LICENSE.vietnamese-provinces-database.txt)',
    mapping: 'derived by the dataset extraction from the "formed from" text of each new unit; matched rows only',
  },
  /** [code, full name] */
  provinces: provinces.map((p) => [p.code, modernTones(p.full_name)]).sort(),
  /** [code, full name, province code] */
  communes: communes.map((c) => [c.code, capitalised(modernTones(c.full_name)), c.province_code]).sort(),
  /** [old province code, old full name, new province code, [[district, [[commune, new codes joined by "|", 1 if partly]]]]] */
  old: [...old.entries()].sort().map(([code, p]) => [code, p.name, p.newProvince,
    [...p.districts.entries()].sort().map(([d, cs]) => [d, [...cs.entries()].sort().map(([c, v]) => [c, [...v.codes].sort().join('|'), v.partial ? 1 : 0])])]),
};
const out = path.join(process.cwd(), 'src/shared/units/units-2025.json');
writeFileSync(out, `${JSON.stringify(data)}\n`);
process.stdout.write(`${JSON.stringify({ out, provinces: data.provinces.length, communes: data.communes.length, oldProvinces: data.old.length, rows: rows.length })}\n`);
