/** The one message catalog: both languages hold the same codes with the same placeholders, and
 * every code list of the wire has its messages. */
import { describe, expect, it } from 'vitest';
import { CATALOG, localized } from '../../src/shared/messages';
import { CONFLICT_REASONS, ERROR_CODES, FORBIDDEN_REASONS, REJECT_REASONS } from '../../src/shared/protocol';

const placeholders = (s: string): string[] => [...s.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]!).sort();

function leaves(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

describe('message catalog', () => {
  const vi = leaves(CATALOG.vi);
  const en = leaves(CATALOG.en);

  it('has the same keys in Vietnamese and English, none empty, with the same placeholders', () => {
    expect([...vi.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of vi) {
      expect(v.trim(), k).not.toBe('');
      expect(en.get(k)!.trim(), k).not.toBe('');
      expect(placeholders(en.get(k)!), k).toEqual(placeholders(v));
    }
  });

  it('covers every code of the wire code lists', () => {
    for (const c of REJECT_REASONS) expect(vi.has(`reject.${c}`), c).toBe(true);
    for (const c of CONFLICT_REASONS) expect(vi.has(`conflict.${c}`), c).toBe(true);
    for (const c of ERROR_CODES) expect(vi.has(`gateway.${c}`), c).toBe(true);
    for (const c of FORBIDDEN_REASONS) expect(vi.has(`forbidden.${c}`), c).toBe(true);
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(localized('reject', 'transition-not-allowed', { from: 2, to: 10 })).toEqual({ vi: 'Không được chuyển trạng thái 2 → 10.', en: 'Transition 2 → 10 is not allowed.' });
    expect(localized('conflict', 'status-changed', { status: 4 }).en).toBe('The dossier is now in status 4, not {{from}}.');
  });
});
