/**
 * `npm run --silent qr -- <command>`: the QR codecs from the command line. stdout carries exactly
 * one JSON value per line and nothing else; errors go to stderr with a non-zero exit.
 *
 *   parse     stdin: one JSON string literal per line (the raw scanned text);
 *             stdout: one ParsedScan object per input line, in order (an unreadable line gives
 *             {"kind":"unknown"}: the output always has as many lines as the input)
 *   parse TEXT…  each argument is the raw scanned text itself (no quotes needed): one line each
 *   vietqr --bin B --account A [--amount N] [--bill S] [--purpose S] [--card]
 *             stdout: the payload as a JSON string
 */
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { describeParseError, encodeVietQr, parseScan, type ParsedScan } from '../shared/domain';

const USAGE =
  'Cách dùng / usage: qr parse < lines.jsonl | qr parse TEXT… | qr vietqr --bin B --account A [--amount N] [--bill S] [--purpose S] [--card]\n'
  + '  parse: mỗi dòng vào là một chuỗi JSON, ví dụ "000.00.01.H08-261207-0001" (có dấu ngoặc kép) / each input line is a JSON string literal, quotes included\n'
  + '  parse TEXT…: mỗi tham số là nội dung quét được, không cần ngoặc kép / each argument is the scanned text itself, no quotes';

function die(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseLine(line: string): ParsedScan {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return { kind: 'unknown' };
  }
  return typeof raw === 'string' ? parseScan(raw) : { kind: 'unknown' };
}

async function parseCommand(): Promise<void> {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let buffer = '';
  for await (const line of rl) {
    buffer += `${JSON.stringify(parseLine(line))}\n`;
    if (buffer.length >= 64 * 1024) {
      const chunk = buffer;
      buffer = '';
      // Respect back-pressure so a large batch piped into a slow reader does not balloon memory.
      if (!process.stdout.write(chunk)) await new Promise((r) => process.stdout.once('drain', r));
    }
  }
  if (buffer !== '') process.stdout.write(buffer);
}

function vietqrCommand(argv: string[]): void {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        bin: { type: 'string' },
        account: { type: 'string' },
        amount: { type: 'string' },
        bill: { type: 'string' },
        purpose: { type: 'string' },
        card: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    die(`Tham số không hợp lệ / invalid arguments: ${(err as Error).message}\n${USAGE}`);
  }
  if (typeof values.bin !== 'string' || typeof values.account !== 'string') die(`Thiếu --bin hoặc --account / --bin and --account are required\n${USAGE}`);
  // An explicit but empty --amount is a malformed amount, not "no amount".
  if (values.amount === '') {
    const m = describeParseError('bad-amount');
    die(`${m.vi} / ${m.en} (bad-amount)`, 1);
  }
  const r = encodeVietQr({
    bin: values.bin,
    account: values.account,
    amount: typeof values.amount === 'string' ? values.amount : undefined,
    billNumber: typeof values.bill === 'string' ? values.bill : undefined,
    purpose: typeof values.purpose === 'string' ? values.purpose : undefined,
    card: values.card === true,
  });
  if (!r.ok) die(`${r.error.vi} / ${r.error.en} (${r.error.code})`, 1);
  process.stdout.write(`${JSON.stringify(r.payload)}\n`);
}

const wantsHelp = (args: string[]): boolean => args.some((a) => a === '--help' || a === '-h');

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'help' || wantsHelp(process.argv.slice(2))) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command === 'parse') {
    // `qr parse G09.20-20260609-0092637`: the arguments are the texts (after `--`, any text).
    const texts = rest[0] === '--' ? rest.slice(1) : rest;
    if (texts.length > 0) process.stdout.write(texts.map((t) => `${JSON.stringify(parseScan(t))}\n`).join(''));
    else await parseCommand();
  } else if (command === 'vietqr') {
    vietqrCommand(rest);
  } else {
    die(USAGE);
  }
}

main().catch((err: unknown) => die(`Lỗi / error: ${err instanceof Error ? err.message : String(err)}`, 1));
