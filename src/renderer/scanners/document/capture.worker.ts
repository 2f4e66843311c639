/** The capture worker: a camera frame in, a finished page file out (capture-async.ts: page
 * detection, perspective correction to A4 at 150 dpi, contrast, the chosen mode, the browser's
 * native JPEG encoder through OffscreenCanvas), so the counter's UI thread never runs the page
 * pipeline. One request at a time is enough: the officer captures one page per press. A request
with `corners` (the officer's, from the corner editor) skips detection and warps those. */
import { capturePageAsync } from './capture-async';
import type { CaptureReply, CaptureRequest } from './capture-protocol';

// The project's TS lib is DOM; the worker-scope members used here are typed by hand.
const scope = self as unknown as {
  postMessage(message: CaptureReply): void;
  onmessage: ((event: MessageEvent<CaptureRequest>) => void) | null;
};

scope.onmessage = async (event: MessageEvent<CaptureRequest>) => {
  const { id, mode, width, height, data, corners } = event.data;
  const started = performance.now();
  try {
    const page = await capturePageAsync({ data: new Uint8ClampedArray(data), width, height }, mode, corners);
    scope.postMessage({ id, ok: true, blob: page.blob, width: page.width, height: page.height, found: page.detection.found, corners: page.detection.corners, ms: performance.now() - started });
  } catch (err) {
    scope.postMessage({ id, ok: false, detail: err instanceof Error ? err.message : String(err) });
  }
};
