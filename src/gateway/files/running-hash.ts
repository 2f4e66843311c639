/**
 * The whole-file hash of each file being uploaded, kept as its chunks arrive, so that completing
 * a file does not read it back from the file store (docs/SYNC-PROTOCOL.md §13). In memory only,
 * one registry per file store (so per gateway process): a restart, a file whose chunks went to
 * another process, or one whose early chunks arrived before this registry knew it simply has
 * less of its hash here, and the completion reads back the rest.
 *
 * SHA-256 is sequential: a chunk can be fed only after every chunk before it. Chunks arrive
 * nearly in order (the lane sends the missing ones in index order, a few runs in flight), so a
 * chunk a little ahead is held until the gap closes (at most `aheadChunks` ahead of the hash,
 * at most `maxHeldBytes` in all: beyond that it is dropped and read back at completion). Only
 * chunks already checked against their declared hash and recorded are fed.
 *
 * What completion gets (`take`): the hash of chunks 0…next−1, the chunk hashes it was fed (the
 * caller checks them against the declaration: a file dropped and declared again with another
 * chunk list under the same id must not reuse the old state) and the chunks held ahead.
 */
import { createHash, type Hash } from 'node:crypto';
import type { FileStore } from './store';
import { PDF_TAIL_BYTES } from '../../shared/protocol';

export interface RunningHashOptions {
  /** Files tracked at once (the least recently fed is forgotten beyond this). */
  maxFiles: number;
  /** How far ahead of the hash a chunk may be held, in chunks. */
  aheadChunks: number;
  /** Bytes held ahead, over every file. */
  maxHeldBytes: number;
}

export const DEFAULT_RUNNING_HASH: RunningHashOptions = { maxFiles: 64, aheadChunks: 64, maxHeldBytes: 16 * 1024 * 1024 };

interface State {
  hash: Hash;
  /** The next chunk index the hash needs. */
  next: number;
  /** Chunk hashes fed, in order (chunks 0…next−1). */
  fed: string[];
  /** Chunks received ahead of `next`, by index. */
  held: Map<number, { hash: string; bytes: Uint8Array }>;
  /** The ends of what was fed, for completion's check of the file's kind (`fileContentProblem`). */
  ends: FileEnds;
}

export interface TakenHash {
  hash: Hash;
  next: number;
  fed: string[];
  held: Map<number, { hash: string; bytes: Uint8Array }>;
  ends: FileEnds;
}

/**
 * The first `HEAD_BYTES` and the last `PDF_TAIL_BYTES` of a file's bytes seen in order, kept as
 * they pass (copies of at most 1 KB each), so that no chunk is read back to learn them.
 */
export class FileEnds {
  head: Uint8Array = new Uint8Array(0);
  tail: Uint8Array = new Uint8Array(0);
  add(bytes: Uint8Array): void {
    if (this.head.byteLength < HEAD_BYTES) this.head = concat(this.head, bytes.subarray(0, HEAD_BYTES - this.head.byteLength));
    const fresh = bytes.subarray(Math.max(0, bytes.byteLength - PDF_TAIL_BYTES));
    this.tail = fresh.byteLength >= PDF_TAIL_BYTES ? fresh.slice() : concat(this.tail, fresh).slice(-PDF_TAIL_BYTES);
  }
}
const HEAD_BYTES = 16;
const concat = (a: Uint8Array, b: Uint8Array): Uint8Array => {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
};

export class RunningHashes {
  private readonly states = new Map<string, State>();
  private heldBytes = 0;
  /**
   * Since start, for tests and the bench: chunks fed in order, chunks not held (too far ahead, or
   * over the bytes bound), and chunks completions read back from the store.
   */
  readonly stats = { fed: 0, dropped: 0, readBack: 0 };
  private readonly o: RunningHashOptions;

  constructor(options: Partial<RunningHashOptions> = {}) {
    this.o = { ...DEFAULT_RUNNING_HASH, ...options };
  }

  /** Chunks of `sha256` checked and recorded (any order). */
  feed(sha256: string, pieces: readonly { index: number; hash: string; bytes: Uint8Array }[]): void {
    let st = this.states.get(sha256);
    if (!st) {
      // A file this registry has not seen: worth following only if its start is near.
      if (pieces.length === 0 || pieces[0]!.index > this.o.aheadChunks) return;
      st = { hash: createHash('sha256'), next: 0, fed: [], held: new Map(), ends: new FileEnds() };
      this.states.set(sha256, st);
      while (this.states.size > this.o.maxFiles) this.forget(this.states.keys().next().value!);
    } else {
      // Most recently fed last: the first key is the one to forget.
      this.states.delete(sha256);
      this.states.set(sha256, st);
    }
    for (const p of pieces) {
      if (p.index < st.next || st.held.has(p.index)) continue;
      if (p.index === st.next) {
        st.hash.update(p.bytes);
        st.ends.add(p.bytes);
        st.fed.push(p.hash);
        st.next++;
        this.stats.fed++;
        for (let h = st.held.get(st.next); h; h = st.held.get(st.next)) {
          st.held.delete(st.next);
          this.heldBytes -= h.bytes.byteLength;
          st.hash.update(h.bytes);
          st.ends.add(h.bytes);
          st.fed.push(h.hash);
          st.next++;
          this.stats.fed++;
        }
      } else if (p.index - st.next <= this.o.aheadChunks && this.heldBytes + p.bytes.byteLength <= this.o.maxHeldBytes) {
        // A copy: the request's buffer (a whole run) is not kept alive for one chunk of it.
        st.held.set(p.index, { hash: p.hash, bytes: Uint8Array.prototype.slice.call(p.bytes) });
        this.heldBytes += p.bytes.byteLength;
      } else {
        this.stats.dropped++;
      }
    }
  }

  /** Hands over (and forgets) what is known of `sha256`'s hash; null: nothing. */
  take(sha256: string): TakenHash | null {
    const st = this.states.get(sha256);
    if (!st) return null;
    this.forget(sha256);
    return st;
  }

  /** Forgets a file (completed, refused, collected). */
  forget(sha256: string): void {
    const st = this.states.get(sha256);
    if (!st) return;
    for (const h of st.held.values()) this.heldBytes -= h.bytes.byteLength;
    this.states.delete(sha256);
  }

  /** Files followed and bytes held (tests). */
  get size(): { files: number; heldBytes: number } {
    return { files: this.states.size, heldBytes: this.heldBytes };
  }
}

const registries = new WeakMap<FileStore, RunningHashes>();

/**
 * The running hashes of the files sent to `store` (one registry per store object: per gateway);
 * `options` apply when it is made (tests).
 */
export function runningHashesOf(store: FileStore, options?: Partial<RunningHashOptions>): RunningHashes {
  let r = registries.get(store);
  if (!r) {
    r = new RunningHashes(options);
    registries.set(store, r);
  }
  return r;
}
