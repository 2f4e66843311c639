/** Browser harness for tests/scanners/camera-chromium.test.ts: the real camera session and the real
 * decode worker, built by Vite as the app is, driven by Playwright through `window.cameraHarness`. */
import type { RawScan } from '../../../src/shared/scan/raw-scan';
import { createDecodeWorker, startCameraScanner, type CameraSession } from '../../../src/renderer/scanners/camera/camera-scanner';
import { listCameras } from '../../../src/renderer/scanners/camera/stream-controller';
import type { FromWorker, ToWorker } from '../../../src/renderer/scanners/camera/worker-protocol';

// Every stream getUserMedia ever handed out, so the test can check that each one was stopped,
// including one that resolved after the view had closed.
const obtained: MediaStream[] = [];
const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const s = await realGetUserMedia(constraints);
  obtained.push(s);
  return s;
};

const scans: RawScan[] = [];
const states: string[] = [];
let session: CameraSession | null = null;
let stream: MediaStream | null = null;
/** Longest gap between main-thread timer ticks while scanning: decoding must not block the UI. */
let longestGapMs = 0;

function watchMainThread(): () => void {
  let last = performance.now();
  const id = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - last);
    last = now;
  }, 10);
  return () => clearInterval(id);
}

const harness = {
  cameras: () => listCameras(navigator.mediaDevices),

  async decodePixels(width: number, height: number, base64: string): Promise<FromWorker[]> {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const worker = createDecodeWorker();
    const messages: FromWorker[] = [];
    const done = new Promise<void>((resolve) => {
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        messages.push(event.data);
        if (event.data.type === 'result' || event.data.type === 'load-failed') resolve();
      };
    });
    const message: ToWorker = { type: 'pixels', id: 1, width, height, data: bytes.buffer };
    worker.postMessage(message, [bytes.buffer]);
    await done;
    worker.terminate();
    return messages;
  },

  start(deviceId: string | null): void {
    const video = document.getElementById('preview') as HTMLVideoElement;
    const stopWatch = watchMainThread();
    session = startCameraScanner({
      video,
      deviceId,
      onScan: (scan) => scans.push(scan),
      onState: (state, error) => {
        states.push(error ? `${state}:${error.code}` : state);
        if (state === 'scanning') stream = video.srcObject as MediaStream;
        if (state === 'closed') stopWatch();
      },
    });
  },

  close(): void {
    session?.close();
  },

  snapshot() {
    return {
      scans,
      states,
      longestGapMs,
      tracks: stream ? stream.getTracks().map((t) => t.readyState) : [],
      obtained: obtained.map((s) => s.getTracks().map((t) => t.readyState)),
    };
  },
};

(window as unknown as { cameraHarness: typeof harness }).cameraHarness = harness;
