/**
 * The counter page and the citizen-facing display (a second window, same origin) talk over one
 * BroadcastChannel. Only masked data crosses it (docs/RELIABILITY.md item 25): the counter masks before
 * posting, so the display never holds a full name, ID number, phone or address.
 */
import type { DisplayDossier } from '../citizen/view-model';

export const DISPLAY_CHANNEL = 'kiosk-citizen-display';

export interface DisplayFee {
  payload: string;
  amount: number;
  reference: string;
  accountName: string;
}

/**
 * What the citizen sees while the officer fills in an intake, before the dossier has a code: the
 * applicant masked as on every citizen screen (initials, the ID number's last four digits once
 * all twelve are typed), the procedure, the papers ticked as received, the fees and the
 * appointment — so the citizen checks them as the officer goes, not on the printed receipt.
 */
export interface IntakePreview {
  applicantMasked: string;
  idMasked: string | null;
  procedure: string | null;
  documents: string[];
  fees: { name: string; amount: number }[];
  appointmentAt: string | null;
}

export type ToDisplay =
  | { type: 'show'; dossier: DisplayDossier; fee: DisplayFee | null; askRating: boolean }
  | { type: 'intake'; preview: IntakePreview }
  | { type: 'clear' }
  | { type: 'rated'; code: string; ok: boolean };

export type FromDisplay =
  | { type: 'hello' }
  | { type: 'rate'; code: string; score: number };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Messages are checked by shape: anything else on the channel is ignored. */
export function asToDisplay(v: unknown): ToDisplay | null {
  if (!isObject(v)) return null;
  if (v.type === 'clear') return { type: 'clear' };
  if (v.type === 'rated' && typeof v.code === 'string' && typeof v.ok === 'boolean') return { type: 'rated', code: v.code, ok: v.ok };
  if (v.type === 'show' && isObject(v.dossier) && typeof v.dossier.code === 'string') return v as ToDisplay;
  if (v.type === 'intake' && isObject(v.preview)) {
    const p = v.preview;
    const text = (x: unknown): string | null => (typeof x === 'string' ? x : null);
    if (typeof p.applicantMasked !== 'string' || !Array.isArray(p.documents) || !Array.isArray(p.fees)) return null;
    return {
      type: 'intake',
      preview: {
        applicantMasked: p.applicantMasked, idMasked: text(p.idMasked), procedure: text(p.procedure),
        documents: p.documents.filter((d): d is string => typeof d === 'string'),
        fees: p.fees.filter((f): f is { name: string; amount: number } => isObject(f) && typeof f.name === 'string' && typeof f.amount === 'number'),
        appointmentAt: text(p.appointmentAt),
      },
    };
  }
  return null;
}

export function asFromDisplay(v: unknown): FromDisplay | null {
  if (!isObject(v)) return null;
  if (v.type === 'hello') return { type: 'hello' };
  if (v.type === 'rate' && typeof v.code === 'string' && typeof v.score === 'number' && Number.isInteger(v.score) && v.score >= 1 && v.score <= 4) {
    return { type: 'rate', code: v.code, score: v.score };
  }
  return null;
}

export function openChannel(): BroadcastChannel | null {
  return typeof BroadcastChannel === 'function' ? new BroadcastChannel(DISPLAY_CHANNEL) : null;
}
