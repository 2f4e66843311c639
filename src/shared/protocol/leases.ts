/**
 * Code leases: blocks of an agency's daily sequence numbers, so a counter issues official dossier
 * codes offline without colliding with another counter. Numbers come from a per-agency per-day
 * counter that only moves forward: a number is leased once, ever. Releasing a lease voids its
 * unused numbers (they are never reissued; a gap in the register is explained by the void).
 * `day` is the Vietnam calendar day the codes carry (YYMMDD in the code); a device may lease for
 * today and tomorrow (server's Asia/Ho_Chi_Minh date), so intake keeps working offline overnight.
 */
import { z } from 'zod';
import { AgencyCode, IsoTime, LocalDay } from './dossier';

export const LeaseRequest = z.object({
  /** Defaults to today (server time, Vietnam). */
  day: LocalDay.optional(),
  count: z.number().int().min(1).max(1000),
});
export type LeaseRequest = z.infer<typeof LeaseRequest>;

export const Lease = z.object({
  id: z.string(),
  agencyCode: AgencyCode,
  day: LocalDay,
  /** First and last sequence number (inclusive): codes `<agency>-<YYMMDD>-<NNNN>`. */
  first: z.number().int().min(1),
  last: z.number().int().min(1),
  issuedAt: IsoTime,
  /** End of `day` in Vietnam: numbers unused by then are void. */
  expiresAt: IsoTime,
  releasedAt: IsoTime.nullable(),
});
export type Lease = z.infer<typeof Lease>;

export const LeaseList = z.object({ leases: z.array(Lease), serverTime: IsoTime });
export type LeaseList = z.infer<typeof LeaseList>;

/** POST /v1/leases/:id/release: voids every number of the lease not used by a dossier. */
export const LeaseReleaseResponse = z.object({ lease: Lease, used: z.number().int(), voided: z.number().int() });
export type LeaseReleaseResponse = z.infer<typeof LeaseReleaseResponse>;
