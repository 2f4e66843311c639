/**
 * The support bundle: one file a technician hands to the province when a kiosk
 * misbehaves. Format: gzip (node:zlib) of one JSON document
 *
 *   { meta: {format: 'mot-cua-support-bundle', formatVersion, createdAt, platform, arch, node, …},
 *     settings, alerts, versions, scanners, health, logs: [{file, lines: [object | string]}] }
 *
 * (no zip or tar: neither is in Node without a package; `gunzip -c file | jq` reads it anywhere).
 * Logs are already redacted at the source; every string, key and number is redacted AGAIN here,
 * because log files may predate a redaction rule, and settings and diagnostics never went through
 * the logger. Secrets are removed from the settings, not just masked.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import { isSecretSettingsKey } from '../../shared/settings';
import { redactBounded, redactText, redactValue } from '../../shared/privacy/redact';
import { atomicWriteFile } from '../settings/atomic-file';
import { ServiceError } from '../settings/errors';

export const SUPPORT_BUNDLE_FORMAT = 'mot-cua-support-bundle';
export const SUPPORT_BUNDLE_VERSION = 1;

export interface SupportBundleInput {
  logsDir: string;
  /** The settings (secrets are dropped here whatever is passed). */
  settings: unknown;
  versions: Record<string, string>;
  /** Whatever the scanner service reports (status, recent errors, hex dumps): redacted here. */
  scannerDiagnostics: unknown;
  outFile: string;
  /** Settings alerts, sync health, storage: anything else the technician should send. */
  alerts?: unknown;
  health?: unknown;
  now?: () => number;
  /** The newest lines of each log file (older lines are left out, counted in meta). */
  maxLinesPerFile?: number;
}

export interface SupportBundleResult {
  file: string;
  bytes: number;
  sha256: string;
  logFiles: number;
  lines: number;
}

export interface SupportBundle {
  meta: {
    format: typeof SUPPORT_BUNDLE_FORMAT;
    formatVersion: number;
    createdAt: string;
    platform: string;
    arch: string;
    node: string;
    omittedLines: number;
  };
  settings: unknown;
  alerts: unknown;
  versions: unknown;
  scanners: unknown;
  health: unknown;
  logs: { file: string; lines: unknown[] }[];
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export async function createSupportBundle(input: SupportBundleInput): Promise<SupportBundleResult> {
  const now = input.now ?? Date.now;
  const maxLines = input.maxLinesPerFile ?? 5000;
  try {
    const logFiles = await listLogs(input.logsDir);
    let omitted = 0;
    let lineCount = 0;
    const logs: SupportBundle['logs'] = [];
    for (const file of logFiles) {
      const all = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      const kept = all.slice(-maxLines);
      omitted += all.length - kept.length;
      lineCount += kept.length;
      logs.push({ file: redactText(basename(file)), lines: kept.map(redactLine) });
    }
    const bundle: SupportBundle = {
      meta: {
        format: SUPPORT_BUNDLE_FORMAT,
        formatVersion: SUPPORT_BUNDLE_VERSION,
        createdAt: new Date(now()).toISOString(),
        platform: process.platform,
        arch: process.arch,
        node: process.versions.node,
        omittedLines: omitted,
      },
      settings: redactValue(withoutSecrets(input.settings)),
      alerts: redactValue(input.alerts ?? []),
      versions: redactValue(input.versions),
      scanners: redactValue(input.scannerDiagnostics),
      health: redactValue(input.health ?? null),
      logs,
    };
    const gz = await gzipAsync(Buffer.from(JSON.stringify(bundle), 'utf8'), { level: 9 });
    await atomicWriteFile(input.outFile, gz, { mode: 0o600 });
    return {
      file: input.outFile,
      bytes: gz.length,
      sha256: createHash('sha256').update(gz).digest('hex'),
      logFiles: logs.length,
      lines: lineCount,
    };
  } catch (err) {
    if (err instanceof ServiceError) throw err;
    throw new ServiceError('bundle-failed', `could not build the support bundle: ${redactText(err instanceof Error ? err.message : String(err))}`);
  }
}

export async function readSupportBundle(file: string): Promise<SupportBundle> {
  const json = (await gunzipAsync(await readFile(file))).toString('utf8');
  const doc = JSON.parse(json) as SupportBundle;
  if (doc?.meta?.format !== SUPPORT_BUNDLE_FORMAT) throw new ServiceError('bundle-failed', 'not a support bundle');
  return doc;
}

/** Log lines are JSON (our logger) or plain text (a crash dump, an older build): redact either. */
function redactLine(line: string): unknown {
  try {
    const v = JSON.parse(line) as unknown;
    if (v !== null && typeof v === 'object') return redactValue(v);
  } catch {
    // not JSON: plain text
  }
  return redactBounded(line);
}

/** Secrets leave the bundle entirely (not even "[redacted]" with a length), at any depth. */
function withoutSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutSecrets);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !isSecretSettingsKey(k)).map(([k, x]) => [k, withoutSecrets(x)]));
}

/** Every `*.log` in the directory (current and rotated), newest first. */
async function listLogs(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files = await Promise.all(names.filter((n) => n.endsWith('.log')).map(async (n) => {
    const p = join(dir, n);
    const s = await stat(p);
    return s.isFile() ? { p, mtime: s.mtimeMs } : null;
  }));
  return files.filter((f): f is { p: string; mtime: number } => f !== null).sort((a, b) => b.mtime - a.mtime || a.p.localeCompare(b.p)).map((f) => f.p);
}
