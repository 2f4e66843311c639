/**
 * Fuzz run of the scan classifier: random and mutated payloads through the unguarded parser,
 * counting exceptions, contract-shape violations and leaks of a lookup URL's ID number.
 *
 *   npx tsx scripts/fuzz-domain.ts [count=1000000] [seed=20240315]
 *
 * Exits non-zero on any failure. bench/domain.bench.ts imports `runFuzz` with a smaller count in
 * quick mode. Payloads are synthetic; a failing payload is printed so it can become a test.
 */
import { pathToFileURL } from 'node:url';
import { crc16ccitt, encodeVietQr, generateDossierCode, type ParsedScan } from '../src/shared/domain';
import { analyzeScanUnguarded } from '../src/shared/domain/scan';
import { mulberry32 } from '../src/shared/random';

export interface FuzzReport {
  count: number;
  exceptions: number;
  violations: number;
  leaks: number;
  ms: number;
  /** How many payloads ended in each outcome (`invalid:<reason>` per reason): shows the run
   * reaches the deep branches, not only `unknown`. */
  outcomes: Record<string, number>;
  /** Up to 5 failing payloads with what went wrong. */
  failures: { payload: string; problem: string }[];
}


const KEYS: Record<ParsedScan['kind'], string[]> = {
  cccd: ['kind', 'id', 'oldId', 'name', 'birthDate', 'sex', 'address', 'issueDate', 'extra', 'warnings'],
  dossier: ['kind', 'code', 'agency', 'receivedOn', 'sequence', 'lenient', 'via'],
  vietqr: ['kind', 'initiation', 'bin', 'account', 'service', 'amount', 'currency', 'country', 'billNumber', 'purpose'],
  invalid: ['kind', 'expected', 'reason', 'message'],
  unknown: ['kind'],
};

const str = (v: unknown): boolean => typeof v === 'string';
const strOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const strArray = (v: unknown): boolean => Array.isArray(v) && v.every(str);

/** Null when `scan` is exactly one of the CLI contract objects (docs/DOMAIN.md §8), else what is wrong. */
export function contractViolation(scan: ParsedScan): string | null {
  const keys = KEYS[scan.kind];
  if (!keys) return `unknown kind ${String(scan.kind)}`;
  if (Object.keys(scan).join(',') !== keys.join(',')) return `keys ${Object.keys(scan).join(',')}`;
  const s = scan as unknown as Record<string, unknown>;
  const ok = ((): boolean => {
    switch (scan.kind) {
      case 'cccd':
        return /^\d{12}$/.test(scan.id) && strOrNull(s.oldId) && str(s.name) && /^\d{4}(-\d{2}(-\d{2})?)?$/.test(scan.birthDate) &&
          (scan.sex === null || scan.sex === 'Nam' || scan.sex === 'Nữ') && str(s.address) &&
          /^\d{4}-\d{2}-\d{2}$/.test(scan.issueDate) && strArray(s.extra) && strArray(s.warnings);
      case 'dossier':
        return str(s.code) && str(s.agency) && /^20\d{2}-\d{2}-\d{2}$/.test(scan.receivedOn) &&
          Number.isSafeInteger(scan.sequence) && scan.sequence > 0 && typeof scan.lenient === 'boolean' &&
          (scan.via === 'code' || scan.via === 'url');
      case 'vietqr':
        return (scan.initiation === 'static' || scan.initiation === 'dynamic') && /^\d{6}$/.test(scan.bin) &&
          str(s.account) && str(s.service) && strOrNull(s.amount) && scan.currency === '704' && scan.country === 'VN' &&
          strOrNull(s.billNumber) && strOrNull(s.purpose);
      case 'invalid':
        return ['cccd', 'dossier', 'vietqr'].includes(scan.expected) && str(s.reason) && str(s.message);
      case 'unknown':
        return true;
    }
  })();
  return ok ? null : 'field types';
}

const SPICE = ['|', '||', '-', '.', '%', '%2', '&', '=', '?', '#', '/', '\r', '\n', '\r\n', '\0', '\t', '\uFEFF', '\u0301',
  '\u0323', '廙', '\uD800', '\uDC00', '😀', 'ữ', 'Đ', '6304', '000201', '0102', '38', '62', ' ', '\u00a0', '<script>', 'javascript:'];

function seeds(): string[] {
  const qr = (i: Parameters<typeof encodeVietQr>[0]): string => {
    const r = encodeVietQr(i);
    return r.ok ? r.payload : '';
  };
  const code = generateDossierCode({ agency: '000.17.22.H56', date: '2024-03-15', sequence: 42 });
  return [
    '001095012345||Nguyễn Văn Thử|12071995|Nam|Số 1 Ngõ Test, Hà Nội|01012022',
    '001095012345|012345678|Nguyễn Văn Thử|1995|Nữ|Hà Nội|01012022|extra|',
    'HS4010123456789|4e677579e1bb856e2056c4836e2041|01/01/1990|1|48c3a0204ee1bb9969|01 - 024|01/01/2024|-|$',
    code.ok ? code.code : '',
    'H55.242-240101-0001',
    'https://portal.example.gov.vn/portaldvc/tra-cuu?MaHoSo=000.17.22.H56-210531-0001&SoDinhDanh=001095012345',
    'https://x.example/#/tra-cuu?code=H55.242-240101-00012&cccd=079203004567',
    qr({ bin: '970405', account: '1234567890123' }),
    qr({ bin: '970403', account: '9704031101234567', amount: '180000', billNumber: 'NPS6869', purpose: 'thanh toan', card: true }),
  ];
}

function randomChar(rnd: () => number): string {
  const r = rnd();
  if (r < 0.5) return String.fromCharCode(0x20 + Math.floor(rnd() * 95));
  if (r < 0.7) return SPICE[Math.floor(rnd() * SPICE.length)] ?? '';
  if (r < 0.9) return String.fromCharCode(Math.floor(rnd() * 0x10000));
  return String.fromCodePoint(0x10000 + Math.floor(rnd() * 0xfffff));
}

function randomString(rnd: () => number, max: number): string {
  const n = Math.floor(rnd() * max);
  let s = '';
  for (let i = 0; i < n; i += 1) s += randomChar(rnd);
  return s;
}

function mutate(rnd: () => number, s: string, pool: readonly string[]): string {
  let out = s;
  const rounds = 1 + Math.floor(rnd() * 4);
  for (let k = 0; k < rounds; k += 1) {
    const i = Math.floor(rnd() * (out.length + 1));
    const j = Math.min(out.length, i + Math.floor(rnd() * 8));
    switch (Math.floor(rnd() * 8)) {
      case 0: out = out.slice(0, i) + randomChar(rnd) + out.slice(i + 1); break;
      case 1: out = out.slice(0, i) + randomChar(rnd) + out.slice(i); break;
      case 2: out = out.slice(0, i) + out.slice(j); break;
      case 3: out = out.slice(0, j) + out.slice(i, j) + out.slice(j); break;
      case 4: out = out.slice(0, i); break;
      case 5: out = (pool[Math.floor(rnd() * pool.length)] ?? '').slice(0, i) + out.slice(i); break;
      case 6: out = rnd() < 0.5 ? out.toLowerCase() : out.toUpperCase(); break;
      default: out = out.slice(0, i) + (out[i] === '|' ? '||' : '|') + out.slice(i);
    }
  }
  return out;
}

function digits(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i += 1) s += String(Math.floor(rnd() * 10));
  return s;
}

/** A VietQR whose body is mutated and whose CRC is then made right again, so the field rules
 * behind the CRC check get exercised. */
function mutatedVietQr(rnd: () => number, pool: readonly string[]): string {
  const qrs = pool.filter((p) => p.startsWith('000201'));
  const base = qrs[Math.floor(rnd() * qrs.length)] ?? '';
  const body = mutate(rnd, base.slice(0, -8), qrs);
  return `${body}6304${crc16ccitt(`${body}6304`)}`;
}

/** A lookup URL with a secret ID number placed where a careless parser might echo it. */
function urlWithSecret(rnd: () => number): { payload: string; secret: string } {
  const secret = digits(rnd, rnd() < 0.5 ? 12 : 9);
  const names = ['MaHoSo', 'maHoSo', 'code', 'keyword', 'q', 'MAHOSO'];
  const name = names[Math.floor(rnd() * names.length)] ?? 'MaHoSo';
  const forms = [
    `000.17.22.H56-210531-${digits(rnd, 4)}`,
    `${secret}-240101-0001`,
    `H55.${secret}-240101-0001`,
    `000.17.22.H56-240101-${secret}`,
    randomString(rnd, 20),
  ];
  const form = forms[Math.floor(rnd() * forms.length)] ?? '';
  let value: string;
  try {
    value = rnd() < 0.8 ? encodeURIComponent(form) : form;
  } catch {
    value = form; // a lone surrogate: send it raw, as a broken scanner would
  }
  const idName = ['SoDinhDanh', 'sodinhdanh', 'soCCCD', 'cmnd', 'x'][Math.floor(rnd() * 5)] ?? 'SoDinhDanh';
  const parts = [`${name}=${value}`, `${idName}=${secret}`];
  if (rnd() < 0.5) parts.reverse();
  return { payload: `https://portal.example.gov.vn/tra-cuu?${parts.join('&')}`, secret };
}

export function runFuzz(count: number, seed = 20240315): FuzzReport {
  const rnd = mulberry32(seed);
  const pool = seeds();
  const report: FuzzReport = { count, exceptions: 0, violations: 0, leaks: 0, ms: 0, outcomes: {}, failures: [] };
  const note = (payload: string, problem: string): void => {
    if (report.failures.length < 5) report.failures.push({ payload, problem });
  };
  const started = performance.now();
  for (let n = 0; n < count; n += 1) {
    let payload: string;
    let secret: string | null = null;
    const r = rnd();
    if (r < 0.15) payload = randomString(rnd, 120);
    else if (r < 0.65) payload = mutate(rnd, pool[Math.floor(rnd() * pool.length)] ?? '', pool);
    else if (r < 0.8) payload = mutatedVietQr(rnd, pool);
    else if (r < 0.95) ({ payload, secret } = urlWithSecret(rnd));
    else if (r < 0.999) payload = pool.map((p) => mutate(rnd, p, pool)).join(rnd() < 0.5 ? '|' : '');
    else payload = randomString(rnd, 5000);
    try {
      const { scan } = analyzeScanUnguarded(payload);
      const outcome = scan.kind === 'invalid' ? `invalid:${scan.reason}` : scan.kind;
      report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
      const problem = contractViolation(scan);
      if (problem) {
        report.violations += 1;
        note(payload, problem);
      }
      if (secret !== null && JSON.stringify(scan).includes(secret)) {
        report.leaks += 1;
        note(payload, 'leaked the ID number');
      }
    } catch (err) {
      report.exceptions += 1;
      note(payload, err instanceof Error ? err.message : String(err));
    }
  }
  report.ms = performance.now() - started;
  return report;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const count = Number(process.argv[2] ?? 1_000_000);
  const seed = Number(process.argv[3] ?? 20240315);
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    process.stderr.write('usage: tsx scripts/fuzz-domain.ts [count] [seed]\n');
    process.exit(2);
  }
  const r = runFuzz(count, seed);
  process.stdout.write(`${JSON.stringify({ ...r, ms: Math.round(r.ms) })}\n`);
  process.exit(r.exceptions + r.violations + r.leaks === 0 ? 0 : 1);
}
