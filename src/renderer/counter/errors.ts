/**
 * Turns a failed staff action into a translation key: action errors (`sync:action.<code>`) and
 * storage errors (`sync:storage.<code>`) already have their words in the `sync` namespace.
 */
import { ActionError } from '../db/actions';
import { StorageError } from '../db/storage';

export function errorKey(err: unknown): string {
  if (err instanceof ActionError) return `sync:action.${err.code}`;
  if (err instanceof StorageError) return `sync:storage.${err.code}`;
  return 'counter:error.failed';
}
