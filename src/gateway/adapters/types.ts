/**
 * Forwarding accepted changes to a provincial system. An adapter maps the domain model to the
 * system's requests (pure) and delivers one request (I/O). Mapping happens when the change is
 * accepted, in the same transaction, into the durable `outbox` table (one row per request, in
 * order); delivery happens later, retried with backoff (adapters/outbox.ts), so a provincial
 * outage never loses a change.
 */
import type { Dossier } from '../../shared/protocol';
import type { OutboxFailureCode } from '../../shared/protocol';

/** The officer who took the dossier's latest staff action (name and job title as the province keeps them). */
export interface Officer { id: string; name: string; title: string }

export interface DossierChange {
  dossier: Dossier;
  citizenId: string | null;
  officer?: Officer | null;
  /** The dossier did not exist before this change (it was created in the accepting batch). */
  isNew?: boolean;
  /** The name of the dossier's competent agency (the portal wants the processing unit by name). */
  agencyName?: string;
  /** The name of the receiving agency (boundary-free intake: another one than the competent agency). */
  receivingAgencyName?: string;
  /** The name of the agency whose officer acted in this change (the step's unit). */
  actingAgencyName?: string;
  /** An officer acted on the dossier in this change (not only a citizen's rating). */
  staffActed?: boolean;
}

export interface ProvincialAdapter {
  readonly name: string;
  /** Pure: the requests the provincial system should receive for this change, in order. */
  map(change: DossierChange): { ref: string; payload: unknown }[];
  /** Sends one request; throw to have it retried later (a permanent `DeliveryError`: kept, not retried). */
  deliver(payload: unknown): Promise<void>;
}

/**
 * A classified delivery failure. `permanent`: the provincial system refused the request itself
 * (validation); the row is kept as refused and not retried. `retryAfterMs`: not before then.
 */
export class DeliveryError extends Error {
  constructor(
    readonly code: OutboxFailureCode,
    readonly detail: string,
    readonly permanent = false,
    readonly retryAfterMs: number | null = null,
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DeliveryError';
  }
}

/** Turns accepted changes into outbox rows, written by the accepting transaction. */
export interface OutboxSink {
  /** The configured adapters' names. */
  readonly adapters: string[];
  rows(changes: DossierChange[]): { adapter: string; ref: string; payload: unknown }[];
}
