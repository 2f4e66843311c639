/**
 * Synthetic keyboard traffic for the wedge tests: what a HID scanner or a person produces, under
 * several OS layouts, and a model of a focused text input that applies what the decoder lets through.
 */
import { usKeyFor, type WedgeDecoder, type WedgeKeyEvent, type WedgeResult } from '../../src/shared/scan/wedge';

export type Layout = 'us' | 'azerty';

/** French AZERTY: what `key` reports for a physical key, [plain, shifted] (letters handled apart). */
const AZERTY: Record<string, [string, string]> = {
  Digit1: ['&', '1'], Digit2: ['é', '2'], Digit3: ['"', '3'], Digit4: ["'", '4'], Digit5: ['(', '5'],
  Digit6: ['-', '6'], Digit7: ['è', '7'], Digit8: ['_', '8'], Digit9: ['ç', '9'], Digit0: ['à', '0'],
  Minus: [')', '°'], Equal: ['=', '+'], KeyQ: ['a', 'A'], KeyA: ['q', 'Q'], KeyW: ['z', 'Z'],
  KeyZ: ['w', 'W'], KeyM: [',', '?'], Semicolon: ['m', 'M'], Comma: [';', '.'], Period: [':', '/'],
  Slash: ['!', '§'], Quote: ['ù', '%'], Backslash: ['*', 'µ'], BracketLeft: ['Dead', 'Dead'],
  BracketRight: ['$', '£'], Backquote: ['²', '²'],
};

const US_PLAIN = "`1234567890-=[]\\;',./";
const US_SHIFT = '~!@#$%^&*()_+{}|:"<>?';

/** The `key` value the OS reports for a physical key under a layout and CapsLock state. */
export function keyValue(code: string, shift: boolean, layout: Layout, capsLock: boolean): string {
  const letter = /^Key([A-Z])$/.exec(code)?.[1];
  if (layout === 'azerty' && AZERTY[code] !== undefined) {
    const [plain, shifted] = AZERTY[code];
    const v = shift ? shifted : plain;
    return capsLock && /^[a-z]$/i.test(v) ? (shift ? v.toLowerCase() : v.toUpperCase()) : v;
  }
  if (letter !== undefined) return shift !== capsLock ? letter : letter.toLowerCase();
  if (code === 'Space') return ' ';
  for (let i = 0; i < US_PLAIN.length; i += 1) {
    const k = usKeyFor(US_PLAIN[i]!);
    if (k?.code === code) return shift ? US_SHIFT[i]! : US_PLAIN[i]!;
  }
  return 'Unidentified';
}

function ev(type: 'keydown' | 'keyup', code: string, key: string, t: number, extra: Partial<WedgeKeyEvent> = {}): WedgeKeyEvent {
  return {
    type, code, key, t, shiftKey: false, altKey: false, ctrlKey: false, metaKey: false,
    keyCode: 0, isComposing: false, ...extra,
  };
}

export interface TypeOptions {
  start?: number;
  /** Time between one character's keydown and the next one's. */
  perCharMs: number;
  layout?: Layout;
  capsLock?: boolean;
  /** Physical key that ends the burst; null for none. */
  terminator?: string | null;
  /** Next key goes down before the previous one is released (how people type fast). */
  rollover?: boolean;
}

/** Keystrokes for `text` typed through the US map (what a US-mode HID scanner sends). */
export function typeKeys(text: string, o: TypeOptions): WedgeKeyEvent[] {
  const out: WedgeKeyEvent[] = [];
  const layout = o.layout ?? 'us';
  const caps = o.capsLock ?? false;
  let t = o.start ?? 1000;
  const hold = o.rollover === true ? o.perCharMs * 1.6 : Math.min(0.5, o.perCharMs / 3);
  const pending: WedgeKeyEvent[] = [];
  const flushUps = (until: number) => {
    pending.sort((a, b) => a.t - b.t);
    while (pending.length > 0 && pending[0]!.t <= until) out.push(pending.shift()!);
  };
  for (const ch of text) {
    const k = usKeyFor(ch);
    if (k === null) throw new Error(`no US key types ${JSON.stringify(ch)}`);
    flushUps(t);
    const key = keyValue(k.code, k.shiftKey, layout, caps);
    const mods = { shiftKey: k.shiftKey };
    if (k.shiftKey) out.push(ev('keydown', 'ShiftLeft', 'Shift', t, mods));
    out.push(ev('keydown', k.code, key, t, mods));
    pending.push(ev('keyup', k.code, key, t + hold, mods));
    if (k.shiftKey) pending.push(ev('keyup', 'ShiftLeft', 'Shift', t + hold, { shiftKey: false }));
    t += o.perCharMs;
  }
  const term = o.terminator === undefined ? 'Enter' : o.terminator;
  if (term !== null) {
    flushUps(t);
    const key = term === 'Tab' ? 'Tab' : 'Enter';
    out.push(ev('keydown', term, key, t));
    pending.push(ev('keyup', term, key, t + hold));
  }
  flushUps(Number.POSITIVE_INFINITY);
  return out;
}

/** A single key press (down + up) at `t`. */
export function press(code: string, key: string, t: number, extra: Partial<WedgeKeyEvent> = {}): WedgeKeyEvent[] {
  return [ev('keydown', code, key, t, extra), ev('keyup', code, key, t + 0.5, extra)];
}

export interface InputModel {
  value: string;
  /** Enter presses whose default ran (a form submission / button press). */
  enters: number;
  /** Tab presses whose default ran (focus moved). */
  tabs: number;
  results: WedgeResult[];
  /** Time each result was produced at, to check a terminator is answered at once. */
  resultTimes: number[];
  /** keydowns the page's own handlers saw. */
  pageSaw: string[];
}

/**
 * Drive a decoder like the DOM adapter does (ticks at deadlines) and apply to a focused text input
 * what a browser would: the replayed keys, then the default of every keydown not prevented.
 */
export function drive(decoder: WedgeDecoder, events: readonly WedgeKeyEvent[], endAt?: number): InputModel {
  const m: InputModel = { value: '', enters: 0, tabs: 0, results: [], resultTimes: [], pageSaw: [] };
  let deadline: number | null = null;
  const apply = (replay: string) => {
    for (const c of replay) m.value = c === '\b' ? m.value.slice(0, -1) : m.value + c;
  };
  const handle = (d: ReturnType<WedgeDecoder['feed']>, t: number) => {
    apply(d.replay);
    if (d.result !== null) {
      m.results.push(d.result);
      m.resultTimes.push(t);
    }
    deadline = d.deadline;
  };
  for (const e of events) {
    while (deadline !== null && deadline <= e.t) {
      const at: number = deadline;
      handle(decoder.tick(at), at);
    }
    const d = decoder.feed(e);
    handle(d, e.t);
    if (e.type !== 'keydown') continue;
    if (!d.stopPropagation) m.pageSaw.push(e.key);
    if (d.preventDefault || e.isComposing || e.keyCode === 229) continue;
    if (e.ctrlKey || e.altKey || e.metaKey) continue;
    if (e.key === 'Enter') m.enters += 1;
    else if (e.key === 'Tab') m.tabs += 1;
    else if (e.key === 'Backspace') m.value = m.value.slice(0, -1);
    else if ([...e.key].length === 1) m.value += e.key;
  }
  const last = endAt ?? (events.at(-1)?.t ?? 0) + 1000;
  while (deadline !== null && deadline <= last) {
    const at: number = deadline;
    handle(decoder.tick(at), at);
  }
  return m;
}

/** Every character a payload may hold (DOMAIN.md §3: the code alphabet, plus CCCD separators). */
export const PAYLOAD_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-/:|_';
