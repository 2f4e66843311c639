import type { LocalizedMessage } from '../protocol';
import { localized } from '../messages';
import type { Refusal } from './engine';

/** The catalogued message of a refusal, in both languages. */
export function refusalMessage(r: Refusal): LocalizedMessage {
  return r.status === 'rejected' ? localized('reject', r.reason, r.params) : localized('conflict', r.reason, r.params);
}
