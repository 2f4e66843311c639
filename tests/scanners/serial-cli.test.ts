/**
 * The scanner CLI exactly as outside checks run it: `npm run --silent scanner -- …`, one JSON
 * value per stdout line, against a real pseudo-terminal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ScannerService } from '../../src/main/scanners';
import type { SerialScannerConfig } from '../../src/shared/bridge/contract';
import { createPtyPair } from '../helpers/pty';
import { record, waitFor } from './serial-events';

const ROOT = new URL('../..', import.meta.url).pathname;
// Spawning tsx costs seconds on a loaded machine.
const SLOW = 45_000;

interface Cli {
  proc: ChildProcess;
  lines: unknown[];
  stdoutClosed: Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function runCli(args: string[], opts: { viaNpm?: boolean; stdin?: string } = {}): Cli {
  const viaNpm = opts.viaNpm ?? true;
  const proc = viaNpm
    ? spawn('npm', ['run', '--silent', 'scanner', '--', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] })
    // Directly: node with tsx's loader, so a signal reaches the CLI itself (the tsx wrapper gives its
    // child only 30 ms to acknowledge a relayed signal, which a loaded machine can miss).
    : spawn(process.execPath, ['--import', 'tsx', 'src/cli/scanner.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines: unknown[] = [];
  let partial = '';
  proc.stdout?.on('data', (d: Buffer) => {
    partial += d.toString('utf8');
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    // Every stdout line must be one JSON value: JSON.parse throws (and fails the test) otherwise.
    for (const p of parts) lines.push(JSON.parse(p));
  });
  const stdoutClosed = new Promise<void>((r) => proc.stdout?.on('close', () => r()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    proc.on('exit', (code, signal) => r({ code, signal })),
  );
  if (opts.stdin !== undefined) proc.stdin?.end(opts.stdin);
  else proc.stdin?.end();
  running.push(proc);
  return { proc, lines, stdoutClosed, exited };
}

const running: ChildProcess[] = [];
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

type Line = Record<string, unknown>;
const events = (cli: Cli, event: string) => (cli.lines as Line[]).filter((l) => l.event === event);

describe('scanner CLI', () => {
  it('list prints one JSON array of ports with USB ids (null when unknown)', async () => {
    const cli = runCli(['list']);
    expect((await cli.exited).code).toBe(0);
    await cli.stdoutClosed;
    expect(cli.lines).toHaveLength(1);
    const ports = cli.lines[0] as Line[];
    expect(Array.isArray(ports)).toBe(true);
    for (const p of ports) expect(Object.keys(p).sort()).toEqual(['manufacturer', 'path', 'productId', 'serialNumber', 'vendorId']);
  }, SLOW);

  it('listen prints scans with their kind, survives an unplug and stops cleanly on SIGTERM to npm', async () => {
    const pty = await createPtyPair();
    cleanup.push(() => pty.close());
    const cli = runCli(['listen', '--path', pty.portPath, '--baud', '9600', '--terminator', 'auto', '--max-frame', '4096']);
    await waitFor(() => events(cli, 'status').some((s) => s.state === 'open'), SLOW - 15_000, 'open');

    await pty.write('000.17.22.H56-210531-0001\r\n');
    await pty.write(Uint8Array.from([0xc3, 0x28, 0x0d, 0x0a]));
    await waitFor(() => events(cli, 'scan').length === 1 && events(cli, 'error').length === 1);
    expect(events(cli, 'scan')[0]).toEqual({ event: 'scan', text: '000.17.22.H56-210531-0001', kind: 'dossier' });
    expect(events(cli, 'error')[0]).toMatchObject({ event: 'error', code: 'invalid-utf8', hex: 'c3 28' });
    expect(typeof events(cli, 'error')[0]?.message).toBe('string');

    await pty.unplug();
    await waitFor(() => events(cli, 'status').at(-1)?.state === 'missing', 3000, 'missing');
    await pty.replug();
    await waitFor(() => events(cli, 'status').at(-1)?.state === 'open', 3000, 'reopen');
    await pty.write('000.00.14.H56-200203-0118\r\n');
    await waitFor(() => events(cli, 'scan').length === 2);

    // npm's `sh -c` does not pass SIGTERM on; the listener must still close its port and exit.
    cli.proc.kill('SIGTERM');
    await cli.stdoutClosed;
    expect(events(cli, 'status').at(-1)?.state).toBe('closed');
  }, SLOW);

  it('listen exits 0 on SIGINT and SIGTERM when run directly', async () => {
    await Promise.all((['SIGINT', 'SIGTERM'] as const).map(async (signal) => {
      const cli = runCli(['listen', '--path', '/tmp/kiosk-no-such-port'], { viaNpm: false });
      await waitFor(() => events(cli, 'status').some((s) => s.state === 'missing'), SLOW - 15_000, 'missing');
      cli.proc.kill(signal);
      expect(await cli.exited).toEqual({ code: 0, signal: null });
    }));
  }, SLOW);

  it('simulate writes each stdin line with a CRLF as a scanner would; bad arguments are a JSON error', async () => {
    const pty = await createPtyPair();
    cleanup.push(() => pty.close());
    const service = new ScannerService();
    cleanup.push(() => service.close());
    const rec = record(service);
    await service.configure([{ id: 'sim', path: pty.portPath, terminator: 'crlf' } as SerialScannerConfig]);
    const payload = '001099012345|012345678|Nguyễn Văn Thử|01011990|Nam|Thôn Đông, Xã Hòa Bình|15082021';
    const cli = runCli(['simulate', '--path', pty.peerPath, '--delay-ms', '10'], { stdin: `000.17.22.H56-210531-0001\n${payload}\n` });
    const bad = runCli(['simulate', '--path', pty.peerPath, '--terminator', 'tab']);
    expect((await cli.exited).code).toBe(0);
    await waitFor(() => rec.scans.length === 2);
    expect(rec.texts()).toEqual(['000.17.22.H56-210531-0001', payload]);
    expect(cli.lines).toEqual([]);

    expect((await bad.exited).code).toBe(2);
    await bad.stdoutClosed;
    expect(bad.lines).toEqual([expect.objectContaining({ event: 'error', code: 'usage' })]);
  }, SLOW);
});
