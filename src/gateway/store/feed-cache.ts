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
}

interface Entry extends FeedPage {
  key: string;
  at: number;
  bytes: number;
  codings: Map<WireCoding, Promise<Buffer>>;
}

export interface FeedCacheStats { hits: number; misses: number; entries: number; bytes: number; evictions: number }

/** A page outside any cache: compressed on every request. */
export function uncachedPage(plain: Buffer): FeedPage {
  return { plain, coded: (coding) => compress(coding, plain) };
}

export class FeedPageCache {
  /** Insertion order is recency: a hit moves its entry to the end, eviction takes from the front. */
  private readonly entries = new Map<string, Entry>();
  private held = 0;
  private readonly counts = { hits: 0, misses: 0, evictions: 0 };

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
    return e;
  }

  /** Keeps `plain` under `key` (if it fits at all) and returns it as a page. */
  set(key: string, plain: Buffer): FeedPage {
    const old = this.entries.get(key);
    if (old) this.drop(old);
    const size = plain.length + key.length;
    if (!this.enabled || size > this.options.maxBytes) return uncachedPage(plain);
    const e: Entry = {
      key, plain, at: this.now(), bytes: size, codings: new Map(),
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
