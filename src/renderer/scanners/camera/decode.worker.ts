/** The camera's decode worker: frames in, decoded text out, so the kiosk's UI thread never waits
 * for ZXing. The `.wasm` comes from the zxing-wasm package itself, served by the app (Vite's `?url`
 * emits it as an asset), never from a CDN. */
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import { createDecodeChain } from './decode-chain';
import { loadZxingWasm } from './engine-zxing-wasm';
import type { FrameImage } from './frame';
import type { FromWorker, ToWorker } from './worker-protocol';

// The project's TS lib is DOM; the few worker-scope members used here are typed by hand.
const scope = self as unknown as {
  postMessage(message: FromWorker): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
  location: { href: string };
};
const post = (message: FromWorker): void => scope.postMessage(message);
const chain = createDecodeChain();
let canvas: OffscreenCanvas | null = null;
let ctx: OffscreenCanvasRenderingContext2D | null = null;

function pixelsOf(bitmap: ImageBitmap): FrameImage {
  const { width, height } = bitmap;
  try {
    if (!canvas || canvas.width !== width || canvas.height !== height) {
      canvas = new OffscreenCanvas(width, height);
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!ctx) throw new Error('no 2d context in the worker');
    ctx.drawImage(bitmap, 0, 0);
    return ctx.getImageData(0, 0, width, height);
  } finally {
    bitmap.close();
  }
}

const ready = loadZxingWasm({ wasmUrl: new URL(wasmUrl, scope.location.href).href }).then(
  () => { post({ type: 'ready' }); return true; },
  (err: unknown) => { post({ type: 'load-failed', detail: err instanceof Error ? err.message : String(err) }); return false; },
);

scope.onmessage = async (event: MessageEvent<ToWorker>) => {
  const msg = event.data;
  if (msg.type === 'reset') {
    chain.reset();
    return;
  }
  if (!(await ready)) {
    if (msg.type === 'frame') msg.bitmap.close();
    post({ type: 'result', id: msg.id, text: null, pass: null, ms: 0 });
    return;
  }
  try {
    const frame = msg.type === 'frame'
      ? pixelsOf(msg.bitmap)
      : { data: new Uint8ClampedArray(msg.data), width: msg.width, height: msg.height };
    const result = await chain.decode(frame);
    post({ type: 'result', id: msg.id, text: result.text, pass: result.pass, ms: result.ms });
  } catch {
    // One bad frame (a 0×0 bitmap while the camera restarts) must not stop the scanning loop,
    // which waits for an answer to every frame it sends.
    post({ type: 'result', id: msg.id, text: null, pass: null, ms: 0 });
  }
};
