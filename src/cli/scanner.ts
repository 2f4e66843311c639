/**
 * `npm run --silent scanner -- <command>`: the technician's and the checker's view of the scanners.
 * stdout carries exactly one JSON value per line and nothing else.
 *
 *   list                                    ports with USB ids, one JSON array
 *   listen --path P [--baud N] [--terminator auto|cr|lf|crlf|none] [--max-frame N]
 *                                           scan / status / error events until SIGINT or SIGTERM
 *   simulate --path P [--baud N] [--terminator crlf] [--delay-ms N]
 *                                           write each stdin line to P as a scanner would
 *   wedge-replay                            keyboard-event JSON lines in, wedge decisions out
 */
import fs from 'node:fs';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { SerialPort } from 'serialport';
import { SerialScannerConfig } from '../shared/bridge/contract';
import { ScannerService } from '../main/scanners';
import { z } from 'zod';
import { messageFor, type ScannerErrorCode } from '../main/scanners/diagnosis';

const TERMINATOR_BYTES = { cr: '\r', lf: '\n', crlf: '\r\n', none: '' } as const;

/** `--help` (plain text: the one output that is not JSON lines). */
const USAGE = [
  'Cách dùng / usage: npm run --silent scanner -- <lệnh / command>',
  '  list                                      cổng nối tiếp và mã USB / serial ports with USB ids (one JSON array)',
  '  listen --path P [--baud N] [--terminator auto|cr|lf|crlf|none] [--max-frame N]',
  '                                            sự kiện quét / trạng thái / lỗi đến khi Ctrl+C / scan, status, error events until SIGINT',
  '  simulate --path P [--baud N] [--terminator cr|lf|crlf|none] [--delay-ms N]',
  '                                            ghi từng dòng stdin vào P như máy quét / write each stdin line to P as a scanner would',
  '  wedge-replay                              dòng JSON sự kiện phím vào, quyết định ra / keyboard-event JSON lines in, wedge decisions out',
  'Mặc định / defaults: --baud 9600, --terminator auto (listen) / crlf (simulate). docs/DOMAIN.md (máy quét / scanners).',
].join('\n');

function out(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** The scanner's codes, and the command's own: `usage` (a wrong command line), `failed` (a bug). */
function fail(code: ScannerErrorCode | 'usage' | 'failed', message: string, exitCode = 2): never {
  out({ event: 'error', code, message });
  process.exit(exitCode);
}

function intOption(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) fail('usage', `--${name} phải là số nguyên / --${name} must be an integer`);
  return n;
}

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        path: { type: 'string' },
        baud: { type: 'string' },
        terminator: { type: 'string' },
        'max-frame': { type: 'string' },
        'delay-ms': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    fail('usage', `Tham số không hợp lệ / Invalid arguments: ${(err as Error).message}`);
  }
}

async function list(): Promise<void> {
  const service = new ScannerService();
  out(await service.listPorts());
}

async function listen(argv: string[]): Promise<void> {
  const o = options(argv);
  if (o.path === undefined) fail('usage', 'Thiếu --path / --path is required');
  const parsed = SerialScannerConfig.safeParse({
    id: 'cli',
    path: o.path,
    baudRate: intOption(o.baud, 'baud'),
    terminator: o.terminator,
    maxFrame: intOption(o['max-frame'], 'max-frame'),
  });
  if (!parsed.success) {
    fail('invalid-config', `${messageFor('invalid-config')}: ${z.prettifyError(parsed.error)}`);
  }
  const { parseScan } = await import('../shared/domain');
  const service = new ScannerService();
  service.on('status', (s) => out({ event: 'status', ...s }));
  service.on('error', (e) => out({ event: 'error', code: e.code, message: messageFor(e.code), ...(e.hex !== undefined ? { hex: e.hex } : {}) }));
  service.on('scan', (e) => {
    let kind: string;
    try {
      kind = parseScan(e.text).kind;
    } catch {
      kind = 'unknown'; // the domain parser should never throw; a bug there must not stop the listener
    }
    out({ event: 'scan', text: e.text, kind });
  });
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void service.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  watchLaunchers(shutdown);
  await service.configure([parsed.data]);
}

/**
 * `npm run` starts us as npm → sh -c → tsx → node. npm forwards SIGTERM to sh, and dash dies of it
 * without passing it on (seen with npm 11), so a SIGTERM sent to npm alone would orphan this
 * listener with the port still open. A launcher that dies is therefore treated like the signal.
 */
function watchLaunchers(onGone: () => void): void {
  if (process.platform !== 'linux') return;
  const parentOf = (pid: number): number | null => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces or parentheses, so split after the last ')'.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return null;
    }
  };
  const chain: [number, number][] = [];
  let pid = process.pid;
  for (let level = 0; level < 4; level++) {
    const parent = parentOf(pid);
    if (parent === null || parent <= 1) break;
    chain.push([pid, parent]);
    pid = parent;
  }
  const timer = setInterval(() => {
    if (chain.some(([p, parent]) => parentOf(p) !== parent)) {
      clearInterval(timer);
      onGone();
    }
  }, 500);
  timer.unref();
}

async function simulate(argv: string[]): Promise<void> {
  const o = options(argv);
  if (o.path === undefined) fail('usage', 'Thiếu --path / --path is required');
  const terminator = o.terminator ?? 'crlf';
  if (!(terminator in TERMINATOR_BYTES)) fail('usage', '--terminator: cr | lf | crlf | none');
  const term = TERMINATOR_BYTES[terminator as keyof typeof TERMINATOR_BYTES];
  const baudRate = intOption(o.baud, 'baud') ?? 9600;
  const delayMs = intOption(o['delay-ms'], 'delay-ms') ?? 100;
  const port = new SerialPort({ path: o.path, baudRate, autoOpen: false });
  await new Promise<void>((resolve) =>
    port.open((err) => (err ? fail('open-failed', `${messageFor('open-failed')}: ${err.message}`, 1) : resolve())),
  );
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let first = true;
  for await (const line of rl) {
    if (!first && delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    first = false;
    port.write(Buffer.from(line + term, 'utf8'));
    await new Promise<void>((resolve, reject) => port.drain((err) => (err ? reject(err) : resolve())));
  }
  await new Promise<void>((resolve) => port.close(() => resolve()));
}

async function wedgeReplay(): Promise<void> {
  const { runWedgeReplay } = await import('../shared/scan/wedge/replay');
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  await runWedgeReplay(rl, (line) => process.stdout.write(`${line}\n`));
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  // Asked for: the usage as text. Without a command the usage error stays one JSON line, as before.
  if (command === 'help' || command === '--help' || command === '-h' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return process.exit(0);
  }
  switch (command) {
    case 'list':
      await list();
      return process.exit(0);
    case 'listen':
      return listen(rest); // runs until a signal
    case 'simulate':
      await simulate(rest);
      return process.exit(0);
    case 'wedge-replay':
      await wedgeReplay();
      return process.exit(0);
    default:
      fail('usage', 'Lệnh: list | listen | simulate | wedge-replay / Commands: list | listen | simulate | wedge-replay');
  }
}

// A closed stdout (e.g. piped into `head`) ends the command instead of crashing it.
process.stdout.on('error', () => process.exit(0));

main().catch((err: unknown) => {
  fail('failed', `Lỗi / Error: ${(err as Error)?.message ?? String(err)}`, 1);
});
