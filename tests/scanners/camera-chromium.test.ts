/** Real Chromium: the Vite-built camera session and decode worker, a fake camera playing a corpus
 * frame (a .y4m file), real getUserMedia. Proves the worker loads the packaged .wasm and decodes,
 * scans arrive as RawScan, and every camera track ends on close, also after a late resolve. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/browser';
import { buildPage, serveStatic, type StaticServer } from '../helpers/static-server';
import { RawScan } from '../../src/shared/scan/raw-scan';
import { DEFAULT_SEED, renderCorpusFrame } from '../camera-corpus/corpus';
import { framesToY4m } from '../camera-corpus/y4m';

const root = resolve(import.meta.dirname, '../..');
const outDir = join(root, 'test-output/camera-harness');
const y4mPath = join(root, 'test-output/camera-harness.y4m');
const clean = renderCorpusFrame(DEFAULT_SEED, 'clean', 0);

let server: StaticServer;
let browser: Browser;
let page: Page;
let origin: string;
const requests: string[] = [];

type Snapshot = { scans: unknown[]; states: string[]; longestGapMs: number; tracks: string[]; obtained: string[][] };
const snapshot = () => page.evaluate(() => (window as never as { cameraHarness: { snapshot(): Snapshot } }).cameraHarness.snapshot());

beforeAll(async () => {
  await buildPage(join(root, 'tests/camera-corpus/browser'), outDir, { worker: { format: 'es' } });
  mkdirSync(join(root, 'test-output'), { recursive: true });
  writeFileSync(y4mPath, framesToY4m([clean.image]));
  server = await serveStatic(outDir);
  origin = server.origin;
  // A fake camera that plays the corpus frame, and no permission prompt.
  browser = await launchChromium({
    args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4mPath}`],
  });
  page = await browser.newPage();
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(server.url('index.html'));
  await page.waitForFunction(() => 'cameraHarness' in window);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('camera scanner in Chromium', () => {
  it('decodes a low-contrast frame in the module worker with the packaged wasm', async () => {
    const frame = renderCorpusFrame(DEFAULT_SEED, 'low-contrast', 3);
    const base64 = Buffer.from(frame.image.data.buffer).toString('base64');
    const messages = await page.evaluate(
      ([w, h, b]) => (window as never as { cameraHarness: { decodePixels(w: number, h: number, b: string): Promise<unknown[]> } })
        .cameraHarness.decodePixels(w, h, b),
      [frame.image.width, frame.image.height, base64] as const,
    );
    expect(messages[0]).toEqual({ type: 'ready' });
    expect(messages[1]).toMatchObject({ type: 'result', id: 1, text: frame.expected });
    // The .wasm came from the app's own origin, never from a CDN.
    expect(requests.some((u) => u.startsWith(origin) && u.endsWith('.wasm'))).toBe(true);
    expect(requests.every((u) => u.startsWith(origin))).toBe(true);
  }, 60_000);

  it('scans a CCCD card shown to the camera, then turns the camera off on close', async () => {
    const cameras = await page.evaluate(() => (window as never as { cameraHarness: { cameras(): Promise<{ deviceId: string }[]> } }).cameraHarness.cameras());
    expect(cameras.length).toBeGreaterThan(0);
    const deviceId = cameras[0]?.deviceId ?? null;
    await page.evaluate((id) => (window as never as { cameraHarness: { start(id: string | null): void } }).cameraHarness.start(id), deviceId);
    await page.waitForFunction(() => (window as never as { cameraHarness: { snapshot(): Snapshot } }).cameraHarness.snapshot().scans.length > 0, null, { timeout: 45_000 });
    const during = await snapshot();
    const scan = RawScan.parse(during.scans[0]);
    expect(scan).toMatchObject({ source: 'camera', text: clean.expected });
    if (deviceId) expect(scan.device).toBe(deviceId);
    expect(during.tracks.every((s) => s === 'live')).toBe(true);
    // Decoding happens in the worker: the main thread's 10 ms timer kept ticking (generous bound
    // for a loaded CI machine; a decode on the main thread would stall it for whole frames).
    expect(during.longestGapMs).toBeLessThan(250);
    await page.evaluate(() => (window as never as { cameraHarness: { close(): void } }).cameraHarness.close());
    const after = await snapshot();
    expect(after.states).toContain('closed');
    expect(after.tracks.length).toBeGreaterThan(0);
    expect(after.tracks.every((s) => s === 'ended')).toBe(true);
  }, 60_000);

  it('stops a camera that opens after the view has already closed', async () => {
    await page.evaluate(() => {
      const h = (window as never as { cameraHarness: { start(id: string | null): void; close(): void } }).cameraHarness;
      h.start(null);
      h.close();
    });
    // Wait until the late getUserMedia answer has arrived, then check nothing is left running.
    await page.waitForFunction((n) => (window as never as { cameraHarness: { snapshot(): Snapshot } }).cameraHarness.snapshot().obtained.length > n, 1, { timeout: 10_000 });
    await page.waitForTimeout(100);
    const after = await snapshot();
    for (const tracks of after.obtained) expect(tracks.every((s) => s === 'ended')).toBe(true);
  }, 60_000);
});
