/**
 * Scanner input of the renderer. Typical start-up, once per window:
 *   const { stream, stop } = startScanning(window, window.kiosk);
 *   <ScanStreamContext.Provider value={stream}>…</ScanStreamContext.Provider>
 * and in a screen: useScans((scan) => …, { active: true }).
 */
import type { KioskBridge } from '../../shared/bridge/contract';
import type { WedgeOptionsInput } from '../../shared/scan/wedge';
import { createScanStream, type ScanStream } from './scan-stream';
import { attachWedgeListener } from './wedge-listener';

export { createScanStream, DEFAULT_DEDUPE_MS } from './scan-stream';
export type { ScanConsumer, ScanEvent, ScanProblem, ScanStream, ScanStreamOptions } from './scan-stream';
export { attachWedgeListener, replayInto, WEDGE_DEVICE_ID } from './wedge-listener';
export type { WedgeListenerOptions, WedgeRejection } from './wedge-listener';
export { ScanStreamContext, useScans, useScanStream } from './use-scans';
export type { UseScansOptions } from './use-scans';
export { problemMessage } from './problem-message';

export interface StartScanningOptions {
  wedge?: WedgeOptionsInput | false;
  dedupeMs?: number;
}

/** The scan stream fed by the host's scanners and by the keyboard wedge on `win`. */
export function startScanning(win: Window, bridge: KioskBridge, opts: StartScanningOptions = {}): { stream: ScanStream; stop: () => void } {
  const stream = createScanStream({ bridge, dedupeMs: opts.dedupeMs });
  const detach = opts.wedge === false
    ? () => undefined
    : attachWedgeListener(win, {
      decoder: opts.wedge,
      onScan: (raw) => stream.push(raw),
      onReject: (r) => stream.pushProblem(r),
    });
  return {
    stream,
    stop: () => {
      detach();
      stream.dispose();
    },
  };
}
