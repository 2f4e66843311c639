/**
 * `npm run bench [-- --quick] [-- --only name,name]`: runs every bench/*.bench.ts module, prints a
 * table and writes bench/results.json (per metric: name, value, target, unit, better, machine, date).
 *
 * Each module runs in a process of its own (this file again, with `--child NAME OUT`): modules
 * share no heap, globals or environment, so one module's leftovers (a build that set NODE_ENV to
 * production, a large heap, a server not closed) neither break nor slow the next one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, Metric } from './types';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const childIdx = args.indexOf('--child');
const quick = args.includes('--quick');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? (args[onlyIdx + 1] ?? '').split(',').filter(Boolean) : [];

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
  node: process.version,
};

function meets(m: Metric): boolean | null {
  if (m.target === null) return null;
  return m.better === 'higher' ? m.value >= m.target : m.value <= m.target;
}

async function main() {
  const modules = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort()
    .filter((f) => only.length === 0 || only.includes(f.replace('.bench.ts', '')));
  const results: (Metric & { module: string; machine: typeof machine; date: string; pass: boolean | null })[] = [];
  const failures: string[] = [];
  for (const file of modules) {
    const name = file.replace('.bench.ts', '');
    const started = Date.now();
    process.stderr.write(`[bench] ${name}${quick ? ' (quick)' : ''}…\n`);
    try {
      const metrics = await runInChild(name);
      const date = new Date().toISOString();
      for (const m of metrics) results.push({ ...m, module: name, machine, date, pass: meets(m) });
      process.stderr.write(`[bench] ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } catch (err) {
      failures.push(name);
      process.stderr.write(`[bench] ${name} FAILED: ${err instanceof Error ? err.stack : String(err)}\n`);
    }
  }
  const rows = results.map((r) => [r.module, r.name, fmt(r.value), r.target === null ? '—' : `${r.better === 'higher' ? '≥' : '≤'} ${fmt(r.target)}`, r.unit,
    r.pass === null ? '' : r.pass ? 'ok' : 'MISS']);
  const head = ['module', 'metric', 'value', 'target', 'unit', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  writeFileSync(path.join(here, 'results.json'), JSON.stringify({ machine, date: new Date().toISOString(), quick, metrics: results }, null, 2) + '\n');
  console.log(`\nwrote bench/results.json (${results.length} metrics${failures.length ? `; failed modules: ${failures.join(', ')}` : ''})`);
  if (failures.length) process.exitCode = 1;
}

/** Runs one module in a fresh process (see above); its metrics come back through a file. */
async function runInChild(name: string): Promise<Metric[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kiosk-bench-'));
  const out = path.join(dir, 'metrics.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', name, out, ...(quick ? ['--quick'] : [])], {
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.once('error', reject);
      child.once('exit', (c) => resolve(c));
    });
    if (code !== 0) throw new Error(`the module's process exited with ${code}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Metric[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** In the child: one module, its metrics written to `out`. */
async function child(name: string, out: string): Promise<void> {
  const mod = (await import(pathToFileURL(path.join(here, `${name}.bench.ts`)).href)) as BenchModule;
  writeFileSync(out, JSON.stringify(await mod.run({ quick })));
  // A module may leave a handle open (a timer, a socket): its process ends here either way.
  process.exit(0);
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 1) return v.toFixed(2);
  return v.toPrecision(3);
}

if (childIdx >= 0) {
  child(args[childIdx + 1] ?? '', args[childIdx + 2] ?? '').catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
} else {
  void main();
}
