/** Every translation namespace (the screens' and the catalog's, as the renderer registers them)
 * holds the same keys in Vietnamese and English, with the same placeholders. Plural forms differ
 * by language (Vietnamese has only `_other`), so keys are compared without their plural suffix. */
import { describe, expect, it } from 'vitest';
import { namespaces } from '../../src/renderer/i18n';

const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (s: string): string[] => [...new Set([...s.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]!))].sort();

/** Each key (plural suffix removed) with the placeholders of every form of it. */
function keys(o: unknown, prefix = '', out = new Map<string, string[][]>()): Map<string, string[][]> {
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (typeof v === 'string') {
      const key = prefix + k.replace(PLURAL, '');
      out.set(key, [...(out.get(key) ?? []), placeholders(v)]);
    } else keys(v, `${prefix}${k}.`, out);
  }
  return out;
}

describe('translations', () => {
  it.each(Object.keys(namespaces))('namespace %s has the same keys and placeholders in Vietnamese and English', (ns) => {
    const { vi, en } = namespaces[ns as keyof typeof namespaces];
    const v = keys(vi);
    const e = keys(en);
    expect([...e.keys()].sort()).toEqual([...v.keys()].sort());
    for (const [key, forms] of v) {
      // A plural form may leave out {{count}} (English "one"), nothing else.
      const want = forms.flat().filter((p) => p !== 'count');
      for (const form of e.get(key)!) expect(form.filter((p) => p !== 'count'), `${ns}:${key}`).toEqual([...new Set(want)].sort());
    }
  });
});
