/**
 * The province's settings that every device needs (docs/SYNC-PROTOCOL.md §4.4): the shapes its
 * systems issue dossier codes in beyond the official ones. Held by the gateway (admin API), fed to
 * every device in the province stream as one `province` item, applied by the scan parser.
 */
import { z } from 'zod';
import { compileDossierCodePattern } from '../domain/dossier-code';
import { AgencyCode, IsoTime } from './dossier';

/** A regular expression over the upper-case code with the named groups agency, date and seq. */
export const DossierCodePatternSpec = z.object({
  name: z.string().min(1).max(80),
  regex: z.string().min(1).max(200),
}).refine((p) => compileDossierCodePattern(p) !== null, { message: 'unusable pattern: needs (?<agency>…), (?<date>…) and (?<seq>…) and must compile' });
export type DossierCodePatternSpec = z.infer<typeof DossierCodePatternSpec>;

/**
 * One agency of the province's directory (boundary-free intake, docs/DOMAIN.md §6.4): the counter
 * shows it by name and picks the competent agency from it; a commune-level agency names the
 * commune it serves (5-digit code, Decision 19/2025/QĐ-TTg).
 */
export const DirectoryAgency = z.object({
  code: AgencyCode,
  name: z.string().min(1).max(200),
  level: z.enum(['commune', 'province']),
  communeCode: z.string().regex(/^\d{5}$/).nullable().default(null),
});
export type DirectoryAgency = z.infer<typeof DirectoryAgency>;

/**
 * An agency code closed by the 2025 merger and the code that replaced it (docs/DOMAIN.md §4): a
 * receipt printed with the old code still opens its dossier, stored under either.
 */
export const AgencyAlias = z.object({ old: AgencyCode, current: AgencyCode });
export type AgencyAlias = z.infer<typeof AgencyAlias>;

export const ProvinceSettingsInput = z.object({
  codePatterns: z.array(DossierCodePatternSpec).max(20),
  /** The province's agencies, for choosing and naming the competent agency. */
  agencies: z.array(DirectoryAgency).max(5000).default([]),
  /** Old agency codes closed by the 2025 merger → current codes. */
  agencyAliases: z.array(AgencyAlias).max(5000).default([]),
});
export type ProvinceSettingsInput = z.infer<typeof ProvinceSettingsInput>;
/** What a writer passes (the lists default to empty). */
export type ProvinceSettingsWrite = z.input<typeof ProvinceSettingsInput>;

export const ProvinceSettings = ProvinceSettingsInput.extend({ updatedAt: IsoTime });
export type ProvinceSettings = z.infer<typeof ProvinceSettings>;

/** The compiled patterns of the settings (unusable ones, which the schema refuses, are left out). */
export function compiledPatterns(s: Pick<ProvinceSettings, 'codePatterns'> | null | undefined): RegExp[] {
  return (s?.codePatterns ?? []).flatMap((p) => {
    const re = compileDossierCodePattern(p);
    return re ? [re] : [];
  });
}

/**
 * The codes under which a dossier with this code may be stored, the code itself first: the same
 * sequence and date under the current agency of an old agency code (and the old one of a current
 * code, for a province that kept migrated dossiers under their old codes). Pure; no duplicates.
 */
export function codeCandidates(code: string, aliases: readonly AgencyAlias[] | null | undefined): string[] {
  const out = [code];
  if (!aliases || aliases.length === 0) return out;
  // The agency is the code's leading part, ended by a separator that is not part of agency codes
  // (`-` in the official shapes, another one in a province's own pattern).
  const swap = (from: string, to: string): string | null =>
    code.length > from.length && code.startsWith(from) && !/[A-Z0-9.]/.test(code[from.length]!) ? `${to}${code.slice(from.length)}` : null;
  for (const a of aliases) {
    const other = swap(a.old, a.current) ?? swap(a.current, a.old);
    if (other !== null && !out.includes(other)) out.push(other);
  }
  return out;
}
