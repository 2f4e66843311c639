/**
 * GET /v1/lookup/:code: one dossier of any agency of the province, for a code the kiosk has not
 * cached. Only what a citizen-facing screen may show: masked name, no ID, phone or street address.
 */
import { z } from 'zod';
import { AgencyCode, DossierCodeText, IsoTime, Money, StatusCode } from './dossier';

export const PublicDossier = z.object({
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
  /** Names of the documents to supplement (status 5). */
  supplements: z.array(z.string()),
  updatedAt: IsoTime,
});
export type PublicDossier = z.infer<typeof PublicDossier>;

export const LookupResponse = z.object({ dossier: PublicDossier, serverTime: IsoTime });
export type LookupResponse = z.infer<typeof LookupResponse>;
