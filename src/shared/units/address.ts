/**
 * Reading the address printed on a citizen ID card into today's commune.
 *
 * Since 1 July 2025 Vietnam has two levels of local government (Decision 19/2025/QĐ-TTg: 34
 * provinces, 3,321 communes with 5-digit codes) and no districts; citizens keep their cards, so most
 * card addresses still name a pre-merger commune, district and province ("Xã Tân Trào, Huyện Sơn
 * Dương, Tỉnh Tuyên Quang"), often abbreviated ("X.", "P.", "TT.", "H.", "Q.", "TX.", "TP.", "T.").
 *
 * `suggestCommune` **suggests** the current commune; the card's text is never rewritten. It answers
 * `current` only when the reading is unambiguous: the commune exists today under that name in that
 * province (two-level address), or the pre-merger commune went whole into exactly one new commune.
 * A commune split between several new ones, or a name it cannot place, is `ambiguous` (with the
 * candidates) or `unknown`: flagged for the officer, never guessed.
 */
import type { UnitsData } from './data';

export type UnitKind = 'commune' | 'district' | 'province';

interface Typed { kind: UnitKind | 'city' | null; type: string | null; name: string }

export interface UnitRef { code: string; name: string; provinceCode: string }

export interface ParsedAddress {
  /** What was read as commune, district and province (as printed, without the type word). */
  commune: string | null;
  district: string | null;
  province: string | null;
}

export type CommuneSuggestion =
  | { status: 'current'; commune: UnitRef; provinceName: string; via: 'current-name' | 'merger'; parsed: ParsedAddress }
  | { status: 'ambiguous'; candidates: UnitRef[]; reason: 'split' | 'partial' | 'same-name' | 'not-as-printed'; parsed: ParsedAddress }
  | { status: 'unknown'; reason: 'empty' | 'no-province' | 'no-commune' | 'not-found'; parsed: ParsedAddress };

// ---------------------------------------------------------------------------------------------
// Normalisation

const TONE_PLACEMENT: Record<string, string> = {
  'oà': 'òa', 'oá': 'óa', 'oả': 'ỏa', 'oã': 'õa', 'oạ': 'ọa',
  'oè': 'òe', 'oé': 'óe', 'oẻ': 'ỏe', 'oẽ': 'õe', 'oẹ': 'ọe',
  'uỳ': 'ùy', 'uý': 'úy', 'uỷ': 'ủy', 'uỹ': 'ũy', 'uỵ': 'ụy',
};
const TONE_RE = new RegExp(`(${Object.keys(TONE_PLACEMENT).join('|')})(?![\\p{L}])`, 'gu');

/** Lower case, NFC, modern tone placement, numbers without leading zeros, single spaces. */
export function exactKey(s: string): string {
  return s.normalize('NFC').toLocaleLowerCase('vi')
    .replace(TONE_RE, (m) => TONE_PLACEMENT[m] ?? m)
    .replace(/[.,;:()"'’`]/g, ' ')
    .replace(/-/g, ' ')
    .replace(/\b0+(\d)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `exactKey` without any diacritic (đ → d): the key a mistyped or unaccented address still meets. */
export function looseKey(s: string): string {
  return exactKey(s).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').normalize('NFC');
}

/** Type words, longest first, as loose keys with what they mean. "tp" is a city at either level. */
const TYPES: { words: string[]; kind: UnitKind | 'city'; type: string }[] = [
  { words: ['thi tran', 'tt'], kind: 'commune', type: 'thi tran' },
  { words: ['dac khu', 'dk'], kind: 'commune', type: 'dac khu' },
  { words: ['phuong', 'p'], kind: 'commune', type: 'phuong' },
  { words: ['xa', 'x'], kind: 'commune', type: 'xa' },
  { words: ['thi xa', 'tx'], kind: 'district', type: 'thi xa' },
  { words: ['huyen', 'h'], kind: 'district', type: 'huyen' },
  { words: ['quan', 'q'], kind: 'district', type: 'quan' },
  { words: ['thanh pho', 'tp'], kind: 'city', type: 'thanh pho' },
  { words: ['tinh', 't'], kind: 'province', type: 'tinh' },
];

/** Common short forms of province names on cards and forms. */
const PROVINCE_ALIASES: Record<string, string> = {
  hcm: 'ho chi minh', 'tp hcm': 'ho chi minh', tphcm: 'ho chi minh', 'sai gon': 'ho chi minh',
  hn: 'ha noi', 'brvt': 'ba ria vung tau', 'ba ria vung tau': 'ba ria vung tau',
  // Huế left Thừa Thiên Huế province to become a city under the central government (1 January 2025);
  // cards printed before still name the province.
  'thua thien hue': 'hue', 'tt hue': 'hue',
};

/** Splits a type word off the front of a part ("P.3" → phuong, "3"; "TP. Huế" → thanh pho, "Huế"). */
export function typed(part: string): Typed {
  const loose = looseKey(part);
  const exact = exactKey(part);
  for (const t of TYPES) {
    for (const w of t.words) {
      if (loose === w) continue;
      // "p 3", "p3" (abbreviation glued to a number), "phuong 3"
      const glued = w.length <= 2 && new RegExp(`^${w}(?=\\d)`).test(loose);
      if (loose.startsWith(`${w} `) || glued) {
        const cut = glued ? w.length : w.length + 1;
        // Cut the same number of words/characters off the accented form.
        const name = exactNameAfter(exact, loose, cut);
        if (name !== '') return { kind: t.kind, type: t.type, name };
      }
    }
  }
  return { kind: null, type: null, name: exact };
}

/** The accented text after the first `cut` characters of the loose form (both have equal length
 * up to diacritics, since looseKey only strips combining marks). */
function exactNameAfter(exact: string, loose: string, cut: number): string {
  // Count visible characters: the loose form is the exact one with marks removed, character for character.
  const chars = [...exact.normalize('NFC')];
  const looseChars = [...loose];
  if (chars.length !== looseChars.length) return loose.slice(cut).trim();
  return chars.slice(cut).join('').trim();
}

// ---------------------------------------------------------------------------------------------
// Index

interface CommuneEntry extends UnitRef { type: string; exact: string; loose: string }
interface OldCommune { type: string; exact: string; loose: string; codes: string[]; partial: boolean }
interface OldDistrict { type: string; exact: string; loose: string; communes: OldCommune[] }
interface OldProvince { code: string; type: string; exact: string; loose: string; newProvince: string; districts: OldDistrict[] }

export interface UnitsIndex {
  communesByCode: Map<string, CommuneEntry>;
  provinces: { code: string; name: string; type: string; exact: string; loose: string }[];
  communesByProvince: Map<string, CommuneEntry[]>;
  oldProvinces: OldProvince[];
}

function split(fullName: string): { type: string; exact: string; loose: string } {
  const t = typed(fullName);
  return { type: t.type ?? '', exact: t.name, loose: looseKey(t.name) };
}

export function buildUnitsIndex(data: UnitsData): UnitsIndex {
  const communesByCode = new Map<string, CommuneEntry>();
  const communesByProvince = new Map<string, CommuneEntry[]>();
  for (const [code, name, provinceCode] of data.communes) {
    const e: CommuneEntry = { code, name, provinceCode, ...split(name) };
    communesByCode.set(code, e);
    const list = communesByProvince.get(provinceCode) ?? [];
    list.push(e);
    communesByProvince.set(provinceCode, list);
  }
  const provinces = data.provinces.map(([code, name]) => ({ code, name, ...split(name) }));
  const oldProvinces = data.old.map(([code, name, newProvince, districts]): OldProvince => ({
    code, newProvince, ...split(name),
    districts: districts.map(([d, communes]) => ({
      ...split(d),
      communes: communes.map(([c, codes, partial]) => ({ ...(c === '' ? { type: '', exact: '', loose: '' } : split(c)), codes: codes.split('|'), partial: partial === 1 })),
    })),
  }));
  return { communesByCode, communesByProvince, provinces, oldProvinces };
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Entries whose name matches `t`: by the loose key, narrowed to the exact spelling and the type
 * word when those tell candidates apart. */
function match<E extends { type: string; exact: string; loose: string }>(list: readonly E[], t: Typed): E[] {
  const loose = looseKey(t.name);
  let found = list.filter((e) => e.loose === loose);
  if (found.length > 1) {
    const exact = found.filter((e) => e.exact === t.name);
    if (exact.length > 0) found = exact;
  }
  if (found.length > 1 && t.type) {
    const same = found.filter((e) => e.type === t.type);
    if (same.length > 0) found = same;
  }
  return found;
}

function provinceOf(index: UnitsIndex, part: string): { newCode: string; name: string; old: OldProvince[] } | null {
  const t = typed(part);
  const loose = PROVINCE_ALIASES[looseKey(t.name)] ?? looseKey(t.name);
  const name = { ...t, name: t.name };
  const nowLoose = index.provinces.filter((p) => p.loose === loose);
  const oldLoose = index.oldProvinces.filter((p) => p.loose === loose);
  const now = nowLoose.length > 0 ? nowLoose : match(index.provinces, name);
  const old = oldLoose.length > 0 ? oldLoose : match(index.oldProvinces, name);
  if (old.length === 1) {
    const newCode = old[0]!.newProvince;
    const p = index.provinces.find((x) => x.code === newCode);
    return p ? { newCode, name: p.name, old } : null;
  }
  if (now.length === 1) {
    const p = now[0]!;
    return { newCode: p.code, name: p.name, old: index.oldProvinces.filter((o) => o.newProvince === p.code) };
  }
  return null;
}

const refOf = (index: UnitsIndex, code: string): UnitRef | null => {
  const c = index.communesByCode.get(code);
  return c ? { code: c.code, name: c.name, provinceCode: c.provinceCode } : null;
};

function fromMerger(index: UnitsIndex, hits: OldCommune[], parsed: ParsedAddress, provinceName: string): CommuneSuggestion | null {
  if (hits.length === 0) return null;
  const codes = [...new Set(hits.flatMap((h) => h.codes))];
  const candidates = codes.map((c) => refOf(index, c)).filter((r): r is UnitRef => r !== null);
  if (hits.length === 1 && codes.length === 1 && !hits[0]!.partial && candidates.length === 1) {
    return { status: 'current', commune: candidates[0]!, provinceName, via: 'merger', parsed };
  }
  const reason = hits.length > 1 ? 'same-name' : codes.length > 1 ? 'split' : 'partial';
  return { status: 'ambiguous', candidates, reason, parsed };
}

/**
 * The current commune of a card address. Parts are read from the end: province, then (on a
 * pre-merger card) district, then commune; what comes before (street, hamlet, group) is ignored.
 */
export function suggestCommune(index: UnitsIndex, address: string): CommuneSuggestion {
  const parts = address.split(/[,;\n]/).map((p) => p.trim()).filter((p) => p !== '');
  const parsed: ParsedAddress = { commune: null, district: null, province: null };
  if (parts.length === 0) return { status: 'unknown', reason: 'empty', parsed };
  const provincePart = parts[parts.length - 1]!;
  const province = provinceOf(index, provincePart);
  parsed.province = typed(provincePart).name;
  if (!province) return { status: 'unknown', reason: 'no-province', parsed };

  const before = parts.slice(0, -1).map(typed);
  const last = before[before.length - 1];
  if (!last) return { status: 'unknown', reason: 'no-commune', parsed };

  // A district before the province: a pre-merger address (a city or town at that place is a district).
  const districtFirst = last.kind === 'district' || last.kind === 'city' || (last.kind === null && before.length >= 2 && before[before.length - 2]!.kind !== 'district');
  if (districtFirst) {
    const communePart = before[before.length - 2];
    const districts = province.old.flatMap((p) => match(p.districts, { ...last, kind: 'district' }));
    if (districts.length > 0 && communePart) {
      parsed.district = last.name;
      parsed.commune = communePart.name;
      const hits = districts.flatMap((d) => match(d.communes, communePart));
      const r = fromMerger(index, hits, parsed, province.name);
      if (r) return r;
      // Named with a district, but not a pre-merger commune of it: offer today's namesake, unconfirmed.
      const now = match(index.communesByProvince.get(province.newCode) ?? [], communePart);
      if (now.length > 0) return { status: 'ambiguous', candidates: now.map((c) => refOf(index, c.code)!), reason: 'not-as-printed', parsed };
      return { status: 'unknown', reason: 'not-found', parsed };
    }
    if (last.kind === 'district') {
      parsed.district = last.name;
      parsed.commune = communePart?.name ?? null;
      return { status: 'unknown', reason: communePart ? 'not-found' : 'no-commune', parsed };
    }
  }

  // A two-level address: commune, province. A city named before the province that the pre-merger
  // list does not hold (Huế's, reorganised in January 2025), after a commune: read the commune.
  const beforeCity = last.kind === 'city' ? before[before.length - 2] : undefined;
  if (beforeCity?.kind === 'commune') parsed.district = last.name;
  const communePart = beforeCity?.kind === 'commune' ? beforeCity : last.kind === 'city' ? { ...last, kind: 'commune' as const } : last;
  parsed.commune = communePart.name;
  const now = match(index.communesByProvince.get(province.newCode) ?? [], communePart);
  // Pre-merger communes of the province by that name (a card printed before 1 July 2025, without
  // its district, reads the same as a two-level address).
  const loose = looseKey(communePart.name);
  const oldHits = province.old.flatMap((p) => p.districts.flatMap((d) => d.communes.filter((c) => c.loose === loose
    && (communePart.type === null || c.type === communePart.type))));
  if (now.length === 1) {
    const c = now[0]!;
    // Confident only when today's commune is the one printed, word for word (an address typed
    // without any accent may match by letters alone), of the type printed ("thị trấn" no longer
    // exists: such a card is pre-merger), and no pre-merger commune of that name went elsewhere.
    const unaccented = communePart.name === loose;
    const asPrinted = (c.exact === communePart.name || (unaccented && c.loose === loose))
      && (communePart.type === null || communePart.type === c.type);
    const elsewhere = oldHits.filter((h) => h.partial || h.codes.length !== 1 || h.codes[0] !== c.code);
    if (asPrinted && elsewhere.length === 0) return { status: 'current', commune: refOf(index, c.code)!, provinceName: province.name, via: 'current-name', parsed };
    const codes = [...new Set([c.code, ...elsewhere.flatMap((h) => h.codes)])];
    const candidates = codes.map((code) => refOf(index, code)).filter((r): r is UnitRef => r !== null);
    return { status: 'ambiguous', candidates, reason: elsewhere.length > 0 ? 'same-name' : 'not-as-printed', parsed };
  }
  if (now.length > 1) return { status: 'ambiguous', candidates: now.map((c) => refOf(index, c.code)!), reason: 'same-name', parsed };
  // Not a commune of today: a pre-merger commune printed without its district. Never confident.
  const hits = province.old.flatMap((p) => p.districts.flatMap((d) => match(d.communes, communePart)));
  const r = fromMerger(index, hits, parsed, province.name);
  if (r?.status === 'current') return { status: 'ambiguous', candidates: [r.commune], reason: 'not-as-printed', parsed };
  return r ?? { status: 'unknown', reason: 'not-found', parsed };
}
