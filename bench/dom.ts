/**
 * What the screen benchmarks (counter, citizen) share: a happy-dom window on Node's globals,
 * stylesheet imports ignored, and a DOM-change wait that does not busy-loop.
 */
import { register } from 'node:module';
import { Window } from 'happy-dom';

/** Puts a happy-dom window's globals on Node's global (what vitest's environment does), before
 * react-dom is imported: it decides at load time whether a DOM exists. Once per process. */
export function installDom(): Window {
  const g = globalThis as Record<string, unknown>;
  if (g.window && g.document) return g.window as Window;
  const win = new Window({ url: 'http://localhost/' });
  for (const key of Object.getOwnPropertyNames(win)) {
    // Node has its own Event classes; Dexie and React must see the window's, as in a browser.
    if (key in g && !/^(?:Event|CustomEvent|EventTarget)$/.test(key)) continue;
    try { g[key] = (win as unknown as Record<string, unknown>)[key]; } catch { /* read-only getter */ }
  }
  g.window = win;
  g.document = win.document;
  if (!('navigator' in g)) g.navigator = win.navigator;
  g.IS_REACT_ACT_ENVIRONMENT = false;
  return win;
}

/** The components import their stylesheets (Vite bundles them); Node has no loader for .css, and
 * styles do not matter to a DOM without layout. */
const CSS_AS_EMPTY = `export async function load(url, context, next) {
  if (url.endsWith('.css')) return { format: 'module', source: '', shortCircuit: true };
  return next(url, context);
}`;
let cssIgnored = false;
export function ignoreCssImports(): void {
  if (cssIgnored) return;
  cssIgnored = true;
  register(`data:text/javascript,${encodeURIComponent(CSS_AS_EMPTY)}`);
}

/** Resolves when `check` holds, re-checking on every DOM change under `root` (no busy loop, so
 * the CPU time measured is the screen's work, not the waiting). */
export function untilDom(win: Window, root: unknown, check: () => boolean, limitMs: number, what: () => string): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const observer = new win.MutationObserver(() => {
      if (!check()) return;
      observer.disconnect();
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => { observer.disconnect(); reject(new Error(what())); }, limitMs);
    observer.observe(root as never, { childList: true, subtree: true, attributes: true, characterData: true });
  });
}
