/**
 * What counter-chromium.bench.ts evaluates inside the page. The app's modules are bundled, so the
 * probes reach it only through the DOM, the WebSocket of the host bridge and raw IndexedDB.
 */

/** Before the app loads: stamps every `scan` event of the host bridge as it reaches the page
 * (handler entry and the MessageEvent's own timestamp, epoch ms), without touching the app. */
export const INIT_PROBE = `(() => {
  const w = window;
  w.__scanAt = [];
  const desc = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
  Object.defineProperty(WebSocket.prototype, 'onmessage', {
    configurable: true,
    get() { return desc.get.call(this); },
    set(fn) {
      desc.set.call(this, fn === null ? null : function (ev) {
        const at = performance.timeOrigin + performance.now();
        if (typeof ev.data === 'string' && ev.data.includes('"t":"event"') && ev.data.includes('"name":"scan"')) {
          w.__scanAt.push({ at, created: performance.timeOrigin + ev.timeStamp });
        }
        return fn.call(this, ev);
      });
    },
  });
})()`;

/** After sign-in: records when the dossier view first shows the awaited code (DOM commit) and the
 * next frame after it (rAF, then a task — as bench/citizen-chromium.ts). */
export const VIEW_PROBE = `(() => {
  const w = window;
  w.__want = null;
  w.__marks = [];
  const check = () => {
    const want = w.__want;
    if (want === null) return;
    const el = document.querySelector('[data-testid="dossier-view"]');
    if (!el || el.getAttribute('data-code') !== want) return;
    const h = el.querySelector('[data-testid="dossier-code"]');
    if (!h || h.textContent !== want) return;
    w.__want = null;
    const dom = performance.timeOrigin + performance.now();
    requestAnimationFrame(() => setTimeout(() => w.__marks.push({ code: want, dom, t: performance.timeOrigin + performance.now() }), 0));
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-code'], characterData: true });
})()`;

export interface Mark { code: string; dom: number; t: number }
export interface ScanStamp { at: number; created: number }
export interface ProbeWindow { __want: string | null; __marks: Mark[]; __scanAt: ScanStamp[] }

/** Runs in the page: clones one cached dossier row into `count` rows with new codes (raw
 * IndexedDB, the app's `kiosk` database), one transaction per chunk, and returns `picks` of those
 * codes spread over the range, to scan. A string, not a function: tsx would wrap named inner
 * functions in a helper the page lacks. */
export function fillScript(count: number, chunk: number, picks: number): string {
  return `(async () => {
  const open = () => new Promise((resolve, reject) => {
    const req = indexedDB.open('kiosk');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const done = (tx) => new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
  const req = (r) => new Promise((resolve, reject) => { r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
  const db = await open();
  try {
    const store = db.transaction('dossiers', 'readonly').objectStore('dossiers');
    const cursor = await req(store.openCursor());
    const before = await req(store.count());
    if (!cursor) throw new Error('counter-chromium bench: no cached dossier to clone');
    const first = cursor.value;
    const agency = String(first.code).replace(/-\\d{6}-\\d+$/, '');
    const day0 = Date.UTC(2024, 0, 1);
    const code = (i) => {
      const d = new Date(day0 + Math.floor(i / 9000) * 86400000);
      const ymd = String(d.getUTCFullYear() % 100).padStart(2, '0') + String(d.getUTCMonth() + 1).padStart(2, '0') + String(d.getUTCDate()).padStart(2, '0');
      return agency + '-' + ymd + '-' + String((i % 9000) + 1).padStart(4, '0');
    };
    for (let i = 0; i < ${count}; i += ${chunk}) {
      const tx = db.transaction('dossiers', 'readwrite');
      const s = tx.objectStore('dossiers');
      for (let j = i; j < Math.min(${count}, i + ${chunk}); j += 1) s.put({ ...structuredClone(first), code: code(j) });
      await done(tx);
    }
    const after = await req(db.transaction('dossiers').objectStore('dossiers').count());
    const picked = Array.from({ length: ${picks} }, (_, k) => code((k * 7919 + 13) % ${count}));
    return { agency, before, after, picked };
  } finally {
    db.close();
  }
})()`;
}
