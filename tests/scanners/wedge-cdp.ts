/**
 * Real keyboard input for Chromium tests of the keyboard wedge (playwright-core's CDP session).
 * Why not `page.keyboard.type`: it sends capitals without Shift (a HID scanner always holds Shift,
 * and the decoder reads Shift, not `key`), and it spaces keys by round trips to the browser, so a
 * loaded machine turns a 5 ms/char scan into typing.
 */
import type { Page } from 'playwright-core';
import { usKeyFor } from '../../src/shared/scan/wedge';

/** Windows virtual-key codes Chromium needs for the keys a scanner types. */
const VK: Record<string, number> = {
  Period: 190, Minus: 189, Slash: 191, Semicolon: 186, Backslash: 220, Equal: 187, Comma: 188,
  Backquote: 192, BracketLeft: 219, BracketRight: 221, Quote: 222, Space: 32, Enter: 13, Tab: 9,
  Backspace: 8, ShiftLeft: 16, NumpadEnter: 13,
};
const vk = (code: string) => VK[code] ?? code.charCodeAt(code.length - 1);

export interface Stroke { code: string; key: string; text?: string; shift?: boolean; vk?: number }

/**
 * Types like a HID scanner in US mode (physical keys, Shift for capitals and `:|_`), through the
 * DevTools input domain: the keys are real, trusted key events that run Chromium's default actions,
 * and each carries its own timestamp `perCharMs` apart, as the OS stamps hardware input. Spacing
 * them by wall-clock round trips instead would measure this machine's load, not the decoder.
 */
export async function typeStrokes(page: Page, strokes: readonly Stroke[], perCharMs: number): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const base = Date.now() / 1000;
  const sent: Promise<unknown>[] = [];
  const send = (type: string, s: Stroke, at: number, shift: boolean) => sent.push(cdp.send('Input.dispatchKeyEvent', {
    type: type === 'keyUp' ? 'keyUp' : s.text === undefined ? 'rawKeyDown' : 'keyDown',
    key: s.key, code: s.code, windowsVirtualKeyCode: s.vk ?? vk(s.code), modifiers: shift ? 8 : 0,
    ...(type === 'keyUp' || s.text === undefined ? {} : { text: s.text, unmodifiedText: s.text }),
    timestamp: base + at / 1000,
  }));
  const shiftKey: Stroke = { code: 'ShiftLeft', key: 'Shift' };
  strokes.forEach((s, i) => {
    const at = i * perCharMs;
    if (s.shift === true) send('keyDown', shiftKey, at, true);
    send('keyDown', s, at + 0.1, s.shift === true);
    send('keyUp', s, at + 0.5, s.shift === true);
    if (s.shift === true) send('keyUp', shiftKey, at + 0.6, false);
  });
  await Promise.all(sent);
  await cdp.detach();
}

export function scanStrokes(text: string, terminator = 'Enter'): Stroke[] {
  const strokes = [...text].map((ch): Stroke => {
    const k = usKeyFor(ch);
    if (k === null) throw new Error(`no key for ${ch}`);
    return { code: k.code, key: ch, text: ch, shift: k.shiftKey };
  });
  strokes.push(terminator === 'Tab' ? { code: 'Tab', key: 'Tab' } : { code: terminator, key: 'Enter', text: '\r' });
  return strokes;
}

/** A scan as a US-mode HID scanner types it, `perCharMs` apart, ending with `terminator`. */
export function typeLikeScanner(page: Page, text: string, opts: { perCharMs?: number; terminator?: 'Enter' | 'Tab' | 'NumpadEnter' } = {}): Promise<void> {
  return typeStrokes(page, scanStrokes(text, opts.terminator ?? 'Enter'), opts.perCharMs ?? 5);
}
