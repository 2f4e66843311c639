/**
 * A cache of serialized (and compressed) feed pages, in the gateway process (docs/SYNC-PROTOCOL.md
 * §4.6, docs/PERFORMANCE.md "Feed at its limit").
 *
 * Why a page can be cached at all: every write to anything a feed page carries (a dossier, its
 * citizen view, a staff account, a procedure, a holiday, the province's settings) takes the next
 * number of its feed stream and saves that stream's head in the same transaction
 * (store/streams.ts); a row only ever leaves a stream's range by such a write too. So the
 * answer to "the page after cursor C, limit N, for this agency and view" is a function of C, N,
 * the agency, the view and the two stream heads (province and agency). The key holds all of
 * them; the heads are read from the database for every request (one statement, two primary-key
 * probes), so a write through any gateway process — several may share one PostgreSQL database —
 * changes the key of every page it could change, and a cached page is never served after a change
 * of its content. A miss stores the page under the heads its own statement read, in the same
 * snapshot as its items.
 *
 * Memory is bounded: least recently used entries go first once the plain and compressed bytes
 * held pass `maxBytes`; a page is never older than `maxAgeMs` (its `serverTime` is when it was
 * read from the database).
 *
 * Read-ahead (docs/SYNC-PROTOCOL.md §4.6): once a full page (more follow) has been answered, the
 * next pages (store/feed.ts `readAheadPages`: two on PostgreSQL, one on PGlite) are built in the background (`readAhead`), one after another,
 * at most one read-ahead at a time per agency, view and limit, after the answer was handed to the
 * socket, and kept like any other page: under the heads its own statement read, so it is only
 * ever served if the heads still match. A page answered while a read-ahead is in flight asks for
 * one more, run when the first ends (so the read-ahead keeps working ahead of a counter's sync). A request for the page a read-ahead is reading waits for
 * that read instead of reading it a second time (`pending`).
 */
import type { WireCoding } from '../../shared/protocol';
import { compress } from '../http/compression';

export interface FeedCacheOptions {
  /** Bytes of pages (plain and compressed) held at most; 0 turns the cache off. */
  maxBytes: number;
  /** A page older than this is read again (its `serverTime` stays this fresh). */
  maxAgeMs: number;
}

export const DEFAULT_FEED_CACHE: FeedCacheOptions = { maxBytes: 64 * 1024 * 1024, maxAgeMs: 60_000 };

/** One page, plain, and in each coding once asked for (compressed once, then kept). */
export interface FeedPage {
  plain: Buffer;
  coded(coding: WireCoding): Promise<Buffer>;
  /** The cursor of the next page when this one was full (more follow): what a read-ahead reads. */
  next: string | null;
  /** The stream heads of the snapshot the page was read in (set by store/feed.ts). */
  heads?: { province: number; agency: number };
}

interface Entry extends FeedPage {
  key: string;
  at: number;
  bytes: number;
  codings: Map<WireCoding, Promise<Buffer>>;
  /** Built by a read-ahead and not asked for yet. */
  ahead: boolean;
}

export interface FeedCacheStats {
  hits: number; misses: number; entries: number; bytes: number; evictions: number;
  /** Pages built by a read-ahead and kept; of them, those a request then got. */
  readAheads: number; readAheadHits: number;
}

/** A page outside any cache: compressed on every request. */
export function uncachedPage(plain: Buffer, next: string | null = null): FeedPage {
  return { plain, next, coded: (coding) => compress(coding, plain) };
}

/**
 * One read-ahead in flight: the page it is reading now (the key without the heads), when each is
 * done, and the run asked for meanwhile (started when this one ends).
 */
interface Ahead { base: string | null; page: Promise<unknown> | null; done: Promise<void>; again: ((step: AheadStep) => Promise<unknown>) | null }

/** Marks the page a read-ahead reads next (`base`, the key without the heads) while `read` runs. */
export type AheadStep = <T>(base: string, read: () => Promise<T>) => Promise<T>;

export class FeedPageCache {
  /** Insertion order is recency: a hit moves its entry to the end, eviction takes from the front. */
  private readonly entries = new Map<string, Entry>();
  private held = 0;
  private readonly counts = { hits: 0, misses: 0, evictions: 0, readAheads: 0, readAheadHits: 0 };
  /** Read-aheads in flight, by agency, view and limit (one each at most). */
  private readonly ahead = new Map<string, Ahead>();
  private closed = false;

  constructor(readonly options: FeedCacheOptions = DEFAULT_FEED_CACHE, private readonly now: () => number = Date.now) {}

  get enabled(): boolean {
    return this.options.maxBytes > 0;
  }

  get(key: string): FeedPage | undefined {
    const e = this.entries.get(key);
    if (!e || this.now() - e.at > this.options.maxAgeMs) {
      if (e) this.drop(e);
      this.counts.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    this.counts.hits++;
    if (e.ahead) {
      e.ahead = false;
      this.counts.readAheadHits++;
    }
    return e;
  }

  /** The fresh page held under `key`, if any, counting nothing and leaving the recency alone. */
  peek(key: string): FeedPage | undefined {
    const e = this.entries.get(key);
    return e !== undefined && this.now() - e.at <= this.options.maxAgeMs ? e : undefined;
  }

  has(key: string): boolean {
    return this.peek(key) !== undefined;
  }

  /**
   * Keeps `plain` under `key` (if it fits at all) and returns it as a page; `next` is the cursor
   * of the page after it (null on the last), `ahead` marks a page built by a read-ahead.
   */
  set(key: string, plain: Buffer, next: string | null = null, ahead = false): FeedPage {
    const old = this.entries.get(key);
    if (old) this.drop(old);
    const size = plain.length + key.length;
    if (!this.enabled || size > this.options.maxBytes) return uncachedPage(plain, next);
    if (ahead) this.counts.readAheads++;
    const e: Entry = {
      key, plain, next, ahead, at: this.now(), bytes: size, codings: new Map(),
      coded: (coding) => {
        let p = e.codings.get(coding);
        if (!p) {
          p = compress(coding, plain);
          e.codings.set(coding, p);
          p.then((b) => {
            // Counted once compressed, and only while the entry is still held.
            if (this.entries.get(key) !== e) return;
            e.bytes += b.length;
            this.held += b.length;
            this.evict();
          }, () => { e.codings.delete(coding); });
        }
        return p;
      },
    };
    this.entries.set(key, e);
    this.held += size;
    this.evict();
    return e;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
  }

  /**
   * Runs `run` (reading pages ahead, each through `step`) after the current I/O phase, unless the
   * cache is off or closed. One read-ahead at a time per `slot` (agency, view, limit): while one is
   * in flight, `run` is kept and runs as soon as it is done (only the latest kept: it starts from
   * the page answered last, and skips the pages held already), so a counter reading page after
   * page always finds the read-ahead working ahead of it rather than restarting every other page.
   * Failures are dropped: a page is then read when asked for. True when started or kept.
   */
  readAhead(slot: string, run: (step: AheadStep) => Promise<unknown>): boolean {
    if (!this.enabled || this.closed) return false;
    const busy = this.ahead.get(slot);
    if (busy) {
      busy.again = run;
      return true;
    }
    const a: Ahead = { base: null, page: null, done: Promise.resolve(), again: null };
    const step: AheadStep = (base, read) => {
      const page = read();
      a.base = base;
      a.page = page;
      return page;
    };
    const runAll = async (): Promise<void> => {
      let next: typeof run | null = run;
      while (next && !this.closed) {
        await next(step).catch(() => undefined);
        next = a.again;
        a.again = null;
      }
    };
    a.done = new Promise<void>((r) => setImmediate(r)).then(runAll)
      .finally(() => { if (this.ahead.get(slot) === a) this.ahead.delete(slot); });
    this.ahead.set(slot, a);
    return true;
  }

  /** The read-ahead reading the page `base` (the key without the heads) right now, if any; resolves when that page is done. */
  pending(slot: string, base: string): Promise<void> | undefined {
    const a = this.ahead.get(slot);
    return a && a.base === base && a.page ? a.page.then(() => undefined, () => undefined) : undefined;
  }

  /** Resolves once no read-ahead is in flight. */
  async idle(): Promise<void> {
    while (this.ahead.size > 0) await Promise.all([...this.ahead.values()].map((a) => a.done));
  }

  /** Starts no more read-aheads and waits for those in flight (before the database closes). */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  stats(): FeedCacheStats {
    return { ...this.counts, entries: this.entries.size, bytes: this.held };
  }

  private drop(e: Entry): void {
    if (this.entries.get(e.key) !== e) return;
    this.entries.delete(e.key);
    this.held -= e.bytes;
  }

  private evict(): void {
    while (this.held > this.options.maxBytes) {
      const first = this.entries.values().next();
      if (first.done) break;
      this.drop(first.value);
      this.counts.evictions++;
    }
  }
}
