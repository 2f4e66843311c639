/**
 * The keyboard-wedge decoder: a pure state machine that tells scanner bursts from people typing.
 *
 * Strategy (why every printable key is held back first):
 *  - When nothing is going on, a printable key (US-map key, one-character `key`, no Ctrl/Alt/Meta,
 *    not Space, not composing) may be the first character of a scan. It is HELD: the adapter
 *    prevents its default so nothing reaches the focused input yet.
 *  - Further keys arriving less than `minHumanGapMs` apart join the burst and are held too (and
 *    hidden from the page's own handlers).
 *  - The burst is resolved by a terminator (immediately, no timeout), by `minHumanGapMs` of silence
 *    (the adapter calls `tick` at `deadline`) or by the next key after such a silence.
 *  - A burst that turns out to be a person (fewer than `minLength` keys, mean gap above
 *    `maxScanGapMs`, rollover or auto-repeat, a shortcut or an arrow key) is REPLAYED: the decision
 *    carries the held keys' own `key` values (what the person's layout typed, `\b` for Backspace)
 *    and the adapter inserts them into the input that had focus, before the current key's default.
 *    A person's keystroke is thus echoed at most `minHumanGapMs` late; nothing is lost.
 *  - A burst that is a scanner is never replayed: its characters are decoded from the physical keys
 *    (US map) and reported; its terminator is prevented and hidden, so it neither presses a focused
 *    button nor submits a form.
 * Guarantees: scanner characters never reach an input; a terminator that ends a scan never
 * activates anything; people's keystrokes are replayed in order. Limits (documented in tests):
 * a person typing ≥ `minLength` keys at ≤ 50 ms mean WITHOUT rollover, then Enter, is taken as a
 * scan (timing cannot tell); keys processed by an IME (keyCode 229) cannot be held back.
 */
import { IME_PROCESS_KEYCODE, type WedgeKeyEvent } from './event';
import { DEFAULT_WEDGE_OPTIONS, WedgeOptions, type WedgeOptionsInput } from './options';
import { MODIFIER_CODES, usCharFor } from './us-keymap';
import type { WedgeRejectReason } from '../errors';

export type { WedgeRejectReason };

export type WedgeResult =
  | { accepted: true; text: string; at: number }
  | { accepted: false; reason: WedgeRejectReason; at: number; length: number };

export interface WedgeDecision {
  /** Call `preventDefault()` on this event. */
  preventDefault: boolean;
  /** Call `stopImmediatePropagation()`: the page's own key handlers must not see this key. */
  stopPropagation: boolean;
  /** Held keystrokes of a person, to insert into the focused input BEFORE this key's default
   * action; `\b` means delete backward. Empty when there is nothing to hand back. */
  replay: string;
  /** A finished burst classified as scanner input (accepted or rejected), or null. */
  result: WedgeResult | null;
  /** When (same clock as `t`) to call `tick` if no key arrives first; null when nothing is pending. */
  deadline: number | null;
}

export interface WedgeDecoder {
  feed(event: WedgeKeyEvent): WedgeDecision;
  /** Let time pass: resolves a burst that has been silent for `minHumanGapMs`. */
  tick(now: number): WedgeDecision;
  /** End of input (CLI end of stream, window blur): resolve whatever is pending now. */
  flush(): WedgeDecision;
  readonly options: WedgeOptions;
}

interface Burst {
  chars: string[];
  /** Replay text of the held keys, in order. */
  held: string[];
  /** Physical keys (rewrites by an input method excluded). */
  keys: number;
  /** Time of the burst's last keydown, modifiers aside (silence and the next gap are measured from it). */
  lastT: number;
  gapSum: number;
  gaps: number;
  human: boolean;
  taint: 'ime' | 'unknown-key' | null;
  tooLong: boolean;
  /** Codes pressed during this burst and not yet released (rollover detection). */
  down: Set<string>;
}

type State = { kind: 'idle' } | { kind: 'burst'; burst: Burst } | { kind: 'human'; lastT: number };

const INJECTED_CODES = new Set(['', 'Unidentified']);

/** One character (one code point), i.e. a key that types something rather than names an action. */
function isCharKey(key: string): boolean {
  return key.length === 1 || (key.length === 2 && key.codePointAt(0)! > 0xffff);
}

export function createWedgeDecoder(input: WedgeOptionsInput = {}): WedgeDecoder {
  const options: WedgeOptions = Object.keys(input).length === 0 ? DEFAULT_WEDGE_OPTIONS : WedgeOptions.parse(input);
  const { maxScanGapMs, minHumanGapMs, minLength, maxLength, prefix, suffix } = options;
  const terminators = new Set(options.terminators);
  let state: State = { kind: 'idle' };
  /** keyup handling owed to keys whose keydown was held ('prevent') or swallowed ('stop'). */
  const upMode = new Map<string, 'prevent' | 'stop'>();

  function decision(partial: Partial<WedgeDecision>): WedgeDecision {
    return {
      preventDefault: false,
      stopPropagation: false,
      replay: '',
      result: null,
      deadline: state.kind === 'burst' ? state.burst.lastT + minHumanGapMs : null,
      ...partial,
    };
  }

  function isHuman(b: Burst): boolean {
    if (b.human || b.keys < minLength) return true;
    if (b.gaps === 0) return true;
    return b.gapSum / b.gaps > maxScanGapMs;
  }

  function verdict(b: Burst, terminated: boolean, at: number): WedgeResult {
    const reject = (reason: WedgeRejectReason): WedgeResult => ({ accepted: false, reason, at, length: b.keys });
    if (b.taint !== null) return reject(b.taint);
    if (b.tooLong) return reject('too-long');
    if (!terminated && !options.acceptWithoutTerminator) return reject('no-terminator');
    const raw = b.chars.join('');
    if (prefix !== '' && !raw.startsWith(prefix)) return reject('prefix-mismatch');
    if (suffix !== '' && !raw.endsWith(suffix)) return reject('suffix-mismatch');
    return { accepted: true, text: raw.slice(prefix.length, raw.length - suffix.length), at };
  }

  /** Resolve the pending burst without a terminator: a person's keys come back, a scanner's go. */
  function resolveSilent(): { replay: string; result: WedgeResult | null } {
    if (state.kind !== 'burst') return { replay: '', result: null };
    const b = state.burst;
    state = { kind: 'idle' };
    if (isHuman(b)) return { replay: b.held.join(''), result: null };
    return { replay: '', result: verdict(b, false, b.lastT) };
  }

  function becomeHuman(b: Burst, t: number, e: WedgeKeyEvent): WedgeDecision {
    state = { kind: 'human', lastT: t };
    // Keys of this burst still down were held: their keyup stays harmless, but no longer hidden.
    for (const code of b.down) upMode.set(code, 'prevent');
    upMode.delete(e.code);
    return decision({ replay: b.held.join('') });
  }

  /** `hold` is false for keys an IME is composing: those cannot be held back. */
  function startBurst(e: WedgeKeyEvent, ch: string, hold: boolean): WedgeDecision {
    state = {
      kind: 'burst',
      burst: {
        chars: [ch], held: [hold ? e.key : ''], keys: 1, lastT: e.t, gapSum: 0, gaps: 0,
        human: false, taint: hold ? null : 'ime', tooLong: false, down: new Set([e.code]),
      },
    };
    if (hold) upMode.set(e.code, 'prevent');
    return decision({ preventDefault: hold });
  }

  function keydown(e: WedgeKeyEvent): WedgeDecision {
    if (MODIFIER_CODES.has(e.code)) return decision({});
    let pending = { replay: '', result: null as WedgeResult | null };
    if (state.kind === 'burst' && e.t >= state.burst.lastT + minHumanGapMs) pending = resolveSilent();
    if (state.kind === 'human' && e.t >= state.lastT + minHumanGapMs) state = { kind: 'idle' };

    const ime = e.keyCode === IME_PROCESS_KEYCODE || e.isComposing;
    const chord = e.ctrlKey || e.altKey || e.metaKey;
    const ch = usCharFor(e.code, e.shiftKey);

    if (state.kind === 'human') {
      state.lastT = e.t;
      return decision(pending);
    }
    if (state.kind === 'idle') {
      // A scanner's first key is never Space (payloads do not start with it), and holding Space
      // would stop a person pressing a focused button.
      const canStart = ch !== null && e.code !== 'Space' && !chord && e.repeat !== true;
      // Keys an IME is composing still start a burst, so a scan typed through the IME is
      // recognised and rejected with `ime` (the hint to switch it off) instead of ignored.
      if (canStart && (ime || isCharKey(e.key))) return { ...startBurst(e, ch, !ime), ...pending };
      return decision(pending);
    }

    const b = state.burst;
    // Keys an input method injects (Backspace, a composed letter with no physical key) arrive
    // within a millisecond of the key they rewrite: counting them would make a person typing
    // Vietnamese look as fast as a scanner. Timing and length use physical keys only. But the IME
    // swallowed the key that triggered the rewrite (Telex `dd`, VNI `a1`), and its injected keys
    // come when that key was pressed: the next gap is measured from them, or the gap across the
    // swallowed key would count twice and a 45–50 ms/char Bluetooth scan would look like a person,
    // its rewritten text typed into the input and its Enter let through.
    const rewrite = e.code === 'Backspace' || e.key === 'Backspace' || (INJECTED_CODES.has(e.code) && isCharKey(e.key));
    if (!rewrite) {
      b.gapSum += Math.max(0, e.t - b.lastT);
      b.gaps += 1;
    }
    b.lastT = e.t;
    if (options.rolloverIsHuman && (e.repeat === true || b.down.size > 0)) b.human = true;
    if (chord) b.human = true;

    if (terminators.has(e.code)) {
      state = { kind: 'idle' };
      if (isHuman(b)) return decision({ replay: b.held.join('') });
      upMode.set(e.code, 'stop');
      for (const code of b.down) upMode.set(code, 'stop');
      return decision({ preventDefault: true, stopPropagation: true, result: verdict(b, true, e.t) });
    }
    if (b.human) return becomeHuman(b, e.t, e);

    if (!rewrite) b.keys += 1;
    b.down.add(e.code);
    if (ime) {
      b.taint = 'ime';
      return decision({ stopPropagation: true });
    }
    if (rewrite) {
      // Unikey/EVKey rewrite by injecting Backspace + a composed character (injected keys may
      // carry no scan code, hence `key` too). A scanner never sends either.
      b.taint = 'ime';
      b.held.push(e.key === 'Backspace' || e.code === 'Backspace' ? '\b' : e.key);
    } else if (ch !== null) {
      if (b.chars.length < maxLength) {
        b.chars.push(ch);
        b.held.push(isCharKey(e.key) ? e.key : '');
      } else {
        // No person types thousands of keys without a pause or a rollover: stop storing them.
        b.tooLong = true;
      }
    } else if (isCharKey(e.key)) {
      b.taint ??= 'unknown-key';
      b.held.push(e.key);
    } else {
      // Arrows, Escape, Delete, F-keys…: a person navigating, never scanner payload.
      b.keys -= 1;
      b.down.delete(e.code);
      return becomeHuman(b, e.t, e);
    }
    upMode.set(e.code, 'stop');
    return decision({ preventDefault: true, stopPropagation: true });
  }

  function keyup(e: WedgeKeyEvent): WedgeDecision {
    if (state.kind === 'burst') state.burst.down.delete(e.code);
    const mode = upMode.get(e.code);
    upMode.delete(e.code);
    return decision({ preventDefault: mode !== undefined, stopPropagation: mode === 'stop' });
  }

  return {
    options,
    feed: (e) => (e.type === 'keydown' ? keydown(e) : keyup(e)),
    tick(now) {
      if (state.kind === 'burst' && now >= state.burst.lastT + minHumanGapMs) return decision(resolveSilent());
      return decision({});
    },
    flush: () => decision(resolveSilent()),
  };
}
