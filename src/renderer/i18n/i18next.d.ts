/**
 * Typed translation keys: i18next checks every `t()` key (and its interpolation values) against
 * the Vietnamese resources registered in ./index.ts, so a missing or misspelled key fails
 * `npm run typecheck`. A key of another namespace is written `ns:key` and needs that namespace in
 * the `useTranslation([...])` list, e.g. `useTranslation(['console', 'codes'])` for the machine
 * codes' messages (./codes.ts builds those keys). tests/messages/i18n.test.ts checks that English
 * has the same keys.
 */
import type { namespaces } from './index';

type Namespaces = typeof namespaces;

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'app';
    resources: { [N in keyof Namespaces]: Namespaces[N]['vi'] };
  }
}
