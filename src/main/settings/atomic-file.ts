/**
 * Writes that survive a power cut (kiosks are switched off at the wall): the new content goes to a
 * temporary file in the same directory (same volume, so rename is atomic), is flushed to disk,
 * then renamed over the old file, and the directory entry is flushed too.
 */
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  mode?: number;
}

export async function atomicWriteFile(file: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w', opts.mode ?? 0o644);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Flushes a directory entry. Windows cannot open a directory for fsync; NTFS journals renames. */
export async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const d = await open(dir, 'r');
    try { await d.sync(); } finally { await d.close(); }
  } catch {
    // Some file systems (network shares, some containers) refuse fsync on a directory.
  }
}
