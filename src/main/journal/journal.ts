/**
 * The host-side journal: a second durable copy of every confirmed staff action's mutation,
 * outside the browser's storage (docs/ARCHITECTURE.md, "Host-side journal and storage recovery").
 *
 * Files `journal/YYYY-MM-DD[-n].jnl` (Vietnamese day) under the host's data directory, written
 * only by appending. Each record is `u32 length (big-endian) ‖ 12-byte nonce ‖ AES-256-GCM(JSON) ‖
 * 16-byte tag`, the JSON being `{seq, at, m}` (a mutation as the renderer hands it: the copy
 * without the raw ID number, with the signature that covers that copy) or `{seq, at, ack: ids}`
 * (mutations the gateway knows). A file is never rewritten; a file older than today whose every
 * mutation is acknowledged is deleted (oldest first).
 *
 * An append answers only after `fdatasync` (concurrent appends share one), and a new file's
 * directory entry is flushed too. A torn last record (power cut inside a write: its length runs
 * past the end, or its tag does not check) is skipped when reading; the host then appends to a
 * new file for the day, so nothing is ever written after damaged bytes.
 *
 * The 256-bit key is made at the first append and kept in the host's SecretStore (entry
 * `journal.key`: Electron's safeStorage, or the browser host's owner-only file). Nothing here is
 * logged but counts and file names.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { SecretStore } from '../secrets/secret-store';
import { atomicWriteFile, syncDir } from '../settings/atomic-file';
import { noLog, type LogFn } from '../settings/errors';

/** What one journaled mutation holds: exactly what the sync needs to send it again. */
export interface JournalMutation {
  id: string;
  type: string;
  at: string;
  staffId: string | null;
  dossierCode: string | null;
  payload: unknown;
  sig?: unknown;
}

type Record_ = { seq: number; at: number; m: JournalMutation } | { seq: number; at: number; ack: string[] };

const KEY_NAME = 'journal.key';
const AAD = Buffer.from('mot-cua/journal/1', 'utf8');
/** Larger than any mutation the contract lets through; a longer length prefix is damage. */
const MAX_RECORD = 4 * 1024 * 1024;
const FILE = /^(\d{4}-\d{2}-\d{2})(?:-(\d+))?\.jnl$/;

/** The Vietnamese calendar day (UTC+7, no daylight saving) of an instant. */
export function vietnamDayOf(epochMs: number): string {
  return new Date(epochMs + 7 * 3600_000).toISOString().slice(0, 10);
}

interface FileState {
  name: string;
  day: string;
  part: number;
  ids: Set<string>;
  /** Where the records end (the rest of the file is preallocated zeros). */
  end: number;
}

/** Files grow by zero-filled, synced chunks: an append then overwrites allocated blocks, and its
 * fdatasync need not commit a new file size (about half the time on ext4). */
const CHUNK = 1 << 20;

export interface StorageRecovery {
  at: number;
  reason: 'corrupt' | 'empty';
  requeued: number;
}

export interface StorageMarker {
  device: string | null;
  recoveries: StorageRecovery[];
}

export interface JournalStats {
  files: number;
  pending: number;
  /** Records that could not be read (torn tail, damage, or a key that no longer opens them). */
  skipped: number;
  /** Appends that failed since the host started (a full or broken disk): those actions have no second copy. */
  failures: number;
  /** The last failed append: when (epoch ms) and the system's code (`ENOSPC`…), never data. */
  lastFailure: { at: number; code: string } | null;
}

export interface JournalOptions {
  dir: string;
  secrets: SecretStore;
  log?: LogFn;
  /** Epoch ms (tests move the day). */
  now?: () => number;
}

interface Waiting {
  frame: Buffer;
  ids: string[];
  resolve(): void;
  reject(err: unknown): void;
}

export class Journal {
  private readonly dir: string;
  private readonly secrets: SecretStore;
  private readonly log: LogFn;
  private readonly now: () => number;
  private loaded: Promise<void> | null = null;
  private key: Buffer | null = null;
  private keyMaking: Promise<Buffer | null> | null = null;
  private files: FileState[] = [];
  /** Unacknowledged mutations in journal order. */
  private readonly pendingById = new Map<string, { seq: number; m: JournalMutation }>();
  private readonly acked = new Set<string>();
  private seq = 0;
  private skipped = 0;
  private failures = 0;
  private lastFailure: { at: number; code: string } | null = null;
  private current: { state: FileState; fh: FileHandle; size: number } | null = null;
  /** The current file may not be appended to (it ended torn when read). */
  private currentTorn = new Set<string>();
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | null = null;

  constructor(opts: JournalOptions) {
    this.dir = opts.dir;
    this.secrets = opts.secrets;
    this.log = opts.log ?? noLog;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Appends mutations; resolves once they are on disk. An id already journaled is not written
   * again. A failure is counted (`stats`: the technician console shows it) and thrown.
   */
  async append(mutations: JournalMutation[]): Promise<{ seq: number }> {
    try {
      return await this.appendNow(mutations);
    } catch (err) {
      this.failures++;
      const code = (err as { code?: unknown } | null)?.code;
      this.lastFailure = { at: this.now(), code: typeof code === 'string' && /^[A-Z0-9_]{1,32}$/.test(code) ? code : 'error' };
      this.log('journal append failed', { code: this.lastFailure.code });
      throw err;
    }
  }

  private async appendNow(mutations: JournalMutation[]): Promise<{ seq: number }> {
    await this.load();
    const fresh = mutations.filter((m) => !this.pendingById.has(m.id) && !this.acked.has(m.id));
    if (fresh.length === 0) return { seq: this.seq };
    const key = await this.keyFor(true);
    const at = this.now();
    const frames: Buffer[] = [];
    for (const m of fresh) {
      const seq = ++this.seq;
      frames.push(seal(key!, { seq, at, m }));
      this.pendingById.set(m.id, { seq, m });
    }
    try {
      await this.write(Buffer.concat(frames), fresh.map((m) => m.id));
    } catch (err) {
      for (const m of fresh) this.pendingById.delete(m.id);
      throw err;
    }
    return { seq: this.seq };
  }

  /** Records that the gateway knows these mutations (they leave `pending`), then prunes. */
  async ack(ids: string[]): Promise<{ acked: number }> {
    await this.load();
    const known = ids.filter((id) => this.pendingById.has(id));
    if (known.length > 0) {
      const key = await this.keyFor(true);
      await this.write(seal(key!, { seq: ++this.seq, at: this.now(), ack: known }), []);
      for (const id of known) { this.pendingById.delete(id); this.acked.add(id); }
    }
    await this.prune();
    return { acked: known.length };
  }

  /** Unacknowledged mutations, in the order they were journaled. */
  async pending(): Promise<JournalMutation[]> {
    await this.load();
    return [...this.pendingById.values()].sort((a, b) => a.seq - b.seq).map((p) => p.m);
  }

  /** Never throws: a journal that cannot be read still reports its failed appends. */
  async stats(): Promise<JournalStats> {
    await this.load().catch(() => undefined);
    return { files: this.files.length, pending: this.pendingById.size, skipped: this.skipped, failures: this.failures, lastFailure: this.lastFailure };
  }

  /** Deletes, oldest first, the files of days before today whose every mutation is acknowledged. */
  async prune(): Promise<{ deleted: string[] }> {
    await this.load();
    const today = vietnamDayOf(this.now());
    const deleted: string[] = [];
    while (this.files.length > 0) {
      const f = this.files[0]!;
      if (f.day >= today || this.current?.state === f) break;
      if ([...f.ids].some((id) => this.pendingById.has(id))) break;
      await rm(path.join(this.dir, f.name), { force: true });
      this.files.shift();
      deleted.push(f.name);
    }
    if (deleted.length > 0) {
      await syncDir(this.dir);
      this.log('journal pruned', { files: deleted });
    }
    return { deleted };
  }

  /**
   * The storage marker (`journal/database.json`): which device identity the renderer's database
   * held at its last open, and the recoveries made. Returns what was recorded before; records
   * `device` (when given) and `recovery` (when given). A database that opens without an identity
   * while the marker names the enrolled device was lost (docs/ARCHITECTURE.md, "Detecting a
   * broken or evicted database").
   */
  async marker(update: { device?: string | null; recovery?: StorageRecovery }): Promise<StorageMarker> {
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, 'database.json');
    let before: StorageMarker = { device: null, recoveries: [] };
    try {
      const v = JSON.parse(await readFile(file, 'utf8')) as Partial<StorageMarker>;
      before = { device: typeof v.device === 'string' ? v.device : null, recoveries: Array.isArray(v.recoveries) ? v.recoveries.slice(-20) : [] };
    } catch {
      // absent or unreadable: nothing recorded
    }
    const next: StorageMarker = {
      device: update.device === undefined || update.device === null ? before.device : update.device,
      recoveries: update.recovery ? [...before.recoveries, update.recovery].slice(-20) : before.recoveries,
    };
    if (JSON.stringify(next) !== JSON.stringify(before)) await atomicWriteFile(file, JSON.stringify(next) + '\n', { mode: 0o600 });
    return before;
  }

  async close(): Promise<void> {
    await this.flushing?.catch(() => undefined);
    const c = this.current;
    this.current = null;
    await c?.fh.close();
  }

  private load(): Promise<void> {
    this.loaded ??= this.readAll().catch((err: unknown) => {
      this.loaded = null;
      throw err;
    });
    return this.loaded;
  }

  private async readAll(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const names = (await readdir(this.dir)).filter((n) => FILE.test(n));
    this.files = names.map((name) => {
      const [, day, part] = FILE.exec(name)!;
      return { name, day: day!, part: part ? Number(part) : 1, ids: new Set<string>(), end: 0 };
    }).sort((a, b) => (a.day === b.day ? a.part - b.part : a.day < b.day ? -1 : 1));
    if (this.files.length === 0) return;
    const key = await this.keyFor(false);
    const records: Record_[] = [];
    for (const f of this.files) {
      const bytes = await readFile(path.join(this.dir, f.name));
      const { records: got, skipped, torn, end } = open_(key, bytes);
      f.end = end;
      if (torn) this.currentTorn.add(f.name);
      this.skipped += skipped;
      for (const r of got) {
        if ('m' in r) f.ids.add(r.m.id);
        records.push(r);
      }
      if (skipped > 0) this.log('journal records skipped', { file: f.name, skipped, torn });
    }
    records.sort((a, b) => a.seq - b.seq);
    for (const r of records) {
      this.seq = Math.max(this.seq, r.seq);
      if ('m' in r) {
        if (!this.acked.has(r.m.id) && !this.pendingById.has(r.m.id)) this.pendingById.set(r.m.id, { seq: r.seq, m: r.m });
      } else {
        for (const id of r.ack) { this.pendingById.delete(id); this.acked.add(id); }
      }
    }
  }

  private keyFor(create: boolean): Promise<Buffer | null> {
    if (this.key) return Promise.resolve(this.key);
    // One look-up (and at most one new key) even under concurrent first appends.
    const making = (this.keyMaking ??= this.readOrMakeKey(create).finally(() => { this.keyMaking = null; }));
    return making.then((k) => k ?? (create ? this.keyFor(true) : null));
  }

  private async readOrMakeKey(create: boolean): Promise<Buffer | null> {
    const stored = await this.secrets.get(KEY_NAME);
    const parsed = stored === null ? null : Buffer.from(stored, 'base64');
    if (parsed?.length === 32) return (this.key = parsed);
    if (!create) return null;
    if (parsed !== null || this.files.length > 0) this.log('journal key missing or unreadable: a new key (older files cannot be read)', {});
    const fresh = randomBytes(32);
    await this.secrets.set(KEY_NAME, fresh.toString('base64'));
    return (this.key = fresh);
  }

  /** Queues bytes for the current file; one write and one fdatasync for everything waiting. */
  private write(frame: Buffer, ids: string[]): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ frame, ids, resolve, reject }));
    if (!this.flushing) this.flushing = this.flushLoop();
    return done;
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        try {
          const target = await this.target();
          const bytes = Buffer.concat(batch.map((w) => w.frame));
          if (target.state.end + bytes.length > target.size) {
            const size = Math.ceil((target.state.end + bytes.length) / CHUNK) * CHUNK;
            const zeros = Buffer.alloc(size - target.size);
            await target.fh.write(zeros, 0, zeros.length, target.size);
            target.size = size;
          }
          await target.fh.write(bytes, 0, bytes.length, target.state.end);
          await target.fh.datasync();
          target.state.end += bytes.length;
          for (const w of batch) {
            for (const id of w.ids) target.state.ids.add(id);
            w.resolve();
          }
        } catch (err) {
          // A failed write may have left partial bytes: the next append starts a new file.
          if (this.current) {
            this.currentTorn.add(this.current.state.name);
            await this.current.fh.close().catch(() => undefined);
            this.current = null;
          }
          for (const w of batch) w.reject(err);
        }
      }
    } finally {
      this.flushing = null;
    }
  }

  /** The file to append to: today's last clean file, or a new one (directory flushed). */
  private async target(): Promise<{ state: FileState; fh: FileHandle; size: number }> {
    const today = vietnamDayOf(this.now());
    if (this.current && this.current.state.day === today) return this.current;
    if (this.current) { await this.current.fh.close(); this.current = null; }
    const last = [...this.files].reverse().find((f) => f.day === today);
    let state: FileState;
    // (A torn or damaged file is never appended to: a new part starts.)
    if (last && !this.currentTorn.has(last.name)) {
      state = last;
    } else {
      const part = last ? last.part + 1 : 1;
      state = { name: `${today}${part > 1 ? `-${part}` : ''}.jnl`, day: today, part, ids: new Set(), end: 0 };
      this.files.push(state);
    }
    const file = path.join(this.dir, state.name);
    // 'a' would ignore write positions on Linux: create, then open for writing in place.
    if (state !== last) await (await open(file, 'a', 0o600)).close();
    const fh = await open(file, 'r+');
    let size = (await fh.stat()).size;
    if (size < state.end + CHUNK / 4) {
      const grown = Math.ceil((state.end + CHUNK / 4) / CHUNK) * CHUNK;
      const zeros = Buffer.alloc(grown - size);
      await fh.write(zeros, 0, zeros.length, size);
      await fh.sync();
      size = grown;
    }
    if (state !== last) await syncDir(this.dir);
    this.current = { state, fh, size };
    return this.current;
  }
}

function seal(key: Buffer, record: Record_): Buffer {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(AAD);
  const body = Buffer.concat([c.update(JSON.stringify(record), 'utf8'), c.final(), c.getAuthTag()]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(12 + body.length);
  return Buffer.concat([len, nonce, body]);
}

/** Reads a file's records up to the zero padding; a length that runs past the end, a tag that does
 * not check, or bytes after the padding's start are a torn (or damaged) tail. */
function open_(key: Buffer | null, bytes: Buffer): { records: Record_[]; skipped: number; torn: boolean; end: number } {
  const records: Record_[] = [];
  let skipped = 0;
  let off = 0;
  while (off < bytes.length) {
    if (off + 4 > bytes.length) return { records, skipped: skipped + 1, torn: true, end: off };
    const len = bytes.readUInt32BE(off);
    if (len === 0) {
      // The preallocated zeros: the end, unless a write was torn inside them.
      const clean = bytes.subarray(off).every((b) => b === 0);
      return { records, skipped: clean ? skipped : skipped + 1, torn: !clean || skipped > 0, end: off };
    }
    if (len < 12 + 16 + 2 || len > MAX_RECORD || off + 4 + len > bytes.length) return { records, skipped: skipped + 1, torn: true, end: off };
    const frame = bytes.subarray(off + 4, off + 4 + len);
    const record = key ? decrypt(key, frame) : null;
    if (record) records.push(record); else skipped++;
    off += 4 + len;
  }
  // A record whose tag fails is a torn write as well: nothing is appended after it.
  return { records, skipped, torn: skipped > 0, end: off };
}

function decrypt(key: Buffer, frame: Buffer): Record_ | null {
  try {
    const d = createDecipheriv('aes-256-gcm', key, frame.subarray(0, 12));
    d.setAAD(AAD);
    d.setAuthTag(frame.subarray(frame.length - 16));
    const text = Buffer.concat([d.update(frame.subarray(12, frame.length - 16)), d.final()]).toString('utf8');
    const r = JSON.parse(text) as Record_;
    return typeof r.seq === 'number' ? r : null;
  } catch {
    return null;
  }
}
