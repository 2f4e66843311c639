/**
 * The capture step of bench/capture-chromium.bench.ts, in a module Web Worker as the counter runs
 * it: `capturePageAsync` (detection, perspective, contrast in TypeScript; the browser's native
 * JPEG encoder for grey and colour, the 1-bit PNG encoder for black and white).
 */
import { capturePageAsync, hasNativeEncoder } from '../../src/renderer/scanners/document/capture-async';
import type { PageMode } from '../../src/renderer/scanners/document/page';

interface Job { id: number; data: Uint8ClampedArray; width: number; height: number; mode: PageMode }

self.onmessage = (ev: MessageEvent<Job>) => {
  const { id, data, width, height, mode } = ev.data;
  const t0 = performance.now();
  capturePageAsync({ data, width, height }, mode).then(
    (cap) => self.postMessage({ id, blob: cap.blob, found: cap.detection.found, width: cap.width, height: cap.height, native: hasNativeEncoder(), ms: performance.now() - t0 }),
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) }),
  );
};
