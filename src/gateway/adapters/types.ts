/**
 * Forwarding accepted changes to a provincial system. An adapter maps the domain model to the
 * system's payload (pure) and delivers one payload (I/O). Mapping happens when the change is
 * accepted, in the same transaction, into the durable `outbox` table; delivery happens later,
 * retried with backoff (adapters/outbox.ts), so a provincial outage never loses a change.
 */
import type { Dossier } from '../../shared/protocol';

/** The officer who took the dossier's latest staff action (name and job title as the province keeps them). */
export interface Officer { id: string; name: string; title: string }

export interface DossierChange { dossier: Dossier; citizenId: string | null; officer?: Officer | null }

export interface ProvincialAdapter {
  readonly name: string;
  /** Pure: what the provincial system should receive for this dossier's current state. */
  map(change: DossierChange): { ref: string; payload: unknown };
  /** Sends one payload; throw to have it retried later. */
  deliver(payload: unknown): Promise<void>;
}

/** Turns accepted changes into outbox rows, written by the accepting transaction. */
export interface OutboxSink {
  rows(changes: DossierChange[]): { adapter: string; ref: string; payload: unknown }[];
}
