/**
 * Keyboard shortcuts (docs/DESIGN.md, "Keyboard"). `useShortcut('F2', handler)` registers a key
 * for as long as the component is mounted; one window listener dispatches. Shortcuts live in
 * layers: the page is the root layer and every open dialog adds one (`ShortcutLayer`), so while a
 * dialog is open only its own shortcuts fire, never those of the screen beneath.
 *
 * A shortcut does not fire on auto-repeat (holding F2 opens one intake, not ten), during IME
 * composition, or when another handler already took the key. In a text field only function keys
 * and Ctrl/Alt combinations fire: a plain letter there is typing.
 */
import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';

export interface KeyCombo { key: string; ctrl: boolean; alt: boolean; shift: boolean; meta: boolean }

const ALIASES: Record<string, string> = { esc: 'Escape', return: 'Enter', del: 'Delete', space: ' ' };

/** "F2", "Ctrl+K", "Alt+Shift+1" → a combination (modifier names case-insensitive). */
export function parseShortcut(text: string): KeyCombo {
  const parts = text.split('+').map((p) => p.trim()).filter(Boolean);
  const key = parts.pop();
  if (!key) throw new Error(`empty shortcut: "${text}"`);
  const mods = new Set(parts.map((p) => p.toLowerCase()));
  for (const m of mods) {
    if (!['ctrl', 'control', 'alt', 'shift', 'meta'].includes(m)) throw new Error(`unknown modifier "${m}" in "${text}"`);
  }
  return {
    key: ALIASES[key.toLowerCase()] ?? (key.length === 1 ? key.toLowerCase() : key),
    ctrl: mods.has('ctrl') || mods.has('control'),
    alt: mods.has('alt'),
    shift: mods.has('shift'),
    meta: mods.has('meta'),
  };
}

/** How a combination is written on a key cap: "F2", "Ctrl+K". */
export function formatShortcut(text: string): string {
  const c = parseShortcut(text);
  const key = c.key === ' ' ? 'Space' : c.key.length === 1 ? c.key.toUpperCase() : c.key === 'Escape' ? 'Esc' : c.key;
  return [c.ctrl && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Meta', key].filter(Boolean).join('+');
}

/** The value of `aria-keyshortcuts` for a combination ("Control+K", "F2"). */
export function ariaShortcut(text: string): string {
  const c = parseShortcut(text);
  const key = c.key === ' ' ? 'Space' : c.key.length === 1 ? c.key.toUpperCase() : c.key;
  return [c.ctrl && 'Control', c.alt && 'Alt', c.shift && 'Shift', c.meta && 'Meta', key].filter(Boolean).join('+');
}

export function matches(c: KeyCombo, e: KeyboardEvent): boolean {
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  return key === c.key && e.ctrlKey === c.ctrl && e.altKey === c.alt && e.shiftKey === c.shift && e.metaKey === c.meta;
}

const isFunctionKey = (c: KeyCombo): boolean => /^F([1-9]|1[0-9]|2[0-4])$/.test(c.key);

function isTextEntry(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  if (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  if (el.tagName !== 'INPUT') return false;
  const type = (el as HTMLInputElement).type;
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

interface Entry { combo: KeyCombo; run(e: KeyboardEvent): void }

class Layer {
  readonly entries: Entry[] = [];
}

const rootLayer = new Layer();
const stack: Layer[] = [rootLayer];
const listening = new WeakSet<Window>();

function onKeyDown(e: KeyboardEvent): void {
  if (e.defaultPrevented || e.repeat || e.isComposing) return;
  const top = stack[stack.length - 1];
  if (!top) return;
  // The most recently registered wins: a screen mounted later overrides its shell.
  for (let i = top.entries.length - 1; i >= 0; i--) {
    const entry = top.entries[i];
    if (!entry || !matches(entry.combo, e)) continue;
    if (isTextEntry(e.target) && !isFunctionKey(entry.combo) && !entry.combo.ctrl && !entry.combo.alt) return;
    e.preventDefault();
    entry.run(e);
    return;
  }
}

function listen(): void {
  if (typeof window === 'undefined' || listening.has(window)) return;
  listening.add(window);
  window.addEventListener('keydown', onKeyDown);
}

const LayerContext = createContext<Layer>(rootLayer);

/** A layer of shortcuts above the page (a dialog): while mounted, only shortcuts registered inside it fire. */
export function ShortcutLayer({ children }: { children: ReactNode }) {
  const layer = useMemo(() => new Layer(), []);
  useEffect(() => {
    stack.push(layer);
    return () => {
      const i = stack.lastIndexOf(layer);
      if (i > 0) stack.splice(i, 1);
    };
  }, [layer]);
  return <LayerContext.Provider value={layer}>{children}</LayerContext.Provider>;
}

export interface ShortcutOptions {
  /** Off while false (a disabled or busy action). Default true. */
  enabled?: boolean;
}

/**
 * Runs `handler` when `shortcut` ("F2", "Ctrl+K") is pressed while this component is mounted in
 * the top layer. Null or undefined registers nothing.
 */
export function useShortcut(shortcut: string | null | undefined, handler: (e: KeyboardEvent) => void, options: ShortcutOptions = {}): void {
  const layer = useContext(LayerContext);
  const latest = useRef(handler);
  useEffect(() => { latest.current = handler; });
  const enabled = options.enabled ?? true;
  useEffect(() => {
    if (!shortcut || !enabled) return undefined;
    const entry: Entry = { combo: parseShortcut(shortcut), run: (e) => latest.current(e) };
    layer.entries.push(entry);
    listen();
    return () => {
      const i = layer.entries.indexOf(entry);
      if (i >= 0) layer.entries.splice(i, 1);
    };
  }, [layer, shortcut, enabled]);
}

/** A key cap: `<Kbd shortcut="F2" />`. */
export function Kbd({ shortcut }: { shortcut: string }) {
  return <kbd className="ui-kbd">{formatShortcut(shortcut)}</kbd>;
}
