/**
 * The counter's page capturer: a camera frame to a page file off the UI thread. The frame's RGBA
 * buffer is transferred to the capture worker (capture.worker.ts), which runs `capturePageAsync`
 * and answers with the Blob. Where there is no Worker (an old embedded browser, a unit test), or
 * the worker script cannot start (a missing asset, a CSP without `worker-src 'self'`), the same
 * `capturePageAsync` runs on the page instead: slower for the UI, but no page is lost.
 *
 * Until the worker has answered once, a frame is sent as a copy, so that a worker that fails to
 * start leaves the frame in hand for the fallback; from then on the buffer is transferred.
 */
import type { FrameImage } from '../camera/frame';
import { capturePageAsync } from './capture-async';
import type { CaptureReply, CaptureRequest } from './capture-protocol';
import type { PageMode, Quad } from './page';

export interface CapturedFile {
  blob: Blob;
  width: number;
  height: number;
  /** Whether a page was found in the frame (else the whole frame was used); true when the
   * officer's corners were given. */
  found: boolean;
  /** The corners the page was cut from: detection's, the whole frame's, or the officer's. */
  corners: Quad;
  /** Where it ran: the worker, or the page (fallback). */
  where: 'worker' | 'main';
}

export interface PageCapturer {
  /** `corners`: the officer's, instead of detection (the corner editor's re-processing). */
  capture(frame: FrameImage, mode: PageMode, corners?: Quad): Promise<CapturedFile>;
  close(): void;
}

export function createCaptureWorker(): Worker {
  return new Worker(new URL('./capture.worker.ts', import.meta.url), { type: 'module' });
}

async function onMainThread(frame: FrameImage, mode: PageMode, corners?: Quad): Promise<CapturedFile> {
  const page = await capturePageAsync(frame, mode, corners);
  return { blob: page.blob, width: page.width, height: page.height, found: page.detection.found, corners: page.detection.corners, where: 'main' };
}

export function createPageCapturer(opts: { createWorker?: (() => Worker) | null } = {}): PageCapturer {
  let worker: Worker | null = null;
  let proven = false;
  let nextId = 0;
  const pending = new Map<number, { frame: FrameImage | null; mode: PageMode; corners: Quad | undefined; resolve(f: CapturedFile): void; reject(e: Error): void }>();

  const make = opts.createWorker === null ? null : opts.createWorker ?? (typeof Worker === 'undefined' ? null : createCaptureWorker);
  try {
    worker = make ? make() : null;
  } catch {
    worker = null;
  }

  /** The worker is unusable: what it held goes to the main thread (or fails if its frame left). */
  function abandon(): void {
    worker?.terminate();
    worker = null;
    for (const [id, p] of pending) {
      pending.delete(id);
      if (p.frame) onMainThread(p.frame, p.mode, p.corners).then(p.resolve, (e: unknown) => p.reject(e instanceof Error ? e : new Error(String(e))));
      else p.reject(new Error('capture worker failed'));
    }
  }

  if (worker) {
    worker.onmessage = (event: MessageEvent<CaptureReply>) => {
      const reply = event.data;
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      proven = true;
      if (reply.ok) p.resolve({ blob: reply.blob, width: reply.width, height: reply.height, found: reply.found, corners: reply.corners, where: 'worker' });
      else p.reject(new Error(reply.detail));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      abandon();
    };
  }

  return {
    capture(frame, mode, corners) {
      if (!worker) return onMainThread(frame, mode, corners);
      const id = ++nextId;
      const whole = frame.data.byteOffset === 0 && frame.data.byteLength === frame.data.buffer.byteLength;
      const data = proven && whole ? frame.data.buffer : frame.data.slice().buffer;
      const request: CaptureRequest = { id, mode, width: frame.width, height: frame.height, data: data as ArrayBuffer, ...(corners ? { corners } : {}) };
      return new Promise<CapturedFile>((resolve, reject) => {
        pending.set(id, { frame: proven ? null : frame, mode, corners, resolve, reject });
        worker!.postMessage(request, [request.data]);
      });
    },
    close() {
      worker?.terminate();
      worker = null;
      for (const p of pending.values()) p.reject(new Error('capture closed'));
      pending.clear();
    },
  };
}
