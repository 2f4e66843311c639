/**
 * A PGlite data directory belongs to one process at a time. `gateway.lock` in the directory
 * says who holds it: a running `serve` writes its loopback URL and a session admin token there
 * (file mode 0600), so a second command (enroll-code, seed) goes through the server's admin
 * endpoints instead of opening the files; a short-lived command holds it while it works.
 * A lock whose process is gone is stale and taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LockInfo { pid: number; role: 'serve' | 'cli'; url?: string; adminToken?: string }

export const lockPath = (dir: string): string => join(dir, 'gateway.lock');
export const pgliteDir = (dir: string): string => join(dir, 'pg');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live holder of `dir`, or null. */
export function readLock(dir: string): LockInfo | null {
  try {
    const info = JSON.parse(readFileSync(lockPath(dir), 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) && alive(info.pid) && info.pid !== process.pid ? info : null;
  } catch {
    return null;
  }
}

/** Takes the directory for this process, or returns the live holder. */
export function acquire(dir: string, info: Omit<LockInfo, 'pid'>): { ok: true; release(): void } | { ok: false; holder: LockInfo } {
  mkdirSync(dir, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(lockPath(dir), JSON.stringify({ ...info, pid: process.pid }), { flag: 'wx', mode: 0o600 });
      return { ok: true, release: () => rmSync(lockPath(dir), { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(dir);
      if (holder) return { ok: false, holder };
      rmSync(lockPath(dir), { force: true });
    }
  }
  throw new Error(`cannot lock ${dir}`);
}

/** Rewrites this process's lock (e.g. with the URL once listening). */
export function updateLock(dir: string, info: Omit<LockInfo, 'pid'>): void {
  writeFileSync(lockPath(dir), JSON.stringify({ ...info, pid: process.pid }), { mode: 0o600 });
}
