/** Messages between the counter's camera capture and the capture worker (capture.worker.ts). A
 * frame travels as a transferred RGBA buffer (no copy); the page comes back as a Blob (structured
 * clone of a Blob shares its bytes, it does not copy them). */
import type { PageMode } from './page';

export interface CaptureRequest {
  id: number;
  mode: PageMode;
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel (an ImageData's buffer), transferred. */
  data: ArrayBuffer;
}

export type CaptureReply =
  | { id: number; ok: true; blob: Blob; width: number; height: number; found: boolean; ms: number }
  | { id: number; ok: false; detail: string };
