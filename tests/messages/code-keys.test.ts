/** The renderer's keys of machine codes: every code a failed bridge call or a sync problem may carry
 * resolves to a message of the `codes` namespace, in both languages. */
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../src/renderer/i18n';
import { bridgeErrorKey, codeKey, syncProblemKey } from '../../src/renderer/i18n/codes';
import { BridgeErrorCode } from '../../src/shared/bridge/error';
import { StorageErrorCode, SyncFailureCode } from '../../src/shared/messages';

describe('keys of machine codes', () => {
  const langs = { vi: createI18n('vi'), en: createI18n('en') };

  it('has a message for every bridge error code and every sync problem, in both languages', () => {
    const keys = [
      ...BridgeErrorCode.options.map(bridgeErrorKey),
      ...[...SyncFailureCode.options, ...StorageErrorCode.options].map(syncProblemKey),
    ];
    for (const [lang, i18n] of Object.entries(langs)) {
      for (const key of keys) expect(i18n.exists(key), `${lang} ${key}`).toBe(true);
    }
  });

  it('explains a failed call as the console did: enrollment advice, then the services\', the host\'s, the sync words', () => {
    expect(bridgeErrorKey('validation')).toBe('codes:enroll.validation');
    expect(bridgeErrorKey('network')).toBe('codes:enroll.network');
    expect(bridgeErrorKey('technician-locked')).toBe('codes:settings.technician-locked');
    expect(bridgeErrorKey('host-unavailable')).toBe('codes:host.host-unavailable');
    expect(bridgeErrorKey('invalid-config')).toBe('codes:scanner.invalid-config');
    expect(bridgeErrorKey('not-enrolled')).toBe('codes:sync.not-enrolled');
    expect(syncProblemKey('storage-quota')).toBe('codes:storage.storage-quota');
    expect(syncProblemKey('http-error')).toBe('codes:sync.http-error');
  });

  it('fills the values of a code\'s message', () => {
    expect(langs.vi.t(codeKey('sync', 'http-error'), { status: 502 })).toBe('Máy chủ tỉnh trả lời lỗi HTTP 502');
    expect(langs.en.t(codeKey('host', 'invalid-input'))).toBe('Invalid input.');
  });
});
