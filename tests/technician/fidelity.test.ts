/**
 * The fidelity comparison: what a technician is told when the test QR arrives mangled by an input
 * method, a keyboard layout, a scanner that cannot send Vietnamese letters, or a wrong baud rate.
 */
import { describe, expect, it } from 'vitest';
import { FIDELITY_PAYLOAD, causeOfProblem, codePointLabel, compareFidelity } from '../../src/shared/scan/fidelity';

const P = FIDELITY_PAYLOAD;
const VIETNAMESE = /[^ -~]/gu;

/** Unikey in Telex mode: doubled vowels and `dd` compose, a lone `w` becomes ư. */
function telex(text: string): string {
  return text.replace('aa', 'â').replace('dd', 'đ').replace('ee', 'ê').replace('oo', 'ô').replace(' w ', ' ư ');
}

/** A scanner set to AZERTY in front of a US decoder: A↔Q, Z↔W, digits come out shifted. */
function azerty(text: string): string {
  const swap: Record<string, string> = { A: 'Q', Q: 'A', Z: 'W', W: 'Z', a: 'q', q: 'a', z: 'w', w: 'z' };
  const shifted = ')!@#$%^&*(';
  return Array.from(text, (c) => swap[c] ?? (/\d/.test(c) ? shifted[Number(c)]! : c)).join('');
}

describe('the fidelity payload', () => {
  it('holds digits, capitals, punctuation and Vietnamese letters', () => {
    expect(P).toMatch(/01234 56789/);
    expect(P).toMatch(/ABCDEFGHIJKLMNOPQRSTUVWXYZ/);
    for (const c of ['.', '-', '/', ':', '|', '_']) expect(P).toContain(c);
    for (const c of ['Đ', 'đ', 'Ư', 'ư', 'Ơ', 'ơ', 'Ắ', 'Ằ', 'Ẳ', 'Ẵ', 'Ặ', 'ễ', 'ộ']) expect(P).toContain(c);
    expect(P).toBe(P.normalize('NFC'));
  });
});

describe('compareFidelity', () => {
  it('passes an exact scan, and one that differs only in Unicode normalisation', () => {
    expect(compareFidelity(P, P)).toEqual({ ok: true, wrong: [], likelyCause: 'none', fix: 'none', alsoSeen: [] });
    expect(compareFidelity(P, P.normalize('NFD')).ok).toBe(true);
  });

  it('blames the input method for Telex rewrites', () => {
    const r = compareFidelity(P, telex(P));
    expect(r.ok).toBe(false);
    expect(r.likelyCause).toBe('ime');
    expect(r.fix).toBe('ime-english');
    expect(r.wrong.find((w) => w.got === 'đ')).toMatchObject({ expected: 'd' });
    expect(r.wrong.find((w) => w.got === 'đ')!.index - P.indexOf('dd')).toBeLessThanOrEqual(1);
  });

  it('calls upper/lower case swaps a Caps Lock problem', () => {
    const swapped = Array.from(P, (c) => (/[a-z]/.test(c) ? c.toUpperCase() : /[A-Z]/.test(c) ? c.toLowerCase() : c)).join('');
    const r = compareFidelity(P, swapped);
    expect(r.likelyCause).toBe('layout');
    expect(r.fix).toBe('capslock');
    expect(r.wrong.every((w) => w.expected.toLowerCase() === w.got.toLowerCase())).toBe(true);
  });

  it('calls swapped letters and shifted digits a keyboard-layout problem', () => {
    const r = compareFidelity(P, azerty(P));
    expect(r.likelyCause).toBe('layout');
    expect(r.fix).toBe('scanner-us-layout');
    expect(r.wrong).toContainEqual({ index: P.indexOf('0'), expected: '0', got: ')' });
  });

  it('tells a wedge that drops Vietnamese letters to use serial / USB-CDC mode', () => {
    const r = compareFidelity(P, P.replace(VIETNAMESE, ''));
    expect(r.likelyCause).toBe('wedge-no-unicode');
    expect(r.fix).toBe('use-serial-mode');
    expect(r.wrong.map((w) => w.expected).join('')).toBe('ĐđƯưƠơẮẰẲẴẶễộ');
    expect(r.wrong.every((w) => w.got === '')).toBe(true);
  });

  it('reads Vietnamese letters replaced with ? or stripped to their base letter the same way', () => {
    const q = compareFidelity(P, P.replace(VIETNAMESE, '?'), { source: 'wedge' });
    expect([q.likelyCause, q.fix]).toEqual(['wedge-no-unicode', 'use-serial-mode']);
    expect(q.wrong).toContainEqual({ index: P.indexOf('Đ'), expected: 'Đ', got: '?' });
    const base = P.replace('Đ', 'D').replace('đ', 'd').normalize('NFD').replace(/\p{M}/gu, '');
    expect(compareFidelity(P, base).likelyCause).toBe('wedge-no-unicode');
  });

  it('asks a serial scanner that loses Vietnamese letters for UTF-8 output', () => {
    const r = compareFidelity(P, P.replace(VIETNAMESE, '?'), { source: 'serial' });
    expect([r.likelyCause, r.fix]).toEqual(['wedge-no-unicode', 'scanner-utf8']);
  });

  it('reads UTF-8 shown as Windows-1252 on the Vietnamese letters only as a charset problem', () => {
    const mojibake = Buffer.from(P, 'utf8').toString('latin1');
    const r = compareFidelity(P, mojibake, { source: 'serial' });
    expect(r.likelyCause).toBe('wedge-no-unicode');
    expect(r.fix).toBe('scanner-utf8');
  });

  it('blames the baud rate for garbage over the whole scan', () => {
    // Bytes read at the wrong speed: every byte shifted, control codes and Latin-1 symbols.
    const garbage = Array.from(Buffer.from(P, 'utf8'), (b) => String.fromCharCode(((b << 1) & 0xff) ^ 0x81)).join('');
    const r = compareFidelity(P, garbage);
    expect(r.likelyCause).toBe('baud');
    expect(r.fix).toBe('check-baud');
    const noisy = P.slice(0, 20) + '\u0000\u0013Ã\u0085\u00ff\u001b' + P.slice(26);
    expect(compareFidelity(P, noisy).likelyCause).toBe('baud');
  });

  it('says when the scan was another code, not the test QR', () => {
    const r = compareFidelity(P, '000.17.22.H56-260305-0042');
    expect(r.ok).toBe(false);
    expect([r.likelyCause, r.fix]).toEqual(['none', 'scan-test-code']);
  });

  it('points at the exact position of a single wrong character', () => {
    const at = P.indexOf('/');
    const r = compareFidelity(P, P.slice(0, at) + '?' + P.slice(at + 1));
    expect(r.wrong).toEqual([{ index: at, expected: '/', got: '?' }]);
    expect(r.likelyCause).toBe('layout');
  });

  it('lists a secondary cause seen in the same scan', () => {
    const r = compareFidelity(P, telex(P).replace(VIETNAMESE, (c) => ('âđêôư'.includes(c) ? c : '')));
    expect(r.likelyCause).toBe('ime');
    expect(r.alsoSeen).toContain('wedge-no-unicode');
  });
});

describe('causeOfProblem', () => {
  it('maps the scan problems a test can end with', () => {
    expect(causeOfProblem('ime')).toEqual({ cause: 'ime', fix: 'ime-english' });
    expect(causeOfProblem('baud-mismatch')).toEqual({ cause: 'baud', fix: 'check-baud' });
    expect(causeOfProblem('invalid-utf8')).toEqual({ cause: 'wedge-no-unicode', fix: 'scanner-utf8' });
    expect(causeOfProblem('frame-overflow')).toBeNull();
  });

  it('labels characters by code point', () => {
    expect(codePointLabel('Đ')).toBe('U+0110');
    expect(codePointLabel('')).toBe('');
  });
});
