/**
 * Breaking the kiosk database of a crash rig (tests/helpers/host-process.ts) the way a cheap PC
 * does, and reading what the host kept of it: used by tests/e2e/storage-loss.test.ts (the
 * recovery) and tests/e2e/technician-storage.test.ts (what the technician console shows).
 *
 *   const { garbage } = await breakKioskDatabase(rig);   // Chromium killed, files overwritten, restarted
 *   keptByHost(rig.dataDir)                               // the host's broken-storage copies
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { CrashRig } from './host-process';

/** Chromium's IndexedDB folder in the rig's profile. */
export function idbDir(rig: Pick<CrashRig, 'profile'>): string {
  return path.join(rig.profile, 'Default', 'IndexedDB');
}

/** Overwrites every file under `dir` with random bytes; answers the garbage by path under `dir`. */
export function overwriteWithGarbage(dir: string, under = ''): Map<string, Buffer> {
  const written = new Map<string, Buffer>();
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    const rel = path.join(under, e.name);
    if (e.isDirectory()) for (const [k, v] of overwriteWithGarbage(p, rel)) written.set(k, v);
    else { const bytes = randomBytes(Math.max(64, statSync(p).size)); writeFileSync(p, bytes); written.set(rel, bytes); }
  }
  return written;
}

export interface KeptCopy { name: string; manifest: Record<string, unknown>; files: Map<string, Buffer> }

/** What the host kept in its broken-storage folder: each copy's manifest and files (by path under IndexedDB/). */
export function keptByHost(dataDir: string): KeptCopy[] {
  const root = path.join(dataDir, 'broken-storage');
  if (!existsSync(root)) return [];
  return readdirSync(root).sort().map((name) => {
    const files = new Map<string, Buffer>();
    const walk = (dir: string, under: string) => {
      if (!existsSync(dir)) return;
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(path.join(dir, e.name), path.join(under, e.name));
        else files.set(path.join(under, e.name), readFileSync(path.join(dir, e.name)));
      }
    };
    walk(path.join(root, name, 'IndexedDB'), '');
    return { name, manifest: JSON.parse(readFileSync(path.join(root, name, 'manifest.json'), 'utf8')) as Record<string, unknown>, files };
  });
}

/**
 * Case (b) of the storage-loss test: Chromium killed, the profile's IndexedDB files overwritten
 * with garbage, Chromium started again on the same profile (the page reopens); `beforeRestart`
 * runs while the browser is down (e.g. the line comes back). Answers the garbage written (by path
 * under IndexedDB/) and the reopened page.
 */
export async function breakKioskDatabase(rig: CrashRig, opts: { beforeRestart?: () => void } = {}): Promise<{ garbage: Map<string, Buffer>; page: Page }> {
  await rig.kill({ browser: true });
  const garbage = overwriteWithGarbage(idbDir(rig));
  if (garbage.size === 0) throw new Error('no IndexedDB files to break: did the page open its database?');
  opts.beforeRestart?.();
  const page = await rig.restart();
  return { garbage, page };
}
