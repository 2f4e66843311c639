/**
 * Domain core numbers (docs/PERFORMANCE.md): parse latency of typical payloads (p99 ≤ 0.1 ms) and of 4 KB of
 * garbage (≤ 1 ms), and the fuzz run (≥ 1,000,000 payloads, 0 exceptions). Quick mode keeps
 * the same measurements with fewer samples and a 50,000-payload fuzz run.
 */
import { addWorkingDays, encodeVietQr, generateDossierCode, parseScan, solarToLunar } from '../src/shared/domain';
import { runFuzz } from '../scripts/fuzz-domain';
import { mulberry32 } from '../src/shared/random';
import { buildUnitsIndex, loadUnitsData, suggestCommune } from '../src/shared/units';
import { readFileSync } from 'node:fs';
import type { BenchOptions, Metric } from './types';
import { percentile } from './stats';

const ROUNDS = 3;

interface Timing {
  /** p99 of the CPU time per call (process.cpuUsage): what the parser costs, unaffected by other
   * processes taking the CPU on a shared machine. */
  cpuP99: number;
  cpuP50: number;
  /** p99 of the wall-clock time per call, as seen by a caller on this (possibly busy) machine. */
  wallP99: number;
}

/** Times each call separately (the corpus is cycled so every payload kind is in the sample) in a
 * few rounds and keeps the round with the lowest CPU p99. */
function timeCalls(corpus: readonly string[], samples: number, fn: (s: string) => unknown): Timing {
  for (let i = 0; i < 2000; i += 1) fn(corpus[i % corpus.length] ?? '');
  let best: Timing = { cpuP99: Infinity, cpuP50: Infinity, wallP99: Infinity };
  for (let r = 0; r < ROUNDS; r += 1) {
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const s = corpus[i % corpus.length] ?? '';
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      fn(s);
      wall.push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
    }
    const cpuP99 = percentile(cpu, 99);
    if (cpuP99 < best.cpuP99) best = { cpuP99, cpuP50: percentile(cpu, 50), wallP99: percentile(wall, 99) };
  }
  return best;
}

function typicalCorpus(): string[] {
  const qr = encodeVietQr({ bin: '970405', account: '1234567890123', amount: '50000', purpose: 'LEPHI 240315 0001' });
  const code = generateDossierCode({ agency: '000.17.22.H56', date: '2024-03-15', sequence: 118 });
  return [
    '001095012345||Nguyễn Văn Thử|12071995|Nam|Số 1 Ngõ Test, Phường Hàm Rồng, Thanh Hóa|01012022\r\n',
    '038195012345|012345678|Lê Thị Bình|1995|Nữ|Thôn 3, Xã Quảng Phú, Thanh Hóa|15062021|extra',
    code.ok ? code.code : '',
    'H55.242-240101-0001',
    'https://portal.example.gov.vn/portaldvc/tra-cuu?MaHoSo=000.17.22.H56-210531-0001&SoDinhDanh=001095012345',
    qr.ok ? qr.payload : '',
    '00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52',
  ];
}

/** 4,096 bytes of junk in the shapes that reach each parser's deepest path. */
function garbageCorpus(): string[] {
  const rnd = mulberry32(7);
  const ascii = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(0x21 + Math.floor(rnd() * 94))).join('');
  const out: string[] = [];
  for (let k = 0; k < 8; k += 1) {
    out.push(ascii(4096));
    out.push(Array.from({ length: 1365 }, () => String.fromCharCode(0x4e00 + Math.floor(rnd() * 0x5000))).join('') + 'a'); // 3-byte chars
    out.push(Array.from({ length: 1024 }, () => `${ascii(3)}|`).join('')); // pipe-heavy: CCCD path
    out.push(`000201${ascii(4090)}`); // EMV path: CRC over the whole text
    out.push(`https://x.example/?${Array.from({ length: 512 }, (_, i) => `p${i % 10}=${ascii(3)}`).join('&')}`.slice(0, 4096));
    out.push(`${'0.'.repeat(2040)}-240101-0001`); // dossier shape with a huge agency
  }
  return out;
}

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const samples = opts.quick ? 10_000 : 100_000;
  const small = opts.quick ? 1_000 : 10_000;
  const typical = timeCalls(typicalCorpus(), samples, parseScan);
  const garbage = timeCalls(garbageCorpus(), small, parseScan);
  const lunar = timeCalls(['2024-02-10', '1985-01-21', '2033-12-31'], small, (s) =>
    solarToLunar(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8))));
  const working = timeCalls(['2024-02-08', '2025-12-30'], small, (s) => addWorkingDays(s, 20));
  const units = buildUnitsIndex(await loadUnitsData());
  const addresses = (JSON.parse(readFileSync('tests/fixtures/card-addresses.json', 'utf8')) as { cases: { address: string }[] }).cases.map((c) => c.address);
  const address = timeCalls(addresses, small, (s) => suggestCommune(units, s));
  const fuzzCount = opts.quick ? 50_000 : 1_000_000;
  const fuzz = runFuzz(fuzzCount);
  const quickNote = opts.quick ? 'quick mode; the full run uses 1,000,000' : undefined;
  return [
    { name: 'parse p99, typical payload', value: typical.cpuP99, target: 0.1, unit: 'ms', better: 'lower',
      note: `CPU time per call, best of ${ROUNDS} rounds of ${samples} calls over CCCD, dossier code, lookup URL and VietQR; p50 ${typical.cpuP50.toFixed(4)} ms` },
    { name: 'parse p99 wall clock, typical payload', value: typical.wallP99, target: null, unit: 'ms', better: 'lower',
      note: 'includes time lost to other processes on this machine' },
    { name: 'parse p99, 4 KB garbage', value: garbage.cpuP99, target: 1, unit: 'ms', better: 'lower',
      note: `CPU time per call; random ASCII, CJK, pipe-heavy, EMV-prefixed, URL and dossier-shaped junk; p50 ${garbage.cpuP50.toFixed(4)} ms` },
    { name: 'parse p99 wall clock, 4 KB garbage', value: garbage.wallP99, target: null, unit: 'ms', better: 'lower',
      note: 'includes time lost to other processes on this machine' },
    { name: 'card address → current commune p99', value: address.cpuP99, target: 1, unit: 'ms', better: 'lower',
      note: `CPU time per call over the ${addresses.length} card-shaped addresses of tests/fixtures/card-addresses.json; p50 ${address.cpuP50.toFixed(4)} ms` },
    { name: 'solarToLunar p99', value: lunar.cpuP99, target: null, unit: 'ms', better: 'lower', note: 'CPU time per call' },
    { name: 'addWorkingDays(20) p99', value: working.cpuP99, target: null, unit: 'ms', better: 'lower',
      note: 'CPU time per call; default calendar, warm cache' },
    { name: 'fuzz payloads', value: fuzz.count, target: opts.quick ? null : 1_000_000, unit: 'payloads', better: 'higher',
      note: quickNote ?? `${Math.round(fuzz.ms / 1000)} s` },
    { name: 'fuzz exceptions', value: fuzz.exceptions, target: 0, unit: 'count', better: 'lower' },
    { name: 'fuzz contract violations and ID leaks', value: fuzz.violations + fuzz.leaks, target: 0, unit: 'count', better: 'lower' },
  ];
}
