/** Messages between the counter's camera capture and the capture worker (capture.worker.ts). A
 * frame travels as a transferred RGBA buffer (no copy); the page comes back as a Blob (structured
 * clone of a Blob shares its bytes, it does not copy them). `corners`, when the officer placed them
(counter/CornerEditor.tsx), replace the page detection; the reply always says which corners were
used, so the editor can start from what detection found. */
import type { PageMode, Quad } from './page';

export interface CaptureRequest {
  id: number;
  mode: PageMode;
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel (an ImageData's buffer), transferred. */
  data: ArrayBuffer;
  /** The page's corners in the frame (top-left, top-right, bottom-right, bottom-left), placed by
   * the officer; absent: the worker finds the page itself. */
  corners?: Quad;
}

export type CaptureReply =
  | { id: number; ok: true; blob: Blob; width: number; height: number; found: boolean; corners: Quad; ms: number }
  | { id: number; ok: false; detail: string };
