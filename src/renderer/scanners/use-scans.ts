/**
 * React access to the scan stream. The app provides one stream (`ScanStreamContext.Provider`);
 * a screen calls `useScans(handler, { active: true })` while it is the one a scan is meant for.
 */
import { createContext, useContext, useEffect, useId, useRef } from 'react';
import type { ScanEvent, ScanProblem, ScanStream } from './scan-stream';

export const ScanStreamContext = createContext<ScanStream | null>(null);

export function useScanStream(): ScanStream {
  const stream = useContext(ScanStreamContext);
  if (stream === null) throw new Error('useScans needs a ScanStreamContext.Provider above it');
  return stream;
}

export interface UseScansOptions {
  /** This screen receives scans while true (the most recently activated screen wins). */
  active?: boolean;
  /** Fallback order among screens that are not explicitly active. */
  priority?: number;
  /** See every scan whichever screen is active (technician console). */
  monitor?: boolean;
  onProblem?: (problem: ScanProblem) => void;
}

export function useScans(handler: (event: ScanEvent) => void, options: UseScansOptions = {}): void {
  const stream = useScanStream();
  const id = useId();
  const handlers = useRef({ handler, onProblem: options.onProblem });
  useEffect(() => {
    handlers.current = { handler, onProblem: options.onProblem };
  });
  const { active = false, priority, monitor } = options;

  useEffect(() => stream.subscribe({
    id,
    priority,
    monitor,
    onScan: (e) => handlers.current.handler(e),
    onProblem: (p) => handlers.current.onProblem?.(p),
  }), [stream, id, priority, monitor]);

  useEffect(() => {
    if (!active) return undefined;
    stream.setActive(id, true);
    return () => stream.setActive(id, false);
  }, [stream, id, active]);
}
