/**
 * A keyboard-wedge scanner typing while a Vietnamese input method is in VNI mode (Unikey, EVKey):
 * docs/RELIABILITY.md item 14. VNI turns a digit typed after a vowel (or after d) into a mark —
 * 1 sắc, 2 huyền, 3 hỏi, 4 ngã, 5 nặng, 6 â ê ô, 7 ơ ư, 8 ă, 9 đ, 0 removes the tone — so a scanner
 * typing `A1` gets `Á`: its digit is eaten and its letter changed. The page sees the rewrite in one of
 * the two ways the Telex tests (wedge-decoder.test.ts) model:
 *  - injected keys: the IME swallows the digit's key and sends Backspace(s) + the composed letters
 *    itself (Unikey and EVKey on Windows). Injected letters carry no scan code; the Backspace is
 *    tested both without one and with the Backspace key's own;
 *  - a composition: the IME processes the keys of a word itself (keyCode 229 / isComposing), as
 *    input methods with a pre-edit do (e.g. ibus-unikey on Linux), applying the same VNI rules.
 * What must hold: the scan is recovered exactly or refused with reason `ime` (the message telling
 * staff to switch the IME to English); it is never taken, silently, as another code.
 */
import { describe, expect, it } from 'vitest';
import { createWedgeDecoder, usKeyFor, type WedgeKeyEvent, type WedgeOptionsInput } from '../../src/shared/scan/wedge';
import { runWedgeReplay } from '../../src/shared/scan/wedge/replay';
import { FIDELITY_PAYLOAD, causeOfProblem, compareFidelity } from '../../src/shared/scan/fidelity';
import { parseScan } from '../../src/shared/domain';
import { problemMessage } from '../../src/renderer/scanners/problem-message';
import { createI18n } from '../../src/renderer/i18n';
import { drive, typeKeys } from './wedge-keys';

// ---------------------------------------------------------------------------------------------
// A model of VNI typing (Unikey / EVKey rules), deliberately small: it throws on the cases it does
// not model (a mark typed twice, which undoes it), so test data cannot lean on a guess.

const TONE: Record<string, string> = { 1: '\u0301', 2: '\u0300', 3: '\u0309', 4: '\u0303', 5: '\u0323' };
const TONE_MARK = /[\u0300\u0301\u0303\u0309\u0323]/u;
const SHAPE_MARK = /[\u0302\u0306\u031b]/u;
const SHAPE: Record<string, { mark: string; bases: RegExp }> = {
  6: { mark: '\u0302', bases: /^[aeo]$/i },
  7: { mark: '\u031b', bases: /^[ou]$/i },
  8: { mark: '\u0306', bases: /^a$/i },
};

interface Rewrite {
  /** Index in the word from which the IME deletes and re-types. */
  at: number;
  chars: string[];
}

function split(ch: string): { base: string; marks: string } {
  const d = ch.normalize('NFD');
  return { base: d.slice(0, 1), marks: d.slice(1) };
}

/** What VNI does with `digit` typed after `word` (the letters typed since the last word break), or
 * null when the digit stays a digit. Tones go on the vowel with a shape mark, else the last vowel
 * (every word in the test data has one vowel, or one with a shape mark). */
function vniRewrite(word: readonly string[], digit: string): Rewrite | null {
  const parts = word.map(split);
  const redo = (at: number, ch: string): Rewrite => ({ at, chars: [ch, ...word.slice(at + 1)] });
  const vowels = parts.flatMap((p, i) => (/^[aeiouy]$/i.test(p.base) ? [i] : []));
  const tone = TONE[digit];
  if (tone !== undefined) {
    if (vowels.length === 0) return null;
    const at = vowels.find((i) => SHAPE_MARK.test(parts[i]!.marks)) ?? vowels.at(-1)!;
    const { base, marks } = parts[at]!;
    if (marks.includes(tone)) throw new Error(`model: typing ${digit} twice undoes the mark`);
    return redo(at, (base + marks.replace(TONE_MARK, '') + tone).normalize('NFC'));
  }
  const shape = SHAPE[digit];
  if (shape !== undefined) {
    const at = vowels.filter((i) => shape.bases.test(parts[i]!.base) && !SHAPE_MARK.test(parts[i]!.marks)).at(-1);
    if (at === undefined) return null;
    const { base, marks } = parts[at]!;
    return redo(at, (base + shape.mark + marks).normalize('NFC'));
  }
  if (digit === '9') {
    const at = word.findIndex((c) => c === 'd' || c === 'D');
    return at < 0 ? null : redo(at, word[at] === 'd' ? 'đ' : 'Đ');
  }
  if (digit === '0') {
    const at = parts.findIndex((p) => TONE_MARK.test(p.marks));
    return at < 0 ? null : redo(at, (parts[at]!.base + parts[at]!.marks.replace(TONE_MARK, '')).normalize('NFC'));
  }
  return null;
}

type Mechanism = 'inject' | 'compose';

interface VniOptions {
  perCharMs: number;
  mechanism: Mechanism;
  start?: number;
  /** `code` of an injected Backspace: none ('') or the Backspace key's own. */
  backspaceCode?: '' | 'Backspace';
  terminator?: string | null;
}

interface VniTyping {
  events: WedgeKeyEvent[];
  /** The text the IME made of the keystrokes: what a text field would show. */
  rewritten: string;
  /** Digits the IME turned into marks. */
  rewrites: number;
}

function ev(type: 'keydown' | 'keyup', code: string, key: string, t: number, extra: Partial<WedgeKeyEvent> = {}): WedgeKeyEvent {
  return { type, code, key, t, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false, keyCode: 0, isComposing: false, ...extra };
}

/** Keystrokes a US-mode HID scanner sends for `text` (then a terminator), as the page sees them
 * with VNI on. Injected keys come within a millisecond of the key they replace. */
function vniTyping(text: string, o: VniOptions): VniTyping {
  const events: WedgeKeyEvent[] = [];
  const out: string[] = [];
  let wordStart = 0;
  let composing = false;
  let rewrites = 0;
  let t = o.start ?? 1000;
  const hold = Math.min(0.5, o.perCharMs / 3);
  const step = Math.min(0.125, o.perCharMs / 32);

  const physical = (code: string, key: string, shift: boolean, throughIme: boolean): void => {
    if (shift) events.push(ev('keydown', 'ShiftLeft', 'Shift', t, { shiftKey: true }));
    const ime = throughIme ? { key: 'Process', keyCode: 229, isComposing: composing } : {};
    events.push({ ...ev('keydown', code, key, t, { shiftKey: shift }), ...ime });
    events.push(ev('keyup', code, key, t + hold, { shiftKey: shift, isComposing: throughIme }));
    if (shift) events.push(ev('keyup', 'ShiftLeft', 'Shift', t + hold));
  };
  const inject = (rw: Rewrite, wordLength: number): void => {
    let s = t;
    const send = (code: string, key: string, keyCode: number): void => {
      s += step;
      events.push(ev('keydown', code, key, s, { keyCode }));
      s += step;
      events.push(ev('keyup', code, key, s, { keyCode }));
    };
    for (let i = rw.at; i < wordLength; i += 1) send(o.backspaceCode ?? '', 'Backspace', 8);
    for (const c of rw.chars) send('', c, 231);
  };

  for (const ch of text) {
    const k = usKeyFor(ch);
    if (k === null) throw new Error(`no US key types ${JSON.stringify(ch)}`);
    const word = out.slice(wordStart);
    const rw = /^\d$/.test(ch) ? vniRewrite(word, ch) : null;
    if (/^[a-z]$/i.test(ch) || rw !== null) {
      if (o.mechanism === 'compose') {
        physical(k.code, ch, k.shiftKey, true);
        composing = true;
      } else if (rw === null) {
        physical(k.code, ch, k.shiftKey, false);
      } else {
        inject(rw, word.length); // the digit's own key never reaches the page
      }
      if (rw === null) {
        out.push(ch);
      } else {
        out.splice(wordStart + rw.at, word.length - rw.at, ...rw.chars);
        rewrites += 1;
      }
    } else {
      // Anything else ends the word; during a composition the IME sees it first (and commits).
      physical(k.code, ch, k.shiftKey, o.mechanism === 'compose' && composing);
      composing = false;
      out.push(ch);
      wordStart = out.length;
    }
    t += o.perCharMs;
  }
  const term = o.terminator === undefined ? 'Enter' : o.terminator;
  if (term !== null) physical(term, term === 'Tab' ? 'Tab' : 'Enter', false, o.mechanism === 'compose' && composing);
  return { events, rewritten: out.join(''), rewrites };
}

/** What a page sees when staff type `text` at `perKeyMs` (a person releases keys too). */
function vniPerson(text: string, perKeyMs: number): VniTyping {
  return vniTyping(text, { perCharMs: perKeyMs, mechanism: 'inject', start: 0, terminator: null });
}

// ---------------------------------------------------------------------------------------------
// Synthetic payloads. Each dossier code is a valid strict code with vowels (or D) before digits.

const DOSSIERS_WITH_VNI_TRIGGERS = [
  '000.A1.E5.H56-240315-0017', // A1 → Á, E5 → Ẹ
  'D91.O7.A8.H56-240315-0017', // D9 → Đ, O7 → Ơ, A8 → Ă
  'U23.E6.I4.H56-240315-0017', // U2 → Ù then 3 → Ủ, E6 → Ê, I4 → Ĩ
];
/** No vowel or D before a digit: VNI has nothing to rewrite. */
const DOSSIER_NO_TRIGGER = '000.17.22.H56-210531-0001';
/** A CCCD payload whose address holds a building name `Toa A2` (A2 → À). */
const CCCD_WITH_TRIGGER = '001090012345||Nguyen Van A|01011990|Nam|Toa A2, Ha Noi|15082021';
/** The same card with no vowel before a digit: every digit field follows a `|`. */
const CCCD_NO_TRIGGER = '001090012345||Nguyen Van A|01011990|Nam|So 5 Hang Bai, Ha Noi|15082021';

const IMES = ['Unikey', 'EVKey'] as const;
const BACKSPACES = [
  ['without a scan code', ''],
  ['with the Backspace scan code', 'Backspace'],
] as const;
const INJECTED = IMES.flatMap((ime) => BACKSPACES.map(([label, code]) => [ime, label, code] as const));

function refusedAsIme(events: readonly WedgeKeyEvent[], options: WedgeOptionsInput = {}): void {
  const m = drive(createWedgeDecoder(options), events);
  expect(m.results).toMatchObject([{ accepted: false, reason: 'ime' }]);
  // Nothing of the scan reached the focused input, and its Enter neither submitted nor pressed.
  expect(m.value).toBe('');
  expect(m.enters).toBe(0);
  expect(m.results.filter((r) => r.accepted)).toEqual([]);
}

describe('the VNI model (Unikey / EVKey rules) used below', () => {
  it('turns digits after a vowel or d into marks and leaves the other digits alone', () => {
    expect(vniTyping('a1 a2 a3 a4 a5 a15 a10 a6 e6 o6 o7 u7 a8 d9 b1 A1 D9', { perCharMs: 5, mechanism: 'inject' }).rewritten)
      .toBe('á à ả ã ạ ạ a â ê ô ơ ư ă đ b1 Á Đ');
    expect(vniTyping('Viet65', { perCharMs: 5, mechanism: 'inject' }).rewritten).toBe('Việt');
    expect(vniTyping(DOSSIERS_WITH_VNI_TRIGGERS.join(' '), { perCharMs: 5, mechanism: 'inject' }).rewritten)
      .toBe('000.Á.Ẹ.H56-240315-0017 Đ1.Ơ.Ă.H56-240315-0017 Ủ.Ê.Ĩ.H56-240315-0017');
    expect(vniTyping(CCCD_WITH_TRIGGER, { perCharMs: 5, mechanism: 'inject' }).rewritten)
      .toBe('001090012345||Nguyen Van A|01011990|Nam|Toa À, Ha Noi|15082021');
  });

  it('sends Backspace + the composed letters for an injected rewrite, and swallows the digit key', () => {
    const { events } = vniTyping('XA1', { perCharMs: 5, mechanism: 'inject', terminator: null });
    const downs = events.filter((e) => e.type === 'keydown' && e.code !== 'ShiftLeft').map((e) => [e.code, e.key]);
    expect(downs).toEqual([['KeyX', 'X'], ['KeyA', 'A'], ['', 'Backspace'], ['', 'Á']]);
  });
});

describe('VNI rewrites injected as Backspace + composed letters (Unikey, EVKey)', () => {
  it.each(INJECTED.flatMap(([ime, label, code]) => DOSSIERS_WITH_VNI_TRIGGERS.map((d) => [ime, label, d, code] as const)))(
    '%s VNI (injected Backspace %s) refuses dossier code %s with reason ime, never another code',
    (_ime, _label, code, backspaceCode) => {
      const typed = vniTyping(code, { perCharMs: 5, mechanism: 'inject', backspaceCode });
      expect(parseScan(code)).toMatchObject({ kind: 'dossier', code });
      expect(typed.rewrites).toBeGreaterThanOrEqual(2);
      refusedAsIme(typed.events);
      // What the IME made of it would not even be a dossier code.
      expect(parseScan(typed.rewritten).kind).not.toBe('dossier');
    },
  );

  it.each(INJECTED)(
    '%s VNI (injected Backspace %s) refuses a CCCD payload with a name whose address has "Toa A2", which would read as a valid card with another address',
    (_ime, _label, backspaceCode) => {
      const typed = vniTyping(CCCD_WITH_TRIGGER, { perCharMs: 5, mechanism: 'inject', backspaceCode });
      refusedAsIme(typed.events);
      // Why refusing matters: the rewritten text is a well-formed card, and a different one.
      expect(parseScan(CCCD_WITH_TRIGGER)).toMatchObject({ kind: 'cccd', id: '001090012345', name: 'Nguyen Van A', address: 'Toa A2, Ha Noi' });
      expect(parseScan(typed.rewritten)).toMatchObject({ kind: 'cccd', id: '001090012345', name: 'Nguyen Van A', address: 'Toa À, Ha Noi' });
    },
  );

  it.each(IMES)('%s VNI leaves a scan with no vowel before a digit alone: dossier code and CCCD payload recovered exactly', (_ime) => {
    for (const text of [DOSSIER_NO_TRIGGER, CCCD_NO_TRIGGER]) {
      const typed = vniTyping(text, { perCharMs: 5, mechanism: 'inject' });
      expect(typed.rewrites).toBe(0);
      const m = drive(createWedgeDecoder(), typed.events);
      expect(m.results).toMatchObject([{ accepted: true, text }]);
      expect(m.value).toBe('');
      expect(m.enters).toBe(0);
    }
  });

  it.each(IMES.flatMap((ime) => [5, 35, 45, 50].map((ms) => [ime, ms] as const)))(
    '%s VNI at %d ms/char (USB to Bluetooth speeds): refused with ime, the rewritten text is never typed into the input and submitted',
    (_ime, perCharMs) => {
      for (const text of [...DOSSIERS_WITH_VNI_TRIGGERS, CCCD_WITH_TRIGGER]) {
        refusedAsIme(vniTyping(text, { perCharMs, mechanism: 'inject' }).events);
      }
    },
  );

  it('scanner wedge-replay reports a Unikey/EVKey VNI rewrite as ime', async () => {
    const a = vniTyping(DOSSIERS_WITH_VNI_TRIGGERS[0]!, { perCharMs: 5, mechanism: 'inject', start: 0 });
    const b = vniTyping(CCCD_WITH_TRIGGER, { perCharMs: 5, mechanism: 'compose', start: 2000 });
    const c = vniTyping(DOSSIER_NO_TRIGGER, { perCharMs: 5, mechanism: 'inject', start: 4000 });
    async function* lines(): AsyncIterable<string> {
      for (const e of [...a.events, ...b.events, ...c.events]) yield JSON.stringify(e);
    }
    const out: unknown[] = [];
    await runWedgeReplay(lines(), (l) => out.push(JSON.parse(l)));
    expect(out).toEqual([
      { accepted: false, reason: 'ime' },
      { accepted: false, reason: 'ime' },
      { accepted: true, text: DOSSIER_NO_TRIGGER },
    ]);
  });
});

describe('VNI rewrites through a composition (keyCode 229 / isComposing)', () => {
  it('VNI composition (Unikey rules in a pre-edit IME) refuses dossier codes and a CCCD payload with reason ime', () => {
    for (const text of [...DOSSIERS_WITH_VNI_TRIGGERS, CCCD_WITH_TRIGGER]) {
      const typed = vniTyping(text, { perCharMs: 5, mechanism: 'compose' });
      expect(typed.events.some((e) => e.keyCode === 229 && e.isComposing)).toBe(true);
      refusedAsIme(typed.events);
    }
  });

  it('refuses with ime even a scan the composition left intact: its letters went through the IME', () => {
    for (const text of [DOSSIER_NO_TRIGGER, CCCD_NO_TRIGGER]) {
      const typed = vniTyping(text, { perCharMs: 5, mechanism: 'compose' });
      expect(typed.rewritten).toBe(text);
      refusedAsIme(typed.events);
    }
  });

  it('refuses with ime when the scan ends inside a composition (Enter itself goes to the IME)', () => {
    const typed = vniTyping('000.17.22.H56-210531-0001 TOA A2', { perCharMs: 5, mechanism: 'compose' });
    const enter = typed.events.find((e) => e.code === 'Enter' && e.type === 'keydown')!;
    expect(enter).toMatchObject({ keyCode: 229, isComposing: true });
    refusedAsIme(typed.events);
  });

  it('keeps a composed scan out of the page: the held first digit and the terminator are prevented', () => {
    const typed = vniTyping(CCCD_WITH_TRIGGER, { perCharMs: 5, mechanism: 'compose' });
    const d = createWedgeDecoder();
    const decisions = typed.events.map((e) => ({ e, r: d.feed(e) }));
    const downs = decisions.filter((x) => x.e.type === 'keydown' && x.e.code !== 'ShiftLeft');
    expect(downs[0]!.r.preventDefault).toBe(true); // '0' held: not composed, not typed
    expect(downs.at(-1)!.r).toMatchObject({ preventDefault: true, stopPropagation: true, result: { accepted: false, reason: 'ime' } });
    // Every key of the burst after the first is hidden from the page's own handlers.
    expect(downs.slice(1).every((x) => x.r.stopPropagation)).toBe(true);
  });
});

describe('staff typing with VNI on are not a scanner', () => {
  it.each(IMES)('lets a person type "Việt" with %s VNI (V i e t 6 5: two rewrites of two letters)', (_ime) => {
    const slow = vniPerson('Viet65', 130);
    expect(slow.rewritten).toBe('Việt');
    const m = drive(createWedgeDecoder(), slow.events);
    expect(m.results).toEqual([]);
    expect(m.value).toBe('Việt');
    // At 60 ms/key with rollover detection off, timing alone must still say "person".
    const quick = drive(createWedgeDecoder({ rolloverIsHuman: false }), vniPerson('Viet65', 60).events);
    expect(quick.results).toEqual([]);
    expect(quick.value).toBe('Việt');
  });

  it('lets a person type a dossier code with VNI on: they see the rewrite and can fix it, no scan is reported', () => {
    const typed = vniPerson('000.A1.E5', 130);
    const m = drive(createWedgeDecoder(), typed.events);
    expect(m.results).toEqual([]);
    expect(m.value).toBe('000.Á.Ẹ');
  });
});

describe('what staff and technicians are told about a VNI rejection', () => {
  it('shows the ime message, which names Unikey and EVKey and says to switch to English (E) or serial mode', () => {
    const m = problemMessage({ reason: 'ime' });
    expect(m.key).toBe('codes:wedge.ime');
    const vi = createI18n('vi').t(m.key, m.values);
    expect(vi).toContain('Unikey, EVKey');
    expect(vi).toContain('tiếng Anh (E)');
    expect(vi).toContain('cổng COM');
    const en = createI18n('en').t(m.key, m.values);
    expect(en).toContain('Unikey, EVKey');
    expect(en).toContain('English mode (E)');
  });

  it('blames the IME in the fidelity test for a VNI refusal and for VNI damage (digits eaten, letters marked)', () => {
    expect(causeOfProblem('ime')).toEqual({ cause: 'ime', fix: 'ime-english' });
    for (const code of DOSSIERS_WITH_VNI_TRIGGERS) {
      const r = compareFidelity(code, vniTyping(code, { perCharMs: 5, mechanism: 'inject' }).rewritten, { source: 'wedge' });
      expect([r.ok, r.likelyCause, r.fix]).toEqual([false, 'ime', 'ime-english']);
    }
  });

  it('documents the limit: VNI leaves the fidelity test payload unchanged, so only Telex shows there', () => {
    // A US-mode wedge types the payload's ASCII characters; none of them is a digit after a vowel.
    const ascii = Array.from(FIDELITY_PAYLOAD).filter((c) => usKeyFor(c) !== null).join('');
    const typed = vniTyping(ascii, { perCharMs: 5, mechanism: 'inject' });
    expect(typed.rewrites).toBe(0);
    const m = drive(createWedgeDecoder(), typed.events);
    expect(m.results).toMatchObject([{ accepted: true, text: ascii }]);
    // The comparison then blames the missing Vietnamese letters, not the IME.
    const r = compareFidelity(FIDELITY_PAYLOAD, ascii, { source: 'wedge' });
    expect(r.likelyCause).toBe('wedge-no-unicode');
    expect(r.alsoSeen).not.toContain('ime');
    // Whereas the plain scanner keystrokes, without any IME, decode the same way: VNI is invisible here.
    expect(drive(createWedgeDecoder(), typeKeys(ascii, { perCharMs: 5 })).results).toMatchObject([{ accepted: true, text: ascii }]);
  });
});
