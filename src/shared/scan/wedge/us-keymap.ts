/**
 * The fixed US (ANSI) map from a physical key (`KeyboardEvent.code`) to the character a
 * keyboard-wedge scanner meant to type.
 *
 * Why a fixed map: a wedge scanner in its default "USB keyboard, US" mode sends HID usages that
 * assume a US layout. The OS then maps them through whatever layout is active (AZERTY turns
 * `Digit1` into `&`), CapsLock flips letters, and a Vietnamese IME rewrites keys. `code` names
 * the physical key and is untouched by all of that, so decoding `code` + Shift through this table
 * gives back what the scanner sent (DOMAIN.md §6).
 *
 * Numpad keys decode to their digit whatever NumLock says: scanners in "keypad emulation" mode
 * send them, and with NumLock off the OS would report `End`, `ArrowDown`, ….
 */

/** [unshifted, shifted] */
type KeyPair = readonly [string, string];

const pairs: Record<string, KeyPair> = {
  Backquote: ['`', '~'],
  Digit1: ['1', '!'],
  Digit2: ['2', '@'],
  Digit3: ['3', '#'],
  Digit4: ['4', '$'],
  Digit5: ['5', '%'],
  Digit6: ['6', '^'],
  Digit7: ['7', '&'],
  Digit8: ['8', '*'],
  Digit9: ['9', '('],
  Digit0: ['0', ')'],
  Minus: ['-', '_'],
  Equal: ['=', '+'],
  BracketLeft: ['[', '{'],
  BracketRight: [']', '}'],
  Backslash: ['\\', '|'],
  Semicolon: [';', ':'],
  Quote: ["'", '"'],
  Comma: [',', '<'],
  Period: ['.', '>'],
  Slash: ['/', '?'],
  Space: [' ', ' '],
  Numpad0: ['0', '0'],
  Numpad1: ['1', '1'],
  Numpad2: ['2', '2'],
  Numpad3: ['3', '3'],
  Numpad4: ['4', '4'],
  Numpad5: ['5', '5'],
  Numpad6: ['6', '6'],
  Numpad7: ['7', '7'],
  Numpad8: ['8', '8'],
  Numpad9: ['9', '9'],
  NumpadDecimal: ['.', '.'],
  NumpadAdd: ['+', '+'],
  NumpadSubtract: ['-', '-'],
  NumpadMultiply: ['*', '*'],
  NumpadDivide: ['/', '/'],
};

for (let c = 65; c <= 90; c += 1) {
  const upper = String.fromCharCode(c);
  pairs[`Key${upper}`] = [upper.toLowerCase(), upper];
}

export const US_KEYMAP: Readonly<Record<string, KeyPair>> = Object.freeze(pairs);

/** The character the physical key types on a US layout, or null when the key types none. */
export function usCharFor(code: string, shiftKey: boolean): string | null {
  const pair = Object.prototype.hasOwnProperty.call(US_KEYMAP, code) ? US_KEYMAP[code] : undefined;
  if (pair === undefined) return null;
  return shiftKey ? pair[1] : pair[0];
}

/** Keys that never carry payload and never end a burst: they only change other keys. */
export const MODIFIER_CODES: ReadonlySet<string> = new Set([
  'ShiftLeft', 'ShiftRight', 'ControlLeft', 'ControlRight', 'AltLeft', 'AltRight',
  'MetaLeft', 'MetaRight', 'OSLeft', 'OSRight', 'CapsLock', 'NumLock', 'ScrollLock', 'Fn', 'FnLock',
]);

/**
 * For test data and the fidelity check: the physical key and Shift state a US-mode scanner uses to
 * type `ch`, or null when no single key types it (Vietnamese letters, control characters).
 */
export function usKeyFor(ch: string): { code: string; shiftKey: boolean } | null {
  for (const [code, [plain, shifted]] of Object.entries(US_KEYMAP)) {
    if (code.startsWith('Numpad')) continue;
    if (plain === ch) return { code, shiftKey: false };
    if (shifted === ch) return { code, shiftKey: true };
  }
  return null;
}
