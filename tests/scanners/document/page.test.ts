/**
 * Document mode (src/renderer/scanners/document): the page found in generated camera frames of a
 * printed page at a perspective angle, corners within a few pixels; the A4 150 dpi output in each
 * mode and its encoding; the whole frame (and `found: false`) when there is no page.
 */
import { describe, expect, it, vi } from 'vitest';
import { PNG } from 'pngjs';
import { decode } from 'jpeg-js';
import { detectPage, processPage, type Quad } from '../../../src/renderer/scanners/document/page';
import { capturePage } from '../../../src/renderer/scanners/document/encode';
import { capturePageAsync, hasNativeEncoder } from '../../../src/renderer/scanners/document/capture-async';
import { sniffMime } from '../../../src/shared/protocol/files';
import { pageFrame, TILTED } from '../../helpers/document-frame';

const near = (found: Quad, truth: Quad, px: number) => found.forEach((p, i) => {
  expect(Math.abs(p.x - truth[i]!.x), `corner ${i} x`).toBeLessThanOrEqual(px);
  expect(Math.abs(p.y - truth[i]!.y), `corner ${i} y`).toBeLessThanOrEqual(px);
});

describe('page detection', () => {
  const cases: [string, Quad][] = [
    ['tilted in perspective', TILTED],
    ['nearly square on', [{ x: 180, y: 20 }, { x: 470, y: 24 }, { x: 468, y: 462 }, { x: 176, y: 458 }]],
    ['rotated the other way', [{ x: 250, y: 70 }, { x: 500, y: 30 }, { x: 540, y: 390 }, { x: 290, y: 450 }]],
  ];
  for (const [name, truth] of cases) {
    it(`finds the corners of a page ${name} within 3 px`, () => {
      const d = detectPage(pageFrame(truth, { seed: 3 }));
      expect(d.found).toBe(true);
      near(d.corners, truth, 3);
    });
  }

  it('gives the whole frame, not found, when there is no page', () => {
    const d = detectPage(pageFrame(null));
    expect(d.found).toBe(false);
    expect(d.corners).toEqual([{ x: 0, y: 0 }, { x: 639, y: 0 }, { x: 639, y: 479 }, { x: 0, y: 479 }]);
    // Still a page comes out: the whole (landscape) frame, warped to A4 lying landscape.
    const { page } = processPage(pageFrame(null), 'grey');
    expect([page.width, page.height]).toEqual([1754, 1240]);
  });

  it('gives the whole frame when the bright region is not four-sided (a round plate)', () => {
    const f = pageFrame(null);
    for (let y = 0; y < 480; y++) for (let x = 0; x < 640; x++) {
      if ((x - 320) ** 2 + (y - 240) ** 2 < 190 ** 2) f.data.fill(235, (y * 640 + x) * 4, (y * 640 + x) * 4 + 3);
    }
    expect(detectPage(f).found).toBe(false);
  });
});

describe('the corrected page', () => {
  it('is A4 at 150 dpi, the paper white and the desk gone, in grey (JPEG)', () => {
    const cap = capturePage(pageFrame(TILTED), 'grey');
    expect([cap.width, cap.height]).toEqual([1240, 1754]);
    expect(cap.blob.type).toBe('image/jpeg');
    return cap.blob.arrayBuffer().then((buf) => {
      const bytes = new Uint8Array(buf);
      expect(sniffMime(bytes.subarray(0, 16))).toBe('image/jpeg');
      const img = decode(bytes, { useTArray: true });
      expect([img.width, img.height]).toEqual([1240, 1754]);
      // The margins (no ink on the generated page) are paper: near white, no brown desk left.
      let darkInMargin = 0;
      for (let y = 20; y < 1734; y += 10) for (const x of [20, 60, 1180, 1220]) if (img.data[(y * 1240 + x) * 4]! < 200) darkInMargin++;
      expect(darkInMargin).toBeLessThan(10);
      // And the text lines are there: dark pixels in the body.
      let ink = 0;
      for (let y = 140; y < 1620; y += 3) for (let x = 110; x < 1130; x += 3) if (img.data[(y * 1240 + x) * 4]! < 100) ink++;
      expect(ink).toBeGreaterThan(5000);
    });
  });

  it('is a 1-bit PNG in black and white, and RGBA JPEG in colour', async () => {
    const bw = capturePage(pageFrame(TILTED), 'bitonal');
    expect(bw.blob.type).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await bw.blob.arrayBuffer()));
    expect([png.width, png.height]).toEqual([1240, 1754]);
    const values = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) values.add(png.data[i]!);
    expect([...values].sort((a, b) => a - b)).toEqual([0, 255]);
    expect(bw.blob.size).toBeLessThan(200_000);
    const colour = capturePage(pageFrame(TILTED), 'colour');
    expect(colour.blob.type).toBe('image/jpeg');
  });

  it('lies landscape when the page does', () => {
    const landscape: Quad = [{ x: 40, y: 120 }, { x: 600, y: 110 }, { x: 610, y: 420 }, { x: 30, y: 430 }];
    const { page } = processPage(pageFrame(landscape), 'grey', landscape);
    expect([page.width, page.height]).toEqual([1754, 1240]);
  });
});

describe('capturePageAsync (the counter path)', () => {
  it('falls back to the JavaScript encoders where there is no OffscreenCanvas (Node), same kind of file', async () => {
    expect(hasNativeEncoder()).toBe(false);
    const grey = await capturePageAsync(pageFrame(TILTED), 'grey');
    expect(grey.blob.type).toBe('image/jpeg');
    expect(grey.detection.found).toBe(true);
    expect([grey.width, grey.height]).toEqual([1240, 1754]);
    const bw = await capturePageAsync(pageFrame(TILTED), 'bitonal');
    expect(bw.blob.type).toBe('image/png');
  });

  it('keeps the page as a lossless PNG when the native encoder fails and the JavaScript JPEG encoder cannot run (a browser bundle has no Buffer)', async () => {
    // The edge only: an OffscreenCanvas whose encoder fails, and no Node Buffer (what jpeg-js
    // reaches for inside a browser bundle, seen in Chromium).
    class FailingCanvas {
      getContext() { return { putImageData: () => undefined }; }
      convertToBlob(): Promise<Blob> { return Promise.reject(new Error('encoder failed')); }
    }
    vi.stubGlobal('OffscreenCanvas', FailingCanvas);
    vi.stubGlobal('ImageData', class { constructor(readonly data: Uint8ClampedArray, readonly width: number, readonly height: number) {} });
    vi.stubGlobal('Buffer', undefined);
    let grey;
    try {
      expect(hasNativeEncoder()).toBe(true);
      grey = await capturePageAsync(pageFrame(TILTED), 'grey');
    } finally {
      vi.unstubAllGlobals();
    }
    expect(grey.blob.type).toBe('image/png');
    expect(grey.detection.found).toBe(true);
    const png = PNG.sync.read(Buffer.from(await grey.blob.arrayBuffer()));
    expect([png.width, png.height]).toEqual([1240, 1754]);
    // Grey levels, not just black and white: the lossless page, not a thresholded one.
    const levels = new Set<number>();
    for (let i = 0; i < png.data.length; i += 4 * 97) levels.add(png.data[i]!);
    expect(levels.size).toBeGreaterThan(16);
  });
});
