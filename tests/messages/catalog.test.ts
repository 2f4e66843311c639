/** The one message catalog: both languages hold the same codes with the same placeholders, and
 * every code list has its messages (and no group holds a message for a code its list lacks). */
import { describe, expect, it } from 'vitest';
import { bilingual, CATALOG, localized, type CatalogGroup } from '../../src/shared/messages';
import { CODE_LISTS } from '../../src/shared/messages/code-lists';
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

  it('keys every group by its code list: each code has a message in both languages, each message a code', () => {
    expect(Object.keys(CODE_LISTS).sort()).toEqual(Object.keys(CATALOG.vi).sort());
    for (const [group, list] of Object.entries(CODE_LISTS) as [CatalogGroup, (typeof CODE_LISTS)[CatalogGroup]][]) {
      const codes = [...list.options].sort();
      expect(codes.length, group).toBeGreaterThan(0);
      expect(Object.keys(CATALOG.vi[group]).sort(), `vi ${group}`).toEqual(codes);
      expect(Object.keys(CATALOG.en[group]).sort(), `en ${group}`).toEqual(codes);
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

  it('joins both languages on one line for the host and the command-line tools', () => {
    expect(bilingual('scannerHint', 'try-baud', { baud: 9600, others: '115200 / 19200' }))
      .toBe('Đang đặt 9600 baud; thử 115200 / 19200 / Set to 9600 baud; try 115200 / 19200');
    expect(bilingual('scanner', 'missing')).toBe('Không tìm thấy cổng. / Port not found.');
  });
});
