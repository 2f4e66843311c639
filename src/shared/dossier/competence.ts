/**
 * Boundary-free intake (tiếp nhận không phụ thuộc địa giới hành chính, Decree 118/2025; our
 * reading in docs/DOMAIN.md §6.4): a dossier has a receiving agency (the counter that took it in,
 * whose code prefix it carries) and a competent agency (the one that decides it). Which agency
 * may take which step, and how the competent agency is chosen at intake, are rules here, shared by
 * the counter (what it offers) and the gateway (what it accepts).
 */
import type { Dossier, Procedure } from '../protocol/dossier';
import type { DirectoryAgency } from '../protocol/province';
import { DossierStatus } from '../domain/status';

/** The agency that decides the dossier. */
export const competentAgencyOf = (d: Pick<Dossier, 'agencyCode' | 'competentAgencyCode'>): string => d.competentAgencyCode ?? d.agencyCode;

/** True when the receiving and competent agencies differ. */
export const isCrossAgency = (d: Pick<Dossier, 'agencyCode' | 'competentAgencyCode'>): boolean =>
  d.competentAgencyCode != null && d.competentAgencyCode !== d.agencyCode;

/** Whether an agency sees the dossier at all: it received it or decides it. */
export const agencyHolds = (d: Pick<Dossier, 'agencyCode' | 'competentAgencyCode'>, agency: string): boolean =>
  d.agencyCode === agency || competentAgencyOf(d) === agency;

/**
 * What a step is, for the split of work between the two agencies:
 * - `process`: the competent agency's (start, supplements, fees requested, stop, done; extension with form 04);
 * - `intake`: the receiving agency's (1 → 2 / 3, deciding on an online submission at the counter);
 * - `handBack`, `fee`, `withdraw`, `rate`: either (the citizen comes back to whichever counter suits them).
 */
export type DossierStep = 'process' | 'intake' | 'handBack' | 'fee' | 'withdraw' | 'rate';

export function transitionStep(from: number, to: number): DossierStep {
  if (to === DossierStatus.Returned) return 'handBack';
  if (to === DossierStatus.Withdrawn) return 'withdraw';
  if (from === DossierStatus.Submitted) return 'intake';
  return 'process';
}

/** Who takes each kind of step when the agencies differ. */
export const STEP_OWNER: Record<DossierStep, 'receiving' | 'competent' | 'either'> = {
  process: 'competent', intake: 'receiving', handBack: 'either', fee: 'either', withdraw: 'either', rate: 'either',
};

/**
 * Whether `agency` may take this step on the dossier. Null when it may; otherwise the agency that
 * may (the one to name in the refusal). An agency that holds the dossier in neither role may not.
 */
export function stepRefusal(d: Pick<Dossier, 'agencyCode' | 'competentAgencyCode'>, agency: string, step: DossierStep): string | null {
  const competent = competentAgencyOf(d);
  const owner = STEP_OWNER[step];
  if (owner === 'either') return agencyHolds(d, agency) ? null : d.agencyCode;
  const want = owner === 'competent' ? competent : d.agencyCode;
  return want === agency ? null : want;
}

export type CompetentReason =
  /** The commune-level agency of the applicant's commune. */
  | 'commune'
  /** The provincial department the procedure names. */
  | 'department'
  /** The receiving agency itself: the applicant's commune is the counter's, or nothing better is known. */
  | 'receiving';

/** Why the choice fell back to the receiving agency (the officer should check it). */
export type CompetentGap = 'no-commune' | 'no-agency-for-commune' | 'no-department';

export interface CompetentChoice { agencyCode: string; reason: CompetentReason; gap: CompetentGap | null }

/**
 * The competent agency of a new dossier: a province-level procedure goes to the department it
 * names; a commune-level one to the agency serving the applicant's current commune (the code the
 * officer confirmed from the card's address, or chose); otherwise the receiving agency, with the
 * gap that made it so. It is a proposal: the officer sees it and may change it.
 */
export function chooseCompetentAgency(input: {
  procedure: Pick<Procedure, 'level' | 'competentAgency'> | null;
  communeCode: string | null | undefined;
  receivingAgency: string;
  agencies: readonly DirectoryAgency[];
}): CompetentChoice {
  const { procedure, communeCode, receivingAgency, agencies } = input;
  const fallback = (gap: CompetentGap | null): CompetentChoice => ({ agencyCode: receivingAgency, reason: 'receiving', gap });
  if (procedure?.level === 'province') {
    const dept = procedure.competentAgency ?? null;
    return dept ? { agencyCode: dept, reason: 'department', gap: null } : fallback('no-department');
  }
  if (!communeCode) return fallback('no-commune');
  const own = agencies.find((a) => a.code === receivingAgency);
  if (own?.communeCode === communeCode) return fallback(null);
  const match = agencies.filter((a) => a.level === 'commune' && a.communeCode === communeCode);
  // Two agencies for one commune is a directory error: do not guess between them.
  if (match.length !== 1) return fallback('no-agency-for-commune');
  return { agencyCode: match[0]!.code, reason: 'commune', gap: null };
}

/**
 * The province (or ministry) an agency code belongs to: its level-1 code (QCVN 102:2016, one
 * capital letter and two digits: `H08` in `000.00.01.H08`, `H55` in the portal's `H55.242`).
 * Null when the code has none.
 */
export function agencyProvince(code: string): string | null {
  const segs = code.split('.').filter((s) => /^[A-Z]\d{2}$/.test(s));
  return segs.length === 1 ? segs[0]! : null;
}

/** False only when both codes name their level-1 unit and the two differ. */
export function sameProvince(a: string, b: string): boolean {
  const pa = agencyProvince(a);
  const pb = agencyProvince(b);
  return pa === null || pb === null || pa === pb;
}
