/**
 * The keyboard-wedge listener in real Chromium, with real (trusted) key events: scans typed at
 * scanner speed while an input or a button has focus leave nothing in the input, press nothing,
 * submit nothing, and arrive as ScanEvents; a person typing at 130 ms/key still types normally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser';
import { usKeyFor } from '../../src/shared/scan/wedge';
import { scanStrokes, typeStrokes as typeStrokesOn, type Stroke } from '../scanners/wedge-cdp';

const ROOT = resolve(import.meta.dirname, '../..');

const ENTRY = `
import { createScanStream } from './src/renderer/scanners/scan-stream';
import { attachWedgeListener } from './src/renderer/scanners/wedge-listener';
const bridge = { call: () => Promise.reject(new Error('no host')), on: () => () => undefined };
const stream = createScanStream({ bridge });
const w = window as unknown as Record<string, unknown[]>;
w.__scans = [];
w.__problems = [];
w.__downs = [];
window.addEventListener('keydown', (e) => w.__downs.push(e.timeStamp), { capture: true });
stream.subscribe({
  id: 'page',
  onScan: (e) => w.__scans.push({ text: e.text, kind: e.parsed.kind, source: e.source }),
  onProblem: (p) => w.__problems.push(p.reason),
});
attachWedgeListener(window, { onScan: (r) => stream.push(r), onReject: (r) => stream.pushProblem(r) });
`;

const PAGE = `<!doctype html><html><body>
<form id="form"><input id="field" autocomplete="off"><button id="btn" type="button">Go</button>
<button id="send" type="submit">Send</button></form>
<script>
  window.__clicks = 0; window.__submits = 0; window.__pageEnters = 0;
  document.getElementById('btn').addEventListener('click', () => { window.__clicks += 1; });
  document.getElementById('btn').addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__pageEnters += 1; });
  document.getElementById('field').addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__pageEnters += 1; });
  document.getElementById('form').addEventListener('submit', (e) => { e.preventDefault(); window.__submits += 1; });
</script>
<script>__BUNDLE__</script>
</body></html>`;

let browser: Browser;
let page: Page;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const typeStrokes = (strokes: readonly Stroke[], perCharMs: number) => typeStrokesOn(page, strokes, perCharMs);
const typeLikeScanner = (text: string, perCharMs: number, terminator = 'Enter') => typeStrokesOn(page, scanStrokes(text, terminator), perCharMs);

async function typeLikePerson(text: string, perKeyMs: number): Promise<void> {
  for (const ch of text) {
    const k = usKeyFor(ch)!;
    await page.keyboard.down(k.code);
    await page.keyboard.up(k.code);
    await sleep(perKeyMs);
  }
}

const state = () => page.evaluate(() => {
  const w = window as unknown as Record<string, unknown>;
  return {
    value: (document.getElementById('field') as HTMLInputElement).value,
    scans: w.__scans as { text: string; kind: string; source: string }[],
    problems: w.__problems as string[],
    clicks: w.__clicks as number,
    submits: w.__submits as number,
    pageEnters: w.__pageEnters as number,
    focused: document.activeElement?.id ?? null,
  };
});

/** Gaps between keydowns the page saw, to explain a failure on a loaded machine. */
const gaps = () => page.evaluate(() => {
  const d = (window as unknown as { __downs: number[] }).__downs;
  return d.slice(1).map((t, i) => Math.round(t - d[i]!));
});

beforeAll(async () => {
  const out = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'wedge-e2e-entry.ts' },
    bundle: true, format: 'iife', platform: 'browser', target: 'chrome120', write: false, logLevel: 'silent',
  });
  const bundle = out.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
  browser = await launchChromium();
  page = await browser.newPage();
  await page.setContent(PAGE.replace('__BUNDLE__', () => bundle));
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

async function reset(): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as Record<string, unknown>;
    (document.getElementById('field') as HTMLInputElement).value = '';
    w.__scans = []; w.__problems = []; w.__downs = []; w.__clicks = 0; w.__submits = 0; w.__pageEnters = 0;
  });
}

describe('keyboard wedge in Chromium', () => {
  it('keeps a 5 ms/char scan out of a focused input and does not submit its form', async () => {
    await reset();
    await page.focus('#field');
    await typeLikeScanner('000.17.22.H56-210531-0001', 5);
    await expect.poll(async () => (await state()).scans.length, { timeout: 2000 }).toBe(1);
    const s = await state();
    expect(s.scans, `gaps ${JSON.stringify(await gaps())}`).toEqual([{ text: '000.17.22.H56-210531-0001', kind: 'dossier', source: 'wedge' }]);
    await sleep(150);
    const later = await state();
    expect(later.value).toBe('');
    expect(later.submits).toBe(0);
    expect(later.pageEnters).toBe(0);
  });

  it('does not press a focused button with the terminating Enter', async () => {
    await reset();
    await page.focus('#btn');
    await typeLikeScanner('000.17.22.H56-210531-0002', 5);
    await expect.poll(async () => (await state()).scans.length, { timeout: 2000 }).toBe(1);
    await sleep(150);
    const s = await state();
    expect(s.scans[0]?.text).toBe('000.17.22.H56-210531-0002');
    expect(s).toMatchObject({ clicks: 0, submits: 0, pageEnters: 0, focused: 'btn' });
  });

  it('does not move focus with a terminating Tab, and carries the whole alphabet', async () => {
    await reset();
    await page.focus('#field');
    const payload = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.-/:|_';
    await typeLikeScanner(payload, 5, 'Tab');
    await expect.poll(async () => (await state()).scans.length, { timeout: 2000 }).toBe(1);
    await sleep(150);
    const s = await state();
    expect(s.scans[0]?.text).toBe(payload);
    expect(s).toMatchObject({ value: '', focused: 'field' });
  });

  it('rejects a scan with an injected Backspace as ime, leaving the input clean', async () => {
    await reset();
    await page.focus('#field');
    // Unikey's rewrite: the scanner's key, then an injected Backspace, at machine speed.
    await typeStrokes([{ code: 'KeyX', key: 'x', text: 'x' }, { code: 'Backspace', key: 'Backspace' }, ...scanStrokes('ABC123')], 5);
    await expect.poll(async () => (await state()).problems, { timeout: 2000 }).toEqual(['ime']);
    await sleep(150);
    expect(await state()).toMatchObject({ value: '', scans: [], submits: 0 });
  });

  it('lets a person type into the input at 130 ms/key and submit with Enter', async () => {
    await reset();
    await page.focus('#field');
    await typeLikePerson('so 12/3', 130);
    await expect.poll(async () => (await state()).value, { timeout: 2000 }).toBe('so 12/3');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await state()).submits, { timeout: 2000 }).toBe(1);
    expect((await state()).scans).toEqual([]);
  });

  it('hands a person\'s quick Unikey rewrite (d, Backspace, đ) back to the input', async () => {
    await reset();
    await page.focus('#field');
    // Unikey injects the Backspace and the composed letter with no physical key (VK_PACKET = 231).
    await typeStrokes([
      { code: 'KeyD', key: 'd', text: 'd' },
      { code: '', key: 'Backspace', vk: 8 },
      { code: '', key: 'đ', text: 'đ', vk: 231 },
    ], 10);
    await expect.poll(async () => (await state()).value, { timeout: 2000 }).toBe('đ');
    expect(await state()).toMatchObject({ scans: [], problems: [] });
  });

  it('lets a person press a focused button with Enter and with Space', async () => {
    await reset();
    await page.focus('#btn');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Space');
    await expect.poll(async () => (await state()).clicks, { timeout: 2000 }).toBe(2);
  });
});
