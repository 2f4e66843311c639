/**
 * Turns a failed staff action into a translation key: action and storage errors have their words
 * in the catalog (namespace `codes`), anything else is "that did not work".
 */
import { ActionError } from '../db/actions';
import { StorageError } from '../db/storage';
import { codeKey, type CodeKey } from '../i18n/codes';

export type ErrorKey = CodeKey<'action' | 'storage'> | 'counter:error.failed';

export function errorKey(err: unknown): ErrorKey {
  if (err instanceof ActionError) return codeKey('action', err.code);
  if (err instanceof StorageError) return codeKey('storage', err.code);
  return 'counter:error.failed';
}
