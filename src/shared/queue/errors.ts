/** Why a queue action (take a ticket, call, skip, …) or the office LAN's queue link refused or failed. */
import { z } from 'zod';

export const QUEUE_ERROR_CODES = [
  'queue-off', // this device takes no part in a queue (technician console: queue mode off)
  'queue-host-unreachable', // the office's queue host does not answer: nothing new can be issued or called
  'queue-fenced', // the host lost its backup device: it issues no number until the backup is back (never twice)
  'queue-empty', // nobody is waiting for this counter
  'queue-counter-paused', // the counter is paused: resume first
  'queue-counter-busy', // the counter is still serving a ticket: finish, skip or transfer it first
  'queue-no-current', // the counter is serving no ticket
  'queue-ticket-unknown', // no such ticket today
  'queue-ticket-other-day', // a ticket of another day (scanned after midnight): numbers count per day
  'queue-ticket-not-served', // a rating for a ticket not yet served
  'queue-ticket-rated', // the ticket's visit was already rated
  'queue-ticket-closed', // the ticket was already served or skipped
  'queue-same-counter', // a transfer to the counter that already has it
  'queue-counter-unknown', // a transfer to a counter that has not worked today (no call, pause or resume): nobody would call it there
  'queue-area-unknown', // a service area that is not in the catalogue
  'queue-auth-failed', // a device of the LAN could not prove it is enrolled with this office
  'queue-no-key', // this device has not yet fetched its office's LAN key from the gateway (needs one sync online)
  'queue-other-host', // another device is already the queue host on this LAN: this one joined it
  'queue-clock-skew', // this device's clock differs from the queue host's: times use the host's clock
  'queue-invalid', // a malformed request
] as const;
export const QueueErrorCode = z.enum(QUEUE_ERROR_CODES);
export type QueueErrorCode = z.infer<typeof QueueErrorCode>;

export class QueueError extends Error {
  constructor(readonly code: QueueErrorCode, message?: string) {
    super(message ?? code);
    this.name = 'QueueError';
  }
}
