import { describe, expect, it } from 'vitest';
import type { RawScan } from '../../src/shared/scan/raw-scan';
import { createWedgeDecoder } from '../../src/shared/scan/wedge';
import { createScanStream, type ScanEvent, type ScanProblem } from '../../src/renderer/scanners/scan-stream';
import { drive, typeKeys } from './wedge-keys';
import { createTestBridge } from '../helpers/test-bridge';

const CODE = '000.17.22.H56-210531-0001';
const scan = (text: string, device = 'COM3', source: RawScan['source'] = 'serial'): RawScan => ({ source, device, text, at: 1 });

function collect(stream: ReturnType<typeof createScanStream>, id: string, extra: { priority?: number; monitor?: boolean } = {}) {
  const got: ScanEvent[] = [];
  const problems: ScanProblem[] = [];
  const off = stream.subscribe({ id, ...extra, onScan: (e) => got.push(e), onProblem: (p) => problems.push(p) });
  return { got, problems, off };
}

describe('scan stream', () => {
  it('turns a raw scan into a ScanEvent with an id and the domain parse', () => {
    const stream = createScanStream({ bridge: createTestBridge() });
    const c = collect(stream, 'counter');
    const e = stream.push(scan(CODE));
    expect(e).not.toBeNull();
    expect(c.got).toEqual([e]);
    expect(e).toMatchObject({ source: 'serial', device: 'COM3', text: CODE, parsed: { kind: 'dossier', code: CODE } });
    expect(e!.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('takes serial scans and scanner errors pushed by the host, and stops on dispose', () => {
    const host = createTestBridge();
    const stream = createScanStream({ bridge: host });
    const c = collect(stream, 'counter');
    host.emit('scan', scan(CODE));
    host.emit('scanner.error', { id: 'COM3', code: 'frame-overflow', at: 5 });
    expect(c.got).toHaveLength(1);
    expect(c.problems).toEqual([{ source: 'serial', device: 'COM3', reason: 'frame-overflow', at: 5 }]);
    stream.dispose();
    expect(host.listeners()).toBe(0);
  });

  it('lets a truncated wedge scan fail validation instead of opening another dossier', () => {
    const stream = createScanStream({ bridge: createTestBridge() });
    const m = drive(createWedgeDecoder(), typeKeys(CODE.replace('-0001', '-001'), { perCharMs: 5 }));
    const r = m.results[0]!;
    expect(r.accepted).toBe(true);
    const e = stream.push({ source: 'wedge', device: 'wedge', text: r.accepted ? r.text : '', at: 1 });
    expect(e?.parsed.kind).not.toBe('dossier');
  });

  it('drops malformed raw scans', () => {
    const stream = createScanStream({ bridge: createTestBridge() });
    expect(stream.push({ source: 'serial', device: '', text: 'X', at: 1 })).toBeNull();
  });
});

describe('scan stream: de-duplication', () => {
  function clocked(dedupeMs?: number) {
    let t = 0;
    const stream = createScanStream({ bridge: createTestBridge(), now: () => t, dedupeMs });
    return { stream, at: (ms: number) => { t = ms; } };
  }

  it('drops a double trigger within 800 ms and lets the same code through after', () => {
    const { stream, at } = clocked();
    const c = collect(stream, 's');
    at(0); stream.push(scan(CODE));
    at(450); stream.push(scan(CODE));
    at(1300); stream.push(scan(CODE));
    expect(c.got.map((e) => e.text)).toEqual([CODE, CODE]);
  });

  it('turns a wedge double trigger (same code 300 ms apart) into one ScanEvent', () => {
    const { stream, at } = clocked();
    const c = collect(stream, 's');
    const keys = [...typeKeys(CODE, { perCharMs: 3, start: 0 }), ...typeKeys(CODE, { perCharMs: 3, start: 300 })];
    const m = drive(createWedgeDecoder(), keys);
    expect(m.results).toHaveLength(2);
    m.results.forEach((r, i) => {
      at(m.resultTimes[i]!);
      if (r.accepted) stream.push({ source: 'wedge', device: 'wedge', text: r.text, at: m.resultTimes[i]! });
    });
    expect(c.got.map((e) => e.text)).toEqual([CODE]);
  });

  it('keeps the same text from another device, and other text from the same device', () => {
    const { stream, at } = clocked();
    const c = collect(stream, 's');
    at(0); stream.push(scan(CODE));
    at(10); stream.push(scan(CODE, 'wedge', 'wedge'));
    at(20); stream.push(scan('000.17.22.H56-210531-0002'));
    expect(c.got).toHaveLength(3);
  });

  it('slides the window: a code held before the camera yields one event', () => {
    const { stream, at } = clocked();
    const c = collect(stream, 's');
    for (let ms = 0; ms <= 3000; ms += 100) {
      at(ms);
      stream.push(scan(CODE, 'cam-1', 'camera'));
    }
    expect(c.got).toHaveLength(1);
  });

  it('uses the configured window', () => {
    const { stream, at } = clocked(200);
    const c = collect(stream, 's');
    at(0); stream.push(scan(CODE));
    at(250); stream.push(scan(CODE));
    expect(c.got).toHaveLength(2);
  });
});

describe('scan stream: routing', () => {
  it('delivers only to the active screen; monitors see everything', () => {
    const stream = createScanStream({ bridge: createTestBridge() });
    const counter = collect(stream, 'counter');
    const kiosk = collect(stream, 'kiosk');
    const monitor = collect(stream, 'tech-monitor', { monitor: true });
    stream.setActive('counter');
    stream.push(scan('A1'));
    stream.setActive('kiosk');
    stream.push(scan('A2'));
    stream.pushProblem({ source: 'wedge', device: 'wedge', reason: 'ime', at: 1 });
    expect(counter.got.map((e) => e.text)).toEqual(['A1']);
    expect(kiosk.got.map((e) => e.text)).toEqual(['A2']);
    expect(kiosk.problems.map((p) => p.reason)).toEqual(['ime']);
    expect(counter.problems).toEqual([]);
    expect(monitor.got.map((e) => e.text)).toEqual(['A1', 'A2']);
  });

  it('hands scans back to the previous screen when a dialog closes', () => {
    const stream = createScanStream({ bridge: createTestBridge() });
    collect(stream, 'counter');
    const dialog = collect(stream, 'dialog');
    stream.setActive('counter');
    stream.setActive('dialog');
    expect(stream.activeId()).toBe('dialog');
    dialog.off();
    expect(stream.activeId()).toBe('counter');
    stream.setActive('counter', false);
    expect(stream.activeId()).toBe('counter'); // still the only screen: highest priority fallback
  });

  it('falls back to the highest priority, then the latest subscriber', () => {
    const stream = createScanStream({ bridge: createTestBridge() });
    expect(stream.activeId()).toBeNull();
    collect(stream, 'idle', { priority: 0 });
    collect(stream, 'home', { priority: 5 });
    collect(stream, 'later', { priority: 5 });
    expect(stream.activeId()).toBe('later');
    expect(stream.push(scan('NOBODY-ELSE'))).not.toBeNull();
  });

  it('keeps delivering when one consumer throws', () => {
    const errors: string[] = [];
    const stream = createScanStream({ bridge: createTestBridge(), onConsumerError: (_e, id) => errors.push(id) });
    stream.subscribe({ id: 'broken', onScan: () => { throw new Error('boom'); } });
    const monitor = collect(stream, 'monitor', { monitor: true });
    stream.setActive('broken');
    stream.push(scan(CODE));
    expect(errors).toEqual(['broken']);
    expect(monitor.got).toHaveLength(1);
  });
});
