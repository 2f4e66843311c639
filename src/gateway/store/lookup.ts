/** Citizen-safe view of one dossier of any agency of the province. */
import type { Queryable } from '../db/types';
import type { CitizenView, Dossier } from '../../shared/protocol';
import { toCitizenView } from '../../shared/dossier';

export async function lookupDossier(q: Queryable, code: string): Promise<CitizenView | null> {
  const rows = await q.query<{ data: Dossier; name: string | null }>(
    'select d.data, a.name from dossiers d left join agencies a on a.code = d.agency_code where d.code = $1', [code]);
  const r = rows[0];
  return r ? toCitizenView(r.data, r.name ?? r.data.agencyCode) : null;
}
