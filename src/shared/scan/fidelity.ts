/**
 * The scanner fidelity test: a payload that holds every kind of character a commune
 * scan can carry, and a comparison that tells a technician which characters arrived wrong, the
 * likely cause and the fix. Pure: the console renders the payload as a QR and compares the next
 * scan with it.
 *
 * The payload holds, in order: digits (in two groups: an unbroken run of nine or more digits looks
 * like an ID number, and the monitor, logs and bundles would hide the whole scan); every capital; the Telex trigger pairs a Vietnamese input
 * method rewrites (`aa dd ee oo w s f r x j z`, docs/RELIABILITY.md item 14) in lower case, so both an active IME
 * and a case swap show; the punctuation of dossier codes and CCCD payloads; Vietnamese letters
 * (Đ Ư Ơ and stacked tone marks), which only arrive intact over serial / USB-CDC or the camera.
 */

import type { ScanProblemReason } from './errors';

export const FIDELITY_PAYLOAD =
  'KIOSK-TEST 01234 56789 ABCDEFGHIJKLMNOPQRSTUVWXYZ aa dd ee oo w s f r x j z . - / : | _ ĐđƯưƠơ ẮẰẲẴẶ ễ ộ';

export type FidelityCause = 'ime' | 'layout' | 'wedge-no-unicode' | 'baud' | 'none';
/** A cause found in a wrong scan (`none` only ever stands alone, for a scan without a fault). */
export type SeenCause = Exclude<FidelityCause, 'none'>;

/** Machine codes of the fixes (translated by the console, `console:fidelity.fix.<code>`). */
export type FidelityFix =
  | 'none'
  | 'ime-english'
  | 'capslock'
  | 'scanner-us-layout'
  | 'use-serial-mode'
  | 'scanner-utf8'
  | 'check-baud'
  | 'scan-test-code';

export interface WrongChar {
  /** Position in the expected text, in code points ('' expected: an extra character arrived there). */
  index: number;
  expected: string;
  /** '' when the character never arrived. */
  got: string;
}

export interface FidelityResult {
  ok: boolean;
  wrong: WrongChar[];
  likelyCause: FidelityCause;
  fix: FidelityFix;
  /** Other causes seen in the same scan (a wedge without Unicode behind a wrong layout…). */
  alsoSeen: SeenCause[];
}

export interface FidelityOptions {
  /** Where the scan came from: a serial scanner that loses Vietnamese letters needs a charset
   * setting, a wedge one needs serial mode. */
  source?: 'serial' | 'wedge' | 'camera' | 'keypad';
}

type Kind = 'unicode' | 'case' | 'ime' | 'garbage' | 'layout';

const isAscii = (ch: string): boolean => ch.length > 0 && ch.codePointAt(0)! < 0x80;
const isVietnameseLetter = (ch: string): boolean => !isAscii(ch) && /\p{L}/u.test(ch);

/** Control codes, U+FFFD and the Latin-1 / Windows-1252 symbols that wrongly decoded bytes become. */
function isGarbage(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  if (c < 0x20 && c !== 0x09) return true;
  if (c === 0x7f || c === 0xfffd) return true;
  if (c >= 0x80 && c <= 0xbf) return true;
  // À-ÿ outside the letters Vietnamese uses: Ã Ä Å Æ Ç Ð Ñ Ö × Ø Þ ß ä å æ ç ð ñ ö ÷ ø þ ÿ…
  if (c >= 0xc0 && c <= 0xff) return !/[ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý]/.test(ch);
  return /[\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]/.test(ch);
}

interface Op { index: number; expected: string; got: string }

/** Levenshtein alignment over code points: the wrong characters, in order. */
function align(expected: string[], received: string[]): Op[] {
  const n = expected.length;
  const m = received.length;
  const d: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = 0; i <= n; i++) d[i]![0] = i;
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = d[i - 1]![j - 1]! + (expected[i - 1] === received[j - 1] ? 0 : 1);
      d[i]![j] = Math.min(sub, d[i - 1]![j]! + 1, d[i]![j - 1]! + 1);
    }
  }
  const ops: Op[] = [];
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = d[i]![j]!;
    if (i > 0 && j > 0 && here === d[i - 1]![j - 1]! + (expected[i - 1] === received[j - 1] ? 0 : 1)) {
      if (expected[i - 1] !== received[j - 1]) ops.push({ index: i - 1, expected: expected[i - 1]!, got: received[j - 1]! });
      i -= 1;
      j -= 1;
    } else if (i > 0 && here === d[i - 1]![j]! + 1) {
      ops.push({ index: i - 1, expected: expected[i - 1]!, got: '' });
      i -= 1;
    } else {
      ops.push({ index: i, expected: '', got: received[j - 1]! });
      j -= 1;
    }
  }
  return ops.reverse();
}

function classify(op: Op, expected: string[]): Kind {
  const { expected: e, got: g } = op;
  // An extra character right after a Vietnamese letter is the second half of a wrongly encoded
  // letter (UTF-8 read as Windows-1252: Đ → Ä + U+0090), not line noise.
  const nextToLetter = e === '' && [expected[op.index - 1], expected[op.index]].some((c) => c !== undefined && isVietnameseLetter(c));
  if (e !== '' ? isVietnameseLetter(e) : nextToLetter) return 'unicode';
  if (g !== '' && isGarbage(g)) return 'garbage';
  // A Vietnamese letter where plain ASCII was sent: Telex/VNI rewrote the keystrokes.
  if (g !== '' && isVietnameseLetter(g)) return 'ime';
  if (e !== '' && g !== '' && e.toLowerCase() === g.toLowerCase()) return 'case';
  return 'layout';
}

const FIX: Record<SeenCause, FidelityFix> = {
  ime: 'ime-english',
  layout: 'scanner-us-layout',
  'wedge-no-unicode': 'use-serial-mode',
  baud: 'check-baud',
};

/**
 * Compares a scan of the test QR with the payload. Unicode normalisation differences are not
 * errors (the domain core normalises to NFC anyway).
 */
export function compareFidelity(expected: string, received: string, opts: FidelityOptions = {}): FidelityResult {
  const exp = Array.from(expected.normalize('NFC'));
  const got = Array.from(received.normalize('NFC'));
  const ops = align(exp, got);
  const wrong = ops.map(({ index, expected: e, got: g }) => ({ index, expected: e, got: g }));
  if (ops.length === 0) return { ok: true, wrong, likelyCause: 'none', fix: 'none', alsoSeen: [] };

  // Mostly different: another code was scanned, not the test QR.
  if (ops.length > exp.length * 0.7 && !ops.some((o) => o.got !== '' && isGarbage(o.got))) {
    return { ok: false, wrong, likelyCause: 'none', fix: 'scan-test-code', alsoSeen: [] };
  }

  const counts: Record<Kind, number> = { unicode: 0, case: 0, ime: 0, garbage: 0, layout: 0 };
  for (const op of ops) counts[classify(op, exp)] += 1;
  const asciiSent = exp.filter(isAscii).length;

  const causes = new Map<SeenCause, number>();
  // Wrong speed turns ASCII into control codes and Latin-1 symbols; a few such bytes are enough.
  if (counts.garbage >= 3 || counts.garbage > asciiSent * 0.1) causes.set('baud', counts.garbage * 10);
  if (counts.ime > 0) causes.set('ime', counts.ime * 5);
  if (counts.unicode > 0) causes.set('wedge-no-unicode', counts.unicode);
  if (counts.case + counts.layout > 0) causes.set('layout', counts.case + counts.layout);
  if (causes.size === 0) causes.set('layout', 1);

  const ranked = [...causes.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  const likelyCause = ranked[0]!;
  let fix = FIX[likelyCause];
  if (likelyCause === 'layout' && counts.layout === 0) fix = 'capslock';
  if (likelyCause === 'wedge-no-unicode' && opts.source === 'serial') fix = 'scanner-utf8';
  return { ok: false, wrong, likelyCause, fix, alsoSeen: ranked.slice(1) };
}

/** What a scan problem reported during the test says about the scanner (serial and wedge codes). */
export function causeOfProblem(reason: ScanProblemReason): { cause: SeenCause; fix: FidelityFix } | null {
  switch (reason) {
    case 'ime': return { cause: 'ime', fix: 'ime-english' };
    case 'unknown-key': return { cause: 'wedge-no-unicode', fix: 'use-serial-mode' };
    case 'baud-mismatch': return { cause: 'baud', fix: 'check-baud' };
    // Bytes that are not UTF-8: a legacy code page (TCVN3, Windows-1258) or a wrong speed.
    case 'invalid-utf8': return { cause: 'wedge-no-unicode', fix: 'scanner-utf8' };
    default: return null;
  }
}

/** `U+0110` for a character, to show what arrived when it is invisible or looks alike. */
export function codePointLabel(ch: string): string {
  if (ch === '') return '';
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
