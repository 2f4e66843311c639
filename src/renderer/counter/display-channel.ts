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

export type ToDisplay =
  | { type: 'show'; dossier: DisplayDossier; fee: DisplayFee | null; askRating: boolean }
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
