/**
 * The province's settings that every device needs (docs/SYNC-PROTOCOL.md §4.4): the shapes its
 * systems issue dossier codes in beyond the official ones. Held by the gateway (admin API), fed to
 * every device in the province stream as one `province` item, applied by the scan parser.
 */
import { z } from 'zod';
import { compileDossierCodePattern } from '../domain/dossier-code';
import { IsoTime } from './dossier';

/** A regular expression over the upper-case code with the named groups agency, date and seq. */
export const DossierCodePatternSpec = z.object({
  name: z.string().min(1).max(80),
  regex: z.string().min(1).max(200),
}).refine((p) => compileDossierCodePattern(p) !== null, { message: 'unusable pattern: needs (?<agency>…), (?<date>…) and (?<seq>…) and must compile' });
export type DossierCodePatternSpec = z.infer<typeof DossierCodePatternSpec>;

export const ProvinceSettingsInput = z.object({
  codePatterns: z.array(DossierCodePatternSpec).max(20),
});
export type ProvinceSettingsInput = z.infer<typeof ProvinceSettingsInput>;

export const ProvinceSettings = ProvinceSettingsInput.extend({ updatedAt: IsoTime });
export type ProvinceSettings = z.infer<typeof ProvinceSettings>;

/** The compiled patterns of the settings (unusable ones, which the schema refuses, are left out). */
export function compiledPatterns(s: Pick<ProvinceSettings, 'codePatterns'> | null | undefined): RegExp[] {
  return (s?.codePatterns ?? []).flatMap((p) => {
    const re = compileDossierCodePattern(p);
    return re ? [re] : [];
  });
}
