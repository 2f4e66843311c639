/** A camera scan session: opens the chosen camera, feeds frames to the decode worker one at a time
 * (a frame that arrives while the worker is busy is skipped, so decoding never queues up or blocks
 * the UI thread) and reports each decode as a RawScan (feed it to the scan stream's `push`). Closing stops the camera, the frame
 * loop and the worker, whatever state the session is in. */
import type { RawScan } from '../../../shared/scan/raw-scan';
import { cameraError, type CameraError } from './camera-errors';
import { CameraStreamController, type MediaDevicesLike } from './stream-controller';
import type { FromWorker, ToWorker } from './worker-protocol';

export type CameraState = 'starting' | 'scanning' | 'error' | 'closed';

export interface CameraScannerOptions {
  video: HTMLVideoElement;
  deviceId?: string | null;
  onScan(scan: RawScan): void;
  onState?(state: CameraState, error?: CameraError): void;
  /** Pause between frames sent to the worker; 80 ms ≈ 12 decodes/s, plenty for a hand-held card. */
  frameIntervalMs?: number;
  mediaDevices?: MediaDevicesLike;
  createWorker?: () => Worker;
}

export interface CameraSession {
  close(): void;
  readonly deviceId: string | null;
}

export function createDecodeWorker(): Worker {
  return new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module' });
}

export function startCameraScanner(opts: CameraScannerOptions): CameraSession {
  const controller = new CameraStreamController(opts.mediaDevices ?? navigator.mediaDevices);
  const interval = opts.frameIntervalMs ?? 80;
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;
  let busy = false;
  let frameId = 0;
  let deviceId: string | null = null;

  const setState = (state: CameraState, error?: CameraError): void => opts.onState?.(state, error);

  /** Camera off, loop and worker stopped; the session is over whatever state it was in. */
  function shutdown(): void {
    closed = true;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    controller.close();
    worker?.terminate();
    worker = null;
    opts.video.srcObject = null;
  }

  /** A session that cannot decode must not keep the camera (and its LED) on. */
  function fail(error: CameraError): void {
    if (closed) return;
    shutdown();
    setState('error', error);
  }

  function schedule(): void {
    if (!closed) timer = setTimeout(tick, interval);
  }

  async function tick(): Promise<void> {
    timer = null;
    const video = opts.video;
    if (closed || busy || !worker || video.readyState < 2 || video.videoWidth === 0) return schedule();
    busy = true;
    try {
      const bitmap = await createImageBitmap(video);
      if (closed || !worker) {
        bitmap.close();
        return;
      }
      const message: ToWorker = { type: 'frame', id: ++frameId, bitmap };
      worker.postMessage(message, [bitmap]);
    } catch {
      busy = false; // the video had no frame yet; try again on the next tick
    }
    schedule();
  }

  function onWorkerMessage(event: MessageEvent<FromWorker>): void {
    const msg = event.data;
    if (msg.type === 'load-failed') {
      fail(cameraError('decoder-failed', msg.detail));
      return;
    }
    if (msg.type !== 'result') return;
    busy = false;
    if (closed || msg.text === null) return;
    // Every decode is reported: a code held up to the camera is read on every frame, and the scan
    // stream's sliding de-duplication window turns that into one ScanEvent.
    opts.onScan({ source: 'camera', device: deviceId ?? 'camera', text: msg.text, at: Date.now() });
  }

  async function start(): Promise<void> {
    setState('starting');
    const opened = await controller.open(opts.deviceId ?? null);
    if (closed) return;
    if (!opened.ok) {
      setState('error', opened.error);
      return;
    }
    deviceId = opened.deviceId;
    worker = (opts.createWorker ?? createDecodeWorker)();
    worker.onmessage = onWorkerMessage;
    // A worker script that cannot load (a CSP without worker-src 'self', a missing asset) sends no
    // message at all; without this the view would wait forever.
    worker.onerror = (event) => {
      event.preventDefault();
      fail(cameraError('decoder-failed', 'worker-error'));
    };
    opts.video.srcObject = opened.stream;
    opts.video.muted = true;
    opts.video.playsInline = true;
    try {
      await opts.video.play();
    } catch {
      // Autoplay of a muted stream is allowed; a failure here only delays the first frame.
    }
    if (closed) return;
    setState('scanning');
    schedule();
  }

  void start();

  return {
    get deviceId() {
      return deviceId;
    },
    close() {
      if (closed) return;
      shutdown();
      setState('closed');
    },
  };
}
