/**
 * The one scan stream of the renderer (docs/ARCHITECTURE.md, "Data flow of a scan"): serial scans
 * pushed by the host, keyboard-wedge bursts and camera decodes all become the same `ScanEvent`,
 * parsed once by the domain core, de-duplicated in one place, and routed to the screen that is
 * showing. Nothing here logs a payload (it may be a citizen's CCCD).
 */
import { v7 as uuidv7 } from 'uuid';
import type { KioskBridge } from '../../shared/bridge/contract';
import { parseScan, type ParsedScan } from '../../shared/domain';
import type { ScanProblemReason } from '../../shared/scan/errors';
import { RawScan, type ScanSource } from '../../shared/scan/raw-scan';

export type ScanEvent = RawScan & {
  /** Unique, time-ordered (UUIDv7): the audit log's key for this scan. */
  id: string;
  parsed: ParsedScan;
};

/** A scan that could not be read: the screen explains it (see problem-message.ts). */
export interface ScanProblem {
  source: ScanSource;
  device: string;
  /** Machine code: a wedge rejection (`ime`, `no-terminator`…) or a serial error code. */
  reason: ScanProblemReason;
  at: number;
}

export interface ScanConsumer {
  id: string;
  onScan(event: ScanEvent): void;
  onProblem?(problem: ScanProblem): void;
  /** Among screens nobody explicitly activated, the highest priority receives scans. */
  priority?: number;
  /** Receives every scan and problem whichever screen is active (technician monitor, audit). */
  monitor?: boolean;
}

export interface ScanStream {
  /** Parse, de-duplicate and route; returns the event, or null for a duplicate or malformed scan. */
  push(raw: RawScan): ScanEvent | null;
  pushProblem(problem: ScanProblem): void;
  /** Register a consumer; returns the function that removes it. */
  subscribe(consumer: ScanConsumer): () => void;
  /** Make a screen the one that receives scans (`active = false` hands them back to the previous one). */
  setActive(consumerId: string, active?: boolean): void;
  /** The consumer that would receive a scan now, or null. */
  activeId(): string | null;
  /** The province's own dossier code patterns (synced from the gateway), used from the next scan on. */
  setPatterns(patterns: readonly RegExp[]): void;
  /** Stop listening to the host. */
  dispose(): void;
}

export interface ScanStreamOptions {
  bridge: KioskBridge;
  /**
   * The same text from the same device within this window is one scan. The window slides: it is
   * measured from the last time the text was seen, so a camera that decodes the same code on every
   * frame, or a scanner in continuous mode, yields one event until the code has been away this long.
   * 800 ms covers a double trigger (docs/RELIABILITY.md item 15 cites 500 ms) with margin.
   */
  dedupeMs?: number;
  now?: () => number;
  /** Where an exception thrown by a consumer goes (it never stops delivery to the others). */
  onConsumerError?: (error: unknown, consumerId: string) => void;
}

export const DEFAULT_DEDUPE_MS = 800;

interface Entry {
  consumer: ScanConsumer;
  seq: number;
}

export function createScanStream(opts: ScanStreamOptions): ScanStream {
  const dedupeMs = opts.dedupeMs ?? DEFAULT_DEDUPE_MS;
  const now = opts.now ?? Date.now;
  const onConsumerError = opts.onConsumerError
    ?? ((error: unknown, id: string) => console.error(`scan consumer ${id} failed`, error));
  const consumers = new Map<string, Entry>();
  /** Screens that asked to be active, most recent last. */
  const activation: string[] = [];
  const lastSeen = new Map<string, number>();
  let patterns: readonly RegExp[] = [];
  let seq = 0;

  function activeEntry(): Entry | null {
    for (let i = activation.length - 1; i >= 0; i -= 1) {
      const e = consumers.get(activation[i]!);
      if (e !== undefined && e.consumer.monitor !== true) return e;
    }
    let best: Entry | null = null;
    for (const e of consumers.values()) {
      if (e.consumer.monitor === true) continue;
      const p = e.consumer.priority ?? 0;
      const bp = best?.consumer.priority ?? 0;
      if (best === null || p > bp || (p === bp && e.seq > best.seq)) best = e;
    }
    return best;
  }

  function deliver(call: (c: ScanConsumer) => void): void {
    const active = activeEntry();
    const targets = [...consumers.values()].filter((e) => e === active || e.consumer.monitor === true);
    for (const { consumer } of targets) {
      try {
        call(consumer);
      } catch (error) {
        onConsumerError(error, consumer.id);
      }
    }
  }

  function isDuplicate(raw: RawScan, t: number): boolean {
    const key = `${raw.device}\u0000${raw.text}`;
    const prev = lastSeen.get(key);
    lastSeen.set(key, t);
    if (lastSeen.size > 64) {
      for (const [k, seen] of lastSeen) if (t - seen >= dedupeMs) lastSeen.delete(k);
    }
    return prev !== undefined && t - prev < dedupeMs;
  }

  function push(input: RawScan): ScanEvent | null {
    const checked = RawScan.safeParse(input);
    if (!checked.success) return null;
    const raw = checked.data;
    if (isDuplicate(raw, now())) return null;
    const event: ScanEvent = { ...raw, id: uuidv7(), parsed: parseScan(raw.text, { patterns }) };
    deliver((c) => c.onScan(event));
    return event;
  }

  function pushProblem(problem: ScanProblem): void {
    deliver((c) => c.onProblem?.(problem));
  }

  const offScan = opts.bridge.on('scan', (raw) => {
    push(raw);
  });
  const offError = opts.bridge.on('scanner.error', (e) => {
    pushProblem({ source: 'serial', device: e.id, reason: e.code, at: e.at });
  });

  return {
    push,
    pushProblem,
    subscribe(consumer) {
      seq += 1;
      const entry = { consumer, seq };
      consumers.set(consumer.id, entry);
      return () => {
        if (consumers.get(consumer.id) !== entry) return;
        consumers.delete(consumer.id);
        const i = activation.indexOf(consumer.id);
        if (i >= 0) activation.splice(i, 1);
      };
    },
    setActive(consumerId, active = true) {
      const i = activation.indexOf(consumerId);
      if (i >= 0) activation.splice(i, 1);
      if (active) activation.push(consumerId);
    },
    activeId: () => activeEntry()?.consumer.id ?? null,
    setPatterns(next) {
      patterns = [...next];
    },
    dispose() {
      offScan();
      offError();
    },
  };
}
