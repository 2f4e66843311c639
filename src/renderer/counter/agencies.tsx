/**
 * The province's agencies as the counter knows them: its own (the device identity) and the
 * directory the gateway feeds in the province settings (boundary-free intake, docs/DOMAIN.md §6.4).
 * Also the competent-agency field of the intake: proposed from the procedure and the applicant's
 * current commune (shared rule `chooseCompetentAgency`), shown, and changeable with the keyboard.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgencyAlias, DeviceIdentity, DirectoryAgency, Dossier, Procedure, ProvinceSettings } from '../../shared/protocol';
import { chooseCompetentAgency, competentAgencyOf, type CompetentChoice } from '../../shared/dossier';
import { useAppServices } from '../app-services';
import { META } from '../db/database';
import { Combobox, type ComboboxOption } from '../ui';
import { useLive } from './live';

export interface Agencies {
  /**
   * False while the device identity is still being read: `own` null then says nothing yet, so
   * what depends on which agency this counter is (the steps only the competent agency takes) waits.
   */
  loaded: boolean;
  /** This counter's agency (null before enrollment, or while not `loaded`). */
  own: { code: string; name: string } | null;
  directory: readonly DirectoryAgency[];
  aliases: readonly AgencyAlias[];
  /** The agency's name, or its code when the counter knows no name for it. */
  nameOf(code: string): string;
}

export function agenciesFrom(identity: DeviceIdentity | undefined | null, province: ProvinceSettings | undefined | null, loaded = true): Agencies {
  const directory = province?.agencies ?? [];
  const own = identity ? { code: identity.agency.code, name: identity.agency.name } : null;
  const names = new Map(directory.map((a) => [a.code, a.name]));
  if (own) names.set(own.code, own.name);
  return { loaded, own, directory, aliases: province?.agencyAliases ?? [], nameOf: (code) => names.get(code) ?? code };
}

/**
 * The agencies a dossier's forms name: the receiving one (whose code the dossier carries) and,
 * when another decides it, the competent one; by name where the counter knows it.
 */
export function dossierAgencies(d: Pick<Dossier, 'agencyCode' | 'competentAgencyCode'>, agencies: Agencies): {
  agency: { code: string; name: string }; competentAgency: { code: string; name: string } | null;
} {
  const competent = competentAgencyOf(d);
  return {
    agency: { code: d.agencyCode, name: agencies.nameOf(d.agencyCode) },
    competentAgency: competent === d.agencyCode ? null : { code: competent, name: agencies.nameOf(competent) },
  };
}

/** Loads what `agenciesFrom` needs, once (for printing and one-off reads). */
export async function loadAgencies(db: { getMeta<T>(key: string): Promise<T | undefined> }): Promise<Agencies> {
  const [identity, province] = await Promise.all([db.getMeta<DeviceIdentity>(META.identity), db.getMeta<ProvinceSettings>(META.province)]);
  return agenciesFrom(identity, province);
}

/** The agencies, kept current as the feed brings a new directory. */
export function useAgencies(): Agencies {
  const { db } = useAppServices();
  // Wrapped, so that "not read yet" (null) is told apart from "no identity stored" ({ v: undefined }).
  const identity = useLive(async () => ({ v: await db.getMeta<DeviceIdentity>(META.identity) }), [db], null);
  const province = useLive(() => db.getMeta<ProvinceSettings>(META.province), [db], undefined);
  return useMemo(() => agenciesFrom(identity?.v, province, identity !== null), [identity, province]);
}

/**
 * The competent agency of the intake: the proposal follows the procedure and the commune until the
 * officer picks another agency, which then stays until the procedure or the commune changes.
 */
export function CompetentAgency({ procedure, communeCode, agencies, onChange }: {
  procedure: Procedure | null;
  communeCode: string | null;
  agencies: Agencies;
  /** The agency the intake will name (null before the counter knows its own). */
  onChange(code: string | null): void;
}) {
  const { t } = useTranslation('counter');
  const own = agencies.own?.code ?? null;
  const proposal: CompetentChoice | null = own === null ? null
    : chooseCompetentAgency({ procedure, communeCode, receivingAgency: own, agencies: agencies.directory });
  const key = `${procedure?.code ?? ''}|${communeCode ?? ''}`;
  const [picked, setPicked] = useState<{ key: string; code: string } | null>(null);
  const chosen = picked !== null && picked.key === key ? picked.code : proposal?.agencyCode ?? null;
  useEffect(() => { onChange(chosen); }, [chosen]);

  const options = useMemo<ComboboxOption[]>(() => {
    const list = [...agencies.directory];
    if (agencies.own && !list.some((a) => a.code === agencies.own!.code)) list.unshift({ ...agencies.own, level: 'commune', communeCode: null });
    if (proposal && !list.some((a) => a.code === proposal.agencyCode)) list.push({ code: proposal.agencyCode, name: agencies.nameOf(proposal.agencyCode), level: 'province', communeCode: null });
    return list.map((a) => ({ id: a.code, label: a.name, detail: a.code, keywords: a.communeCode ?? undefined }));
  }, [agencies, proposal?.agencyCode]);

  if (!proposal || chosen === null) return null;
  const byOfficer = picked !== null && picked.key === key && picked.code !== proposal.agencyCode;
  const cross = chosen !== own;
  return (
    <div className="competent-agency" data-testid="competent-agency" data-code={chosen} data-cross={cross ? 'true' : 'false'}>
      <Combobox
        label={t('intake.competent.label')} emptyText={t('intake.competent.empty')} options={options} value={chosen}
        onChange={(code) => { if (code !== null) setPicked({ key, code }); }}
        description={t(`intake.competent.reason.${byOfficer ? 'chosen' : proposal.reason}`)}
        data-testid="competent-agency-input"
      />
      {!byOfficer && proposal.gap && <p className="warning" data-testid="competent-gap" data-gap={proposal.gap}>{t(`intake.competent.gap.${proposal.gap}`)}</p>}
    </div>
  );
}
