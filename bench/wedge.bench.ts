/**
 * Keyboard-wedge numbers (docs/PERFORMANCE.md): from the terminator keydown to the ScanEvent a screen receives
 * (pure decoder + scan stream with the domain parse), and the decoder's cost per key. The DOM
 * adapter adds one event dispatch on top; the e2e test covers it in real Chromium.
 */
import { performance } from 'node:perf_hooks';
import { createWedgeDecoder, usKeyFor, type WedgeKeyEvent } from '../src/shared/scan/wedge';
import { createScanStream, type ScanEvent } from '../src/renderer/scanners/scan-stream';
import { createTestBridge } from '../tests/helpers/test-bridge';
import type { BenchOptions, Metric } from './types';
import { percentile } from './stats';

/** A host that never pushes anything: the wedge's scans come from the decoder. */
const quietHost = createTestBridge();

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function key(type: 'keydown' | 'keyup', code: string, key: string, shiftKey: boolean, t: number): WedgeKeyEvent {
  return { type, code, key, shiftKey, altKey: false, ctrlKey: false, metaKey: false, keyCode: 0, isComposing: false, t };
}

/** The keys of one scan at 5 ms/char, without its terminator. */
function burst(text: string, start: number): WedgeKeyEvent[] {
  const out: WedgeKeyEvent[] = [];
  [...text].forEach((ch, i) => {
    const k = usKeyFor(ch)!;
    const t = start + i * 5;
    if (k.shiftKey) out.push(key('keydown', 'ShiftLeft', 'Shift', true, t));
    out.push(key('keydown', k.code, ch, k.shiftKey, t + 0.1), key('keyup', k.code, ch, k.shiftKey, t + 1));
    if (k.shiftKey) out.push(key('keyup', 'ShiftLeft', 'Shift', false, t + 1.1));
  });
  return out;
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const scans = opts.quick ? 400 : 5000;
  const warmup = 100;
  const decoder = createWedgeDecoder();
  const stream = createScanStream({ bridge: quietHost });
  let received: ScanEvent | null = null;
  stream.subscribe({ id: 'bench', onScan: (e) => { received = e; } });

  const latencies: number[] = [];
  let keyTime = 0;
  let keyCount = 0;
  let t = 0;
  for (let i = 0; i < scans + warmup; i += 1) {
    // Distinct codes, so de-duplication never hides one.
    const code = `000.17.22.H56-210531-${String(i % 10000).padStart(4, '0')}`;
    const keys = burst(code, t);
    t += code.length * 5;
    const k0 = performance.now();
    for (const e of keys) decoder.feed(e);
    const k1 = performance.now();
    received = null;
    const t0 = performance.now();
    const d = decoder.feed(key('keydown', 'Enter', 'Enter', false, t));
    if (d.result?.accepted === true) stream.push({ source: 'wedge', device: 'wedge', text: d.result.text, at: Date.now() });
    const t1 = performance.now();
    decoder.feed(key('keyup', 'Enter', 'Enter', false, t + 1));
    if (received === null) throw new Error(`scan ${i} was not delivered`);
    if (i >= warmup) {
      latencies.push(t1 - t0);
      keyTime += k1 - k0;
      keyCount += keys.length;
    }
    t += 1000;
  }
  const p95 = percentile(latencies, 95);
  return [
    { name: 'wedge terminator → ScanEvent p95', value: round(p95), target: 2, unit: 'ms', better: 'lower', note: `${scans} scans, decoder + stream + parseScan` },
    { name: 'wedge terminator → ScanEvent p50', value: round(percentile(latencies, 50)), target: null, unit: 'ms', better: 'lower' },
    { name: 'wedge terminator → ScanEvent max', value: round(Math.max(...latencies)), target: null, unit: 'ms', better: 'lower' },
    { name: 'wedge decoder cost per key event', value: round((keyTime / keyCount) * 1000, 3), target: null, unit: 'µs', better: 'lower' },
  ];
}
