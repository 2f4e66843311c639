/**
 * The folder a flatbed or feeder scanner writes to (settings `scanFolder`; docs/ARCHITECTURE.md,
 * "Digitised documents"). The host watches it and offers each new file to the counter as soon as
 * the scanner has finished writing it: a file is offered once its size and modification time held
 * still for `stableMs` (a scanner writes a page in several bursts), found by the folder's change
 * events and, since those are not delivered everywhere (network shares), by a light poll too.
 *
 * The counter reads an offered file in pieces (`scanFolder.read`: the bridge carries base64) and,
 * once it kept it, says so (`scanFolder.done`): the file moves to the `da-nhan/` ("received")
 * subfolder, so it is never offered twice, even after a restart. A file that changes after it was
 * offered is refused at the next read (`scan-file-changed`) and offered again once it is still.
 * Temporary and hidden files (`.tmp`, `.part`, `~…`, `.…`) are ignored; names are never paths.
 */
import { watch, type FSWatcher } from 'node:fs';
import { mkdir, open, readdir, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { BridgeError } from '../../shared/bridge/error';

export interface ScanFolderFile {
  name: string;
  size: number;
  mtimeMs: number;
}

export const RECEIVED_SUBFOLDER = 'da-nhan';
const IGNORED = /^(\.|~)|\.(tmp|part|crdownload|partial)$/i;
/** The largest piece one `scanFolder.read` returns (its base64 stays under the bridge's message limit). */
export const SCAN_READ_MAX = 192 * 1024;

interface Seen { size: number; mtimeMs: number; since: number; offered: boolean }

export class ScanFolderWatcher {
  private dir: string | null = null;
  private fsWatcher: FSWatcher | null = null;
  private poll: ReturnType<typeof setInterval> | null = null;
  private readonly seen = new Map<string, Seen>();
  private scanning: Promise<void> | null = null;
  private again = false;

  constructor(private readonly o: { onFile(f: ScanFolderFile): void; stableMs?: number; pollMs?: number; log?: (msg: string) => void }) {}

  get folder(): string | null {
    return this.dir;
  }

  /** Watches `dir` (null: none). Files already there and not received yet are offered too. */
  async configure(dir: string | null): Promise<void> {
    if (dir === this.dir) return;
    this.stop();
    this.dir = dir;
    if (!dir) return;
    try {
      this.fsWatcher = watch(dir, () => this.kick());
      this.fsWatcher.on('error', () => undefined);
    } catch (err) {
      this.o.log?.(`scan folder not watchable, polling only: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.poll = setInterval(() => this.kick(), this.o.pollMs ?? 250);
    this.kick();
  }

  private stop(): void {
    this.fsWatcher?.close();
    this.fsWatcher = null;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.seen.clear();
  }

  close(): void {
    this.stop();
    this.dir = null;
  }

  private kick(): void {
    if (this.scanning) {
      this.again = true;
      return;
    }
    this.scanning = this.scan().catch(() => undefined).finally(() => {
      this.scanning = null;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async scan(): Promise<void> {
    const dir = this.dir;
    if (!dir) return;
    const entries = await readdir(dir, { withFileTypes: true });
    const now = Date.now();
    const present = new Set<string>();
    for (const e of entries) {
      if (!e.isFile() || IGNORED.test(e.name)) continue;
      present.add(e.name);
      let st;
      try {
        st = await stat(path.join(dir, e.name));
      } catch {
        continue;
      }
      const prev = this.seen.get(e.name);
      if (!prev || prev.size !== st.size || prev.mtimeMs !== st.mtimeMs) {
        this.seen.set(e.name, { size: st.size, mtimeMs: st.mtimeMs, since: now, offered: false });
        continue;
      }
      if (!prev.offered && now - prev.since >= (this.o.stableMs ?? 300)) {
        prev.offered = true;
        this.o.onFile({ name: e.name, size: st.size, mtimeMs: st.mtimeMs });
      }
    }
    for (const name of [...this.seen.keys()]) if (!present.has(name)) this.seen.delete(name);
  }

  /** The files offered and not received yet. */
  list(): ScanFolderFile[] {
    return [...this.seen.entries()].filter(([, s]) => s.offered).map(([name, s]) => ({ name, size: s.size, mtimeMs: s.mtimeMs }))
      .sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
  }

  private offered(name: string): { file: string; seen: Seen } {
    const s = this.seen.get(name);
    if (!this.dir || !s?.offered || name !== path.basename(name) || IGNORED.test(name)) throw new BridgeError('not-found', 'Không có tệp này trong thư mục máy quét / no such file in the scan folder');
    return { file: path.join(this.dir, name), seen: s };
  }

  /** `length` bytes of an offered file from `offset`; refused when the file changed since it was offered. */
  async read(name: string, offset: number, length: number): Promise<Uint8Array> {
    const { file, seen } = this.offered(name);
    const fh = await open(file, 'r');
    try {
      const st = await fh.stat();
      if (st.size !== seen.size || st.mtimeMs !== seen.mtimeMs) {
        // Offered again once it is still.
        this.seen.set(name, { size: st.size, mtimeMs: st.mtimeMs, since: Date.now(), offered: false });
        throw new BridgeError('scan-file-changed', 'Tệp thay đổi khi đang đọc / the file changed while it was read');
      }
      const n = Math.max(0, Math.min(length, SCAN_READ_MAX, st.size - offset));
      const buf = Buffer.alloc(n);
      const { bytesRead } = await fh.read(buf, 0, n, offset);
      return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
    } finally {
      await fh.close();
    }
  }

  /** The counter kept the file: it moves to the received subfolder and is no longer offered. */
  async done(name: string): Promise<void> {
    const { file } = this.offered(name);
    const target = path.join(this.dir!, RECEIVED_SUBFOLDER);
    await mkdir(target, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await rename(file, path.join(target, `${stamp}-${name}`));
    this.seen.delete(name);
  }
}
