/**
 * Translation keys of machine codes: `codes:<group>.<code>`, the message catalog
 * (src/shared/messages) registered as the namespace `codes`. Keys are template literal types, so
 * `t(codeKey('camera', code))` is checked like any written key. Where one code may belong to
 * several lists (a failed bridge call, a sync problem), a function here picks the group, and
 * `npm run typecheck` fails if a code of the union has none.
 */
import { HostErrorCode, type BridgeErrorCode } from '../../shared/bridge/error';
import { isCodeOf, StorageErrorCode, type CatalogGroup, type CodeOf, type SyncFailureCode } from '../../shared/messages';
import { EnrollErrorCode } from '../../shared/protocol/enroll';
import { SettingsErrorCode } from '../../shared/settings/errors';
import { QueueErrorCode } from '../../shared/queue/errors';

/** A key of the `codes` namespace, of one group or any. */
export type CodeKey<G extends CatalogGroup = CatalogGroup> = { [K in G]: `codes:${K}.${CodeOf<K>}` }[G];

export function codeKey<G extends CatalogGroup, C extends CodeOf<G>>(group: G, code: C): `codes:${G}.${C}` {
  return `codes:${group}.${code}`;
}

/**
 * A failed bridge call in the technician console: enrollment's own advice first, then the settings
 * services' words, the host's, the scanner service's, and the sync engine's for the rest (the
 * gateway client's and the gateway's codes).
 */
export function bridgeErrorKey(code: BridgeErrorCode): CodeKey<'enroll' | 'settings' | 'host' | 'scanner' | 'sync' | 'queue'> {
  if (isCodeOf(EnrollErrorCode, code)) return codeKey('enroll', code);
  if (isCodeOf(QueueErrorCode, code)) return codeKey('queue', code);
  if (isCodeOf(SettingsErrorCode, code)) return codeKey('settings', code);
  if (isCodeOf(HostErrorCode, code)) return codeKey('host', code);
  if (code === 'invalid-config') return codeKey('scanner', code);
  return codeKey('sync', code);
}

/** A sync problem: a failed exchange, or the offline store refusing a write. */
export function syncProblemKey(code: SyncFailureCode | StorageErrorCode): CodeKey<'sync' | 'storage'> {
  return isCodeOf(StorageErrorCode, code) ? codeKey('storage', code) : codeKey('sync', code);
}
