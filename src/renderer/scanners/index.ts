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
  /** The keyboard-wedge decoder's options (settings `wedge`); false: no wedge listener. */
  wedge?: WedgeOptionsInput | false;
  dedupeMs?: number;
}

export interface Scanning {
  stream: ScanStream;
  /** Replaces the wedge listener with one using these options (false: none). A burst in progress
   * is resolved first, so a person's held keystrokes still reach their input. */
  setWedge(wedge: WedgeOptionsInput | false): void;
  stop(): void;
}

/** The scan stream fed by the host's scanners and by the keyboard wedge on `win`. */
export function startScanning(win: Window, bridge: KioskBridge, opts: StartScanningOptions = {}): Scanning {
  const stream = createScanStream({ bridge, dedupeMs: opts.dedupeMs });
  const attach = (wedge: WedgeOptionsInput | false | undefined): (() => void) => (wedge === false
    ? () => undefined
    : attachWedgeListener(win, {
      decoder: wedge,
      onScan: (raw) => stream.push(raw),
      onReject: (r) => stream.pushProblem(r),
    }));
  let detach = attach(opts.wedge);
  return {
    stream,
    setWedge(wedge) {
      detach();
      detach = attach(wedge);
    },
    stop: () => {
      detach();
      detach = () => undefined;
      stream.dispose();
    },
  };
}
