/** Citizen-safe view of one dossier of any agency of the province. */
import type { Queryable } from '../db/types';
import type { Dossier, PublicDossier } from '../../shared/protocol';
import { maskName } from '../../shared/privacy/mask';

export function toPublic(d: Dossier, agencyName: string): PublicDossier {
  return {
    code: d.code,
    agency: { code: d.agencyCode, name: agencyName },
    procedure: { code: d.procedureCode, name: d.procedureName },
    applicantMasked: maskName(d.applicant.name),
    status: d.status,
    receivedAt: d.receivedAt,
    appointmentAt: d.appointmentAt,
    finishedAt: d.finishedAt,
    returnedAt: d.returnedAt,
    fees: d.fees.map((f) => ({ name: f.name, amount: f.amount, paid: f.paid })),
    supplements: d.status === 5 ? d.supplements.map((s) => s.name) : [],
    updatedAt: d.updatedAt,
  };
}

export async function lookupDossier(q: Queryable, code: string): Promise<PublicDossier | null> {
  const rows = await q.query<{ data: Dossier; name: string | null }>(
    'select d.data, a.name from dossiers d left join agencies a on a.code = d.agency_code where d.code = $1', [code]);
  const r = rows[0];
  return r ? toPublic(r.data, r.name ?? r.data.agencyCode) : null;
}
