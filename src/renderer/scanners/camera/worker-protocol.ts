/** Messages between the camera view and the decode worker. A frame travels as a transferred
 * ImageBitmap (no copy, no pixel reading on the main thread) or, where that is unavailable, as a
 * transferred RGBA buffer. */
import type { PassName } from './decode-chain';

export type ToWorker =
  | { type: 'frame'; id: number; bitmap: ImageBitmap }
  | { type: 'pixels'; id: number; width: number; height: number; data: ArrayBuffer }
  | { type: 'reset' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'load-failed'; detail: string }
  | { type: 'result'; id: number; text: string | null; pass: PassName | null; ms: number };
