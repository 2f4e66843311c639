/**
 * The one citizen-safe projection of a dossier (`CitizenView`, src/shared/protocol/lookup.ts),
 * used by the gateway's lookup, the citizen kiosk's screen and the counter's citizen-facing
 * display. Masking happens here, before anything reaches a screen or the wire.
 */
import type { CitizenView, Dossier } from '../protocol';
import { DossierStatus } from '../domain/status';
import { maskName } from '../privacy/mask';

export function toCitizenView(d: Dossier, agencyName: string): CitizenView {
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
    supplements: d.status === DossierStatus.SupplementRequested ? d.supplements.map((s) => ({ name: s.name, note: s.note })) : [],
    rated: d.rating !== null,
    updatedAt: d.updatedAt,
  };
}

/** Total of the fees not paid yet (whole đồng). */
export function unpaidTotal(d: Pick<CitizenView, 'fees'>): number {
  return d.fees.reduce((sum, f) => sum + (f.paid ? 0 : f.amount), 0);
}
