/**
 * Where the gateway keeps the bytes of attached files: behind one interface, content-addressed
 * chunks (a chunk's key is its own SHA-256, so a chunk two files share is stored once). The
 * database (migration 10) says which chunks make up which file; this store only holds bytes.
 *
 * `DirectoryFileStore` is the embedded default: a folder (`<data dir>/files`, or the `serve
 * --files DIR` of a PostgreSQL deployment), chunks at `chunks/ab/<sha256>`, each written to a
 * temporary file, fsynced and renamed, so a chunk is either whole or absent after a crash, and
 * its directory fsynced, so that an acknowledged chunk keeps its name after a crash too.
 * `S3FileStore` (files/s3.ts) is a province's: S3-compatible object storage.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

export interface FileStore {
  readonly kind: 'directory' | 's3';
  /** Stores a chunk under its hash (idempotent: an existing chunk is kept). */
  putChunk(hash: string, bytes: Uint8Array): Promise<void>;
  /**
   * Stores several chunks (a run sent in one request), each durable when this resolves. Optional:
   * without it the caller stores them one `putChunk` after another.
   */
  putChunks?(chunks: readonly { hash: string; bytes: Uint8Array }[]): Promise<void>;
  hasChunk(hash: string): Promise<boolean>;
  /** The chunk's bytes; throws when absent. */
  readChunk(hash: string): Promise<Uint8Array>;
  /**
   * Removes a chunk (garbage collection of abandoned uploads: store/files.ts collectAbandonedFiles,
   * which alone decides that no file names it); true when it was there.
   */
  deleteChunk(hash: string): Promise<boolean>;
  /** Whether the store answers (object storage: the bucket with these credentials); throws if not. */
  check?(): Promise<void>;
  close(): Promise<void>;
}

const HASH = /^[0-9a-f]{64}$/;
function checkHash(hash: string): void {
  if (!HASH.test(hash)) throw new Error('not a SHA-256 chunk key');
}

export class DirectoryFileStore implements FileStore {
  readonly kind = 'directory' as const;
  /** Chunk directories known to exist (created by this store or found). */
  private readonly made = new Set<string>();
  constructor(readonly dir: string, private readonly onClose?: () => Promise<void>) {}

  private chunkPath(hash: string): string {
    checkHash(hash);
    return join(this.dir, 'chunks', hash.slice(0, 2), hash);
  }

  async putChunk(hash: string, bytes: Uint8Array): Promise<void> {
    await this.putChunks([{ hash, bytes }]);
  }

  /**
   * Each chunk not yet held is written to its own temporary file and fsynced (all of the run at
   * once: the file system commits its journal for the lot, one wait instead of one per chunk), so
   * a chunk is whole or absent after a crash; then renamed into place, and the directories that
   * gained an entry are fsynced, so that the names, too, survive a crash before this resolves (the
   * caller acknowledges the chunks after it). The checks, writes and renames of a run go to the
   * thread pool together, not one after another.
   */
  async putChunks(chunks: readonly { hash: string; bytes: Uint8Array }[]): Promise<void> {
    const unique = [...new Map(chunks.map((c) => [c.hash, c])).values()];
    const held = await Promise.all(unique.map((c) => this.hasChunk(c.hash)));
    const todo = unique.filter((_, k) => !held[k]).map((c) => ({ path: this.chunkPath(c.hash), bytes: c.bytes }));
    if (todo.length === 0) return;
    const dirs = [...new Set(todo.map((t) => dirname(t.path)))];
    await Promise.all(dirs.filter((d) => !this.made.has(d)).map(async (d) => {
      await mkdir(d, { recursive: true });
      this.made.add(d);
    }));
    await Promise.all(todo.map(async (t) => {
      const tmp = `${t.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      const fh = await open(tmp, 'w', 0o600);
      try {
        await fh.writeFile(t.bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, t.path);
    }));
    await Promise.all(dirs.map((d) => syncDir(d)));
  }

  async hasChunk(hash: string): Promise<boolean> {
    try {
      return (await stat(this.chunkPath(hash))).isFile();
    } catch {
      return false;
    }
  }

  async readChunk(hash: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.chunkPath(hash)));
  }

  async deleteChunk(hash: string): Promise<boolean> {
    try {
      await unlink(this.chunkPath(hash));
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.onClose?.();
  }
}

/**
 * Makes a directory's entries (a rename into it) durable. Windows cannot open a directory to
 * flush it (NTFS journals the rename itself): nothing to do there, nor where the file system
 * refuses to (EISDIR, EINVAL, EPERM).
 */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw err;
  } finally {
    await fh?.close();
  }
}

/** A directory store that deletes its folder on close (an in-memory gateway's files). */
export function temporaryDirectoryStore(dir: string): DirectoryFileStore {
  return new DirectoryFileStore(dir, () => rm(dir, { recursive: true, force: true }));
}

export const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
