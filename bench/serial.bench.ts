/**
 * Serial scanner numbers (docs/PERFORMANCE.md): terminator byte → RawScan latency over a real pty, 50 scans/s
 * sustained with none lost, and what the serial line itself costs at 9600 baud for comparison.
 */
import { performance } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { ScannerService, type BindingInterface } from '../src/main/scanners';
import { Framer } from '../src/main/scanners/framer';
import type { SerialScannerConfig } from '../src/shared/bridge/contract';
import { createPtyPair, type PtyPair } from '../tests/helpers/pty';
import type { BenchOptions, Metric } from './types';
import { percentile } from './stats';

// Synthetic payloads of the two sizes a counter sees: a dossier code and a CCCD chip-card QR.
const DOSSIER = '000.17.22.H56-210531-0001';
const CCCD = '001099012345|012345678|Nguyễn Văn Thử|01011990|Nam|Thôn Đông, Xã Hòa Bình, Tỉnh Phú Thọ|15082021';
/** 8N1: a start bit, 8 data bits and a stop bit per byte. */
const BITS_PER_BYTE = 10;
const BAUD = 9600;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

/** The native binding, noting when a read that holds a CR came back from the OS. */
function timedBinding(onCrRead: (t: number) => void): BindingInterface {
  const real = SerialPort.binding as BindingInterface;
  return {
    list: () => real.list(),
    open: async (options: unknown) => {
      const port = await real.open(options);
      const read = port.read.bind(port) as (b: Buffer, o: number, l: number) => Promise<{ buffer: Buffer; bytesRead: number }>;
      port.read = async (buffer: Buffer, offset: number, length: number) => {
        const r = await read(buffer, offset, length);
        if (buffer.subarray(offset, offset + r.bytesRead).includes(0x0d)) onCrRead(performance.now());
        return r;
      };
      return port;
    },
  };
}

async function withScanner<T>(fn: (pty: PtyPair, service: ScannerService) => Promise<T>, binding?: BindingInterface): Promise<T> {
  const pty = await createPtyPair();
  const service = new ScannerService(binding ? { binding } : {});
  try {
    const [s] = await service.configure([{ id: 'bench', path: pty.portPath } as SerialScannerConfig]);
    if (s?.state !== 'open') throw new Error(`bench scanner did not open: ${s?.state}`);
    return await fn(pty, service);
  } finally {
    await service.close();
    await pty.close();
  }
}

/** Writes the payload, lets it be read, then times the terminator byte alone to `arrived`. */
async function timeTerminator(pty: PtyPair, payload: string, arm: (resolve: (t: number) => void) => void): Promise<number> {
  await pty.write(payload);
  await sleep(3);
  const got = new Promise<number>((r) => arm(r));
  const t0 = performance.now();
  await pty.write('\r');
  return (await got) - t0;
}

/**
 * Terminator byte → RawScan through the driver, end to end (write into the pty → event) and in
 * process (the OS read returning the byte → event), interleaved sample by sample with the same
 * trip to a bare serialport stream on a second pty (no driver): the load of a busy machine then
 * weighs on both alike, and the difference is what the driver adds.
 */
async function terminatorLatency(samples: number): Promise<{ endToEnd: number[]; inProcess: number[]; bare: number[] }> {
  let crReadAt = 0;
  const barePty = await createPtyPair();
  const bare = new SerialPort({ path: barePty.portPath, baudRate: BAUD, autoOpen: false });
  await new Promise<void>((res, rej) => bare.open((e) => (e ? rej(e) : res())));
  let resolveBare: ((t: number) => void) | null = null;
  bare.on('data', (d: Buffer) => {
    if (d.includes(0x0d)) resolveBare?.(performance.now());
  });
  try {
    return await withScanner(async (pty, service) => {
      const out = { endToEnd: [] as number[], inProcess: [] as number[], bare: [] as number[] };
      let resolveScan: ((t: number) => void) | null = null;
      let scanAt = 0;
      service.on('scan', () => {
        scanAt = performance.now();
        resolveScan?.(scanAt);
      });
      for (let i = 0; i < samples + 20; i++) {
        const payload = i % 2 === 0 ? DOSSIER : CCCD;
        const e2e = await timeTerminator(pty, payload, (r) => (resolveScan = r));
        const inProcess = scanAt - crReadAt;
        const b = await timeTerminator(barePty, payload, (r) => (resolveBare = r));
        if (i < 20) continue; // the first rounds warm up the JIT and the pty path
        out.endToEnd.push(e2e);
        out.inProcess.push(inProcess);
        out.bare.push(b);
      }
      return out;
    }, timedBinding((t) => (crReadAt = t)));
  } finally {
    await new Promise<void>((r) => bare.close(() => r()));
    await barePty.close();
  }
}

/** The driver's own share: framing and strict UTF-8 decoding of one chunk holding a whole frame. */
function framerCost(samples: number): number[] {
  const framer = new Framer({ terminator: 'auto', prefix: '', suffix: '', maxFrame: 4096 });
  const chunk = new TextEncoder().encode(`${CCCD}\r\n`);
  const out: number[] = [];
  for (let i = 0; i < samples + 1000; i++) {
    const t0 = performance.now();
    framer.push(chunk);
    const dt = performance.now() - t0;
    if (i >= 1000) out.push(dt);
  }
  return out;
}

/** Writes `rate` scans per second for `seconds`, then counts what arrived intact and in order. */
async function sustained(rate: number, seconds: number): Promise<{ sent: number; received: number; intact: boolean; achieved: number }> {
  return withScanner(async (pty, service) => {
    const got: string[] = [];
    service.on('scan', (e) => got.push(e.text));
    const total = rate * seconds;
    const start = performance.now();
    for (let i = 0; i < total; i++) {
      await sleep(start + (i * 1000) / rate - performance.now());
      await pty.write(`${String(i).padStart(6, '0')}|${CCCD}\r\n`);
    }
    const elapsed = (performance.now() - start) / 1000;
    const deadline = performance.now() + 2000;
    while (got.length < total && performance.now() < deadline) await sleep(10);
    const intact = got.every((t, i) => t === `${String(i).padStart(6, '0')}|${CCCD}`);
    return { sent: total, received: got.length, intact, achieved: total / elapsed };
  });
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const { endToEnd: latency, inProcess, bare } = await terminatorLatency(opts.quick ? 200 : 1000);
  const framer = framerCost(opts.quick ? 2000 : 20000);
  const s50 = await sustained(50, opts.quick ? 3 : 20);
  const burst = await sustained(500, opts.quick ? 1 : 4);
  const linkMs = (text: string) => (new TextEncoder().encode(`${text}\r\n`).length * BITS_PER_BYTE * 1000) / BAUD;
  const cccdBytes = new TextEncoder().encode(`${CCCD}\r\n`).length;

  return [
    { name: 'serial.read-to-scan.p95', value: round(percentile(inProcess, 95)), target: 2, unit: 'ms', better: 'lower',
      note: `in process: the OS read holding the terminator returns → RawScan event (stream, framer, UTF-8, emit), n=${inProcess.length}` },
    { name: 'serial.terminator-to-scan.p95', value: round(percentile(latency, 95)), target: 2, unit: 'ms', better: 'lower',
      note: `end to end: terminator byte written to a socat pty → RawScan event, n=${latency.length}; includes socat's relay and OS scheduling` },
    { name: 'serial.terminator-to-scan.p50', value: round(percentile(latency, 50)), target: null, unit: 'ms', better: 'lower' },
    { name: 'serial.terminator-to-scan.max', value: round(Math.max(...latency)), target: null, unit: 'ms', better: 'lower' },
    { name: 'serial.bare-pty.p95', value: round(percentile(bare, 95)), target: null, unit: 'ms', better: 'lower',
      note: `baseline, interleaved with the above: the same trip to a bare serialport 'data' event on another pty (OS + socat + serialport, no driver); p50 ${round(percentile(bare, 50))} ms` },
    { name: 'serial.framer.p95', value: round(percentile(framer, 95) * 1000, 1), target: null, unit: 'µs', better: 'lower',
      note: `framing + strict UTF-8 decoding of a ${cccdBytes}-byte CCCD frame, the driver's own share of the latency` },
    { name: 'serial.sustained-50hz.lost', value: s50.sent - s50.received + (s50.intact ? 0 : 1), target: 0, unit: 'scans', better: 'lower',
      note: `${s50.sent} CCCD-sized scans at ${round(s50.achieved, 1)}/s; lost or altered count (order and bytes checked)` },
    { name: 'serial.burst-500hz.lost', value: burst.sent - burst.received + (burst.intact ? 0 : 1), target: 0, unit: 'scans', better: 'lower',
      note: `headroom: ${burst.sent} scans written at up to 500/s (achieved ${round(burst.achieved, 1)}/s)` },
    { name: 'serial.link-9600.cccd', value: round(linkMs(CCCD), 1), target: null, unit: 'ms', better: 'lower',
      note: `computed: ${cccdBytes} bytes × 10 bits at 9600 baud 8N1; the wire, not the app, dominates a serial scan` },
    { name: 'serial.link-9600.dossier-code', value: round(linkMs(DOSSIER), 1), target: null, unit: 'ms', better: 'lower',
      note: 'computed: a 25-character dossier code + CRLF at 9600 baud 8N1' },
  ];
}
