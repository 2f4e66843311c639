import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../fixtures/qr-vectors.json';
import { addWorkingDays, defaultHolidays, parseScan } from '../../src/shared/domain';

const root = path.resolve(__dirname, '../..');
// A host zone far from UTC+7 proves the calendar never reads the host's time zone.
const env = { ...process.env, TZ: 'America/Los_Angeles', NODE_OPTIONS: '' };

// Most cases run a bundle of the same sources (tsx's esbuild): starting tsx costs about a second
// per process. The contract commands themselves (`npm run --silent …`) are run once per CLI below.
let bundleDir = '';
beforeAll(async () => {
  bundleDir = mkdtempSync(path.join(os.tmpdir(), 'domain-cli-'));
  await build({
    entryPoints: { qr: path.join(root, 'src/cli/qr.ts'), calendar: path.join(root, 'src/cli/calendar.ts') },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outdir: bundleDir, outExtension: { '.js': '.mjs' }, logLevel: 'silent',
  });
});
afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

type Run = { stdout: string; stderr: string; status: number | null };

function cli(name: 'qr' | 'calendar', args: string[], input = ''): Run {
  const r = spawnSync(process.execPath, [path.join(bundleDir, `${name}.mjs`), ...args], { cwd: root, input, env, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function npmRun(name: 'qr' | 'calendar', args: string[], input = ''): Run {
  const r = spawnSync('npm', ['run', '--silent', name, '--', ...args], { cwd: root, input, env, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const lines = (s: string): unknown[] => s.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);

describe('qr CLI', () => {
  it('`npm run --silent qr -- parse`: one JSON object per input line, in order, identical to parseScan, over every vector', () => {
    const inputs = [...vectors.cccd, ...vectors.dossier, ...vectors.vietqr].map((v) => v.in);
    const r = npmRun('qr', ['parse'], `${inputs.map((s) => JSON.stringify(s)).join('\n')}\n`);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').slice(0, -1).map((l) => JSON.parse(l) as unknown)).toEqual(inputs.map((s) => parseScan(s)));
    expect(r.stdout).not.toContain('001095012345&'); // the URL vector's ID number never appears
    const urlLine = r.stdout.split('\n')[inputs.findIndex((s) => s.includes('SoDinhDanh'))];
    expect(urlLine).not.toContain('SoDinhDanh');
    expect(JSON.parse(urlLine ?? '{}')).toMatchObject({ kind: 'dossier', via: 'url' });
  });

  it('parse: an unreadable line still gets a line, and the run goes on', () => {
    const r = cli('qr', ['parse'], 'not json\n42\n\n"000.17.22.H56-210531-0001"\r\n{"a":1}\n"\\ufeffH55.242-240101-0001\\r\\n"');
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual([
      { kind: 'unknown' }, { kind: 'unknown' }, { kind: 'unknown' },
      parseScan('000.17.22.H56-210531-0001'), { kind: 'unknown' }, parseScan('H55.242-240101-0001'),
    ]);
  });

  it('parse TEXT…: each argument is the scanned text itself, one line each (the 2026 ministry code shape among them)', () => {
    const r = npmRun('qr', ['parse', 'G09.20-20260609-0092637', '000.17.22.H56-210531-0001', 'not a code'], '');
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toEqual([parseScan('G09.20-20260609-0092637'), parseScan('000.17.22.H56-210531-0001'), parseScan('not a code')]);
    expect(lines(r.stdout)[0]).toMatchObject({ kind: 'dossier' });
  });

  it('vietqr: prints the payload as one JSON string, matching every encode vector', () => {
    for (const v of vectors.vietqrEncode) {
      const a = v.args as { bin: string; account: string; amount?: string; purpose?: string; card?: boolean };
      const args = ['vietqr', '--bin', a.bin, '--account', a.account];
      if (a.amount) args.push('--amount', a.amount);
      if (a.purpose) args.push('--purpose', a.purpose);
      if (a.card) args.push('--card');
      const r = cli('qr', args);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(`${JSON.stringify(v.out)}\n`);
    }
    const r = cli('qr', ['vietqr', '--bin', '970405', '--account', '123', '--amount', '1000', '--bill', 'HS01', '--purpose', 'Lệ phí']);
    expect(parseScan(JSON.parse(r.stdout) as string)).toMatchObject({ billNumber: 'HS01', purpose: 'Le phi', amount: '1000' });
  });

  it('vietqr: invalid input exits non-zero with a message on stderr and nothing on stdout', () => {
    for (const args of [
      ['--bin', '97040', '--account', '123'],
      ['--bin', '970405', '--account', '12-3'],
      ['--bin', '970405', '--account', '123', '--amount', '0'],
      ['--bin', '970405', '--account', '123', '--amount='],
      ['--bin', '970405', '--account', '123', '--purpose', 'x'.repeat(26)],
      ['--bin', '970405', '--bill', 'x'.repeat(26)],
      ['--bin', '970405', '--account', '123', '--bogus'],
    ]) {
      const r = cli('qr', ['vietqr', ...args]);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });
});

describe('calendar CLI', () => {
  it('to-lunar, holidays and add-working-days print one JSON value each', () => {
    expect(cli('calendar', ['to-lunar', '2007-02-17']).stdout).toBe('{"year":2007,"month":1,"day":1,"leap":false}\n');
    expect(cli('calendar', ['to-lunar', '2023-03-22']).stdout).toBe('{"year":2023,"month":2,"day":1,"leap":true}\n');
    expect(cli('calendar', ['holidays', '2024']).stdout).toBe(`${JSON.stringify(defaultHolidays(2024))}\n`);
    expect(cli('calendar', ['add-working-days', '2024-02-08', '1']).stdout).toBe(`"${addWorkingDays('2024-02-08', 1)}"\n`);
  });

  it('--holidays replaces the default calendar; an empty value means none', () => {
    expect(cli('calendar', ['add-working-days', '2024-02-08', '1', '--holidays', '']).stdout).toBe('"2024-02-09"\n');
    expect(cli('calendar', ['add-working-days', '2024-02-08', '1', '--holidays=']).stdout).toBe('"2024-02-09"\n');
    expect(cli('calendar', ['add-working-days', '2024-02-08', '2', '--holidays', '2024-02-09,2024-02-12']).stdout).toBe('"2024-02-14"\n');
  });

  it('rejects bad input on stderr with a non-zero exit', () => {
    for (const args of [['to-lunar', '2024-02-30'], ['add-working-days', '2024-02-08', '-1'],
      ['add-working-days', '2024-02-08', '1', '--holidays', '2024-13-01'], ['holidays']]) {
      const r = cli('calendar', args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });

  it('works through `npm run --silent` exactly as the checks call it', () => {
    const r = npmRun('calendar', ['to-lunar', '1985-01-21']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('{"year":1985,"month":1,"day":1,"leap":false}\n');
  });
});
