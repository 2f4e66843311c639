/** Citizen-safe view of one dossier of any agency of the province. */
import type { Queryable } from '../db/types';
import type { AgencyAlias, CitizenView, Dossier } from '../../shared/protocol';
import { codeCandidates } from '../../shared/protocol';
import { toCitizenView } from '../../shared/dossier';

/** `aliases`: old agency codes the 2025 merger closed, so a 2024 receipt still finds its dossier. */
export async function lookupDossier(q: Queryable, code: string, aliases: readonly AgencyAlias[] = []): Promise<CitizenView | null> {
  const rows = await q.query<{ data: Dossier; name: string | null }>(
    `select d.data, a.name from dossiers d left join agencies a on a.code = d.agency_code where d.code = any($1::text[])
     order by array_position($1::text[], d.code) limit 1`, [codeCandidates(code, aliases)]);
  const r = rows[0];
  return r ? toCitizenView(r.data, r.name ?? r.data.agencyCode) : null;
}
