/**
 * The citizen-safe view of a dossier: what a citizen-facing screen may hold and show. It is the
 * answer of GET /v1/lookup/:code (one dossier of any agency of the province, for a code the
 * kiosk has not cached). Built only by `toCitizenView` (src/shared/dossier): initials instead of
 * the name; no ID number, ID hash, phone, e-mail or address; no staff, timeline or notes other
 * than what the citizen must bring (the supplement list while status is 5).
 */
import { z } from 'zod';
import { AgencyCode, DossierCodeText, IsoTime, Money, StatusCode } from './dossier';

export const CitizenView = z.object({
  code: DossierCodeText,
  agency: z.object({ code: AgencyCode, name: z.string() }),
  procedure: z.object({ code: z.string(), name: z.string() }),
  /** `maskName` (src/shared/privacy/mask) of the applicant. */
  applicantMasked: z.string(),
  status: StatusCode,
  receivedAt: IsoTime,
  appointmentAt: IsoTime,
  finishedAt: IsoTime.nullable(),
  returnedAt: IsoTime.nullable(),
  fees: z.array(z.object({ name: z.string(), amount: Money, paid: z.boolean() })),
  /** The documents to supplement and what to do about each (status 5 only). */
  supplements: z.array(z.object({ name: z.string(), note: z.string().nullable() })),
  /** The citizen's satisfaction rating is recorded (not which: the latest rating replaces it).
   * Absent from views stored before it existed: false. */
  rated: z.boolean().default(false),
  updatedAt: IsoTime,
});
export type CitizenView = z.infer<typeof CitizenView>;

export const LookupResponse = z.object({ dossier: CitizenView, serverTime: IsoTime });
export type LookupResponse = z.infer<typeof LookupResponse>;
