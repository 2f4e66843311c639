/**
 * Broken storage kept for support (docs/ARCHITECTURE.md, "Host-side journal and storage
 * recovery"; docs/RELIABILITY.md item 9). Before the renderer deletes a kiosk database that does
 * not open, it asks the host (`storage.keepBroken`) to keep what it can of it:
 *
 *   <data folder>/broken-storage/<ISO time>/manifest.json      always: time, reason, what was kept
 *   <data folder>/broken-storage/<ISO time>/IndexedDB/<origin>… a copy of the browser's files, when
 *                                                               the host knows where they are
 *
 * The host knows the files only when it knows the browser's profile: Electron always (its own
 * `userData/IndexedDB`), the browser host only when it was told the profile of the Chromium it
 * runs beside (the launcher's and the test rig's). Otherwise the manifest says the browser's copy
 * could not be kept. Files are copied, never moved: Chromium still holds them. At most `keep`
 * (3) copies stay, the newest. The copies hold personal data: the support bundle lists them
 * (names, sizes) and never includes them.
 */
import { chmod, copyFile, mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from '../settings/atomic-file';

/** Where the browser keeps the app origin's IndexedDB: the profile's `IndexedDB` folder and the
 * origin's identifier in it (Chromium names the folders `<scheme>_<host>_<port>.indexeddb.*`). */
export interface BrowserStorageSource {
  indexedDbDir: string;
  originId: string;
}

export const BROKEN_STORAGE_DIR = 'broken-storage';
export const KEEP_BROKEN_COPIES = 3;

export interface KeptStorage {
  /** The folder's name under broken-storage/ (the time, file-name safe). */
  name: string;
  at: string;
  reason: 'corrupt' | 'empty';
  /** Whether the browser's files were copied (false: the manifest only). */
  copied: boolean;
  files: number;
  bytes: number;
  /** Files that could not be read (held open by the browser on some systems). */
  skipped: number;
  /** Why nothing (or not everything) was copied, in English for the support staff. */
  note: string | null;
}

interface Manifest extends KeptStorage {
  format: 'mot-cua-broken-storage';
  /** What the renderer saw (the error's name and message, never data). */
  detail: string | null;
  source: { originId: string } | null;
}

/** Chromium's identifier of an origin in its storage folders: `http_127.0.0.1_8080`, `app_kiosk_0`. */
export function chromiumOriginId(origin: string): string {
  const u = new URL(origin);
  const scheme = u.protocol.replace(/:$/, '');
  const port = u.port || ({ http: '80', https: '443' } as Record<string, string>)[scheme] || '0';
  return `${scheme}_${u.hostname}_${port}`;
}

async function copyTree(from: string, to: string, tally: { files: number; bytes: number; skipped: number }): Promise<void> {
  // Owner only (POSIX; Windows keeps the profile's ACLs): the copies hold personal data.
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const e of await readdir(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) { await copyTree(src, dst, tally); continue; }
    if (!e.isFile()) continue;
    try {
      await copyFile(src, dst);
      await chmod(dst, 0o600);
      tally.files++;
      tally.bytes += (await stat(dst)).size;
    } catch {
      tally.skipped++;
    }
  }
}

export class BrokenStorageKeeper {
  readonly root: string;
  private readonly source: () => BrowserStorageSource | null;
  private readonly keep: number;
  private readonly now: () => number;
  private readonly log: (level: 'info' | 'warn', msg: string, data?: Record<string, unknown>) => void;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(opts: {
    dataDir: string;
    source?: () => BrowserStorageSource | null;
    keep?: number;
    now?: () => number;
    log?: (level: 'info' | 'warn', msg: string, data?: Record<string, unknown>) => void;
  }) {
    this.root = path.join(opts.dataDir, BROKEN_STORAGE_DIR);
    this.source = opts.source ?? (() => null);
    this.keep = Math.max(1, opts.keep ?? KEEP_BROKEN_COPIES);
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => {});
  }

  /** Keeps what the host can of the broken storage, one at a time; answers what was kept. */
  keepBroken(input: { reason: 'corrupt' | 'empty'; detail?: string | undefined }): Promise<KeptStorage> {
    const run = this.chain.then(() => this.keepNow(input));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async keepNow(input: { reason: 'corrupt' | 'empty'; detail?: string | undefined }): Promise<KeptStorage> {
    const at = new Date(this.now()).toISOString();
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    const existing = new Set(await readdir(this.root));
    const stamp = at.replace(/:/g, '-');
    let name = stamp;
    for (let i = 1; existing.has(name); i++) name = `${stamp}-${i}`;
    const dir = path.join(this.root, name);
    await mkdir(dir, { mode: 0o700 });

    const src = this.source();
    const tally = { files: 0, bytes: 0, skipped: 0 };
    let note: string | null = null;
    if (!src) {
      note = 'the host does not know the browser profile: the browser\'s copy of the database could not be kept';
    } else {
      const prefix = `${src.originId}.indexeddb.`;
      const entries = await readdir(src.indexedDbDir, { withFileTypes: true }).catch(() => []);
      const mine = entries.filter((e) => e.isDirectory() && e.name.startsWith(prefix));
      if (mine.length === 0) note = 'no IndexedDB files of the app were found in the browser profile (already removed)';
      for (const e of mine) await copyTree(path.join(src.indexedDbDir, e.name), path.join(dir, 'IndexedDB', e.name), tally);
      if (tally.skipped > 0) note = `${tally.skipped} file(s) could not be read (held by the browser)`;
    }
    const kept: KeptStorage = { name, at, reason: input.reason, copied: tally.files > 0, files: tally.files, bytes: tally.bytes, skipped: tally.skipped, note };
    const manifest: Manifest = {
      format: 'mot-cua-broken-storage', ...kept,
      detail: input.detail ?? null,
      source: src ? { originId: src.originId } : null,
    };
    await atomicWriteFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    this.log(kept.copied ? 'info' : 'warn', 'broken storage kept for support', { name, reason: kept.reason, copied: kept.copied, files: kept.files, bytes: kept.bytes });
    await this.prune();
    return kept;
  }

  /**
   * Looks at the app's IndexedDB files before the renderer opens them: Chromium destroys a backing
   * store it finds corrupt at open and starts an empty one, so the renderer would only see an empty
   * database and nothing would be left to keep. A LevelDB whose `CURRENT` does not name an existing
   * `MANIFEST-…` (a torn write, garbage) is broken for certain: it is kept now. Deeper damage is
   * only found by Chromium (then nothing of it remains; the recovery still runs).
   */
  async check(): Promise<{ state: 'ok' | 'absent' | 'unknown' | 'broken'; kept: KeptStorage | null }> {
    const src = this.source();
    if (!src) return { state: 'unknown', kept: null };
    const db = path.join(src.indexedDbDir, `${src.originId}.indexeddb.leveldb`);
    let current: string;
    try {
      current = await readFile(path.join(db, 'CURRENT'), 'latin1');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return { state: 'unknown', kept: null };
      const exists = await stat(db).then(() => true, () => false);
      if (!exists) return { state: 'absent', kept: null };
      return { state: 'broken', kept: await this.keepBroken({ reason: 'corrupt', detail: 'host check: the database has no CURRENT file' }) };
    }
    const m = /^(MANIFEST-\d+)\r?\n?$/.exec(current);
    const manifest = m ? await stat(path.join(db, m[1]!)).then((st) => st.isFile(), () => false) : false;
    if (manifest) return { state: 'ok', kept: null };
    const why = m ? `host check: CURRENT names ${m[1]}, which is missing` : 'host check: CURRENT does not name a manifest (overwritten or torn)';
    return { state: 'broken', kept: await this.keepBroken({ reason: 'corrupt', detail: why }) };
  }

  /** Only the `keep` newest copies stay (names are ISO times: they sort by time). */
  private async prune(): Promise<void> {
    const names = (await readdir(this.root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name).sort().reverse();
    for (const old of names.slice(this.keep)) await rm(path.join(this.root, old), { recursive: true, force: true });
  }

  /** The copies kept, newest first: what each manifest says (never the files' contents). */
  async list(): Promise<KeptStorage[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    const out: KeptStorage[] = [];
    for (const name of entries.filter((e) => e.isDirectory()).map((e) => e.name).sort().reverse()) {
      try {
        const m = JSON.parse(await readFile(path.join(this.root, name, 'manifest.json'), 'utf8')) as Manifest;
        out.push({ name, at: m.at, reason: m.reason, copied: m.copied, files: m.files, bytes: m.bytes, skipped: m.skipped ?? 0, note: m.note ?? null });
      } catch {
        out.push({ name, at: '', reason: 'corrupt', copied: false, files: 0, bytes: 0, skipped: 0, note: 'manifest missing or unreadable' });
      }
    }
    return out;
  }
}
