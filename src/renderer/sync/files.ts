/**
 * The file lane (docs/SYNC-PROTOCOL.md §13): sends digitised documents to the gateway beside the
 * sync engine, never in its way. It has its own loop and its own backoff, takes no part in the
 * engine's run lock, and the mutation queue never waits for it; the two share only the transport
 * (the host's gateway client) and the line's estimator (link.ts).
 *
 * For each pending attachment, oldest first: the file is declared (POST /v1/files, idempotent),
 * the gateway answers which chunks it already holds, and the lane sends the missing ones in order
 * (so it resumes at the first missing chunk after any cut; up to 3 requests in flight, each a run of
 * consecutive chunks sized to the line, §13), each read from the stored Blob, checked
 * against the hash taken when the file was stored (a mismatch means the stored bytes changed:
 * `file-changed`, refused for good), sent as raw bytes and recorded as acknowledged in the same
 * step as the gateway's answer is read. An acknowledged chunk is never sent again. Once the
 * gateway confirmed the whole file the attachment is sent (POST /v1/files/attach); a dossier the
 * gateway does not know yet (its intake still in the mutation queue) is tried again later.
 *
 * `bytesPerSecond` caps the lane's upload rate on a slow line, so the counter's other exchanges
 * keep their share (0: no cap). The lane also holds the age after which the counter evicts a
 * confirmed file's bytes (`evictionDays`, read by the sync engine's retention through
 * `retentionFollowing`). Both come from the device settings (`fileUploadKbps`,
 * `fileEvictionDays`) and follow a change at once (`followFileSettings`, started by bootstrap.ts).
 */
import {
  AttachAnswer, AttachmentList, ChunkAnswer, FILE_CHUNK_BYTES, FileErrorCode, FileState, MAX_CHUNKS_PER_REQUEST, PATHS, attachmentsPath, chunkPath,
  type Attachment, type FileErrorCode as FileErrorCodeT,
} from '../../shared/protocol';
import type { AttachmentRow, FileRow, KioskDb } from '../db/database';
import { FILE_EVICTION_DAYS, fileBacklog, withdrawnThere } from '../db/files';
import { DEFAULT_RETENTION, type RetentionPolicy } from '../db/retention';
import type { PublicSettings } from '../../shared/settings/schema';
import type { SettingsSource } from '../settings';
import { Backoff, DEFAULT_BACKOFF } from './backoff';
import { exchange, failureOf, SyncFailure, gatewayErrorCode, gatewayErrorDetails } from './http';
import type { LinkEstimator } from './link';
import { unregisteredKeyIds } from './staff-keys';
import type { SyncTransport } from './transport';

export interface FileLaneOptions {
  db: KioskDb;
  transport: SyncTransport;
  link?: LinkEstimator;
  /** Upload cap in bytes per second (0 or absent: none). */
  bytesPerSecond?: number;
  /** Days a confirmed file's bytes stay on the counter (default FILE_EVICTION_DAYS). */
  evictionDays?: number;
  /** Deadline of a small request (ms); a chunk gets more on a slow line (link.ts). */
  requestTimeoutMs?: number;
  backoff?: { baseMs?: number; capMs?: number };
  /** Idle re-check (default 30 s). */
  watchdogMs?: number;
  /** Chunks in flight at once (default 3, at most 8). */
  parallel?: number;
}

export interface FileProgress {
  /** Attachments not yet attached at the gateway. */
  pending: number;
  /** Bytes of their files the gateway has not acknowledged. */
  pendingBytes: number;
  /** Attachments whose file was refused for good (shown to staff). */
  failed: number;
  /** Officers' withdrawals of attached pages not yet recorded at the gateway. */
  withdrawals: number;
  /** The file being sent: its dossier, name, and bytes acknowledged of its size. */
  current: { dossierCode: string; name: string; sent: number; size: number } | null;
  lastError: { code: string; at: number } | null;
}

export interface FileLaneStats {
  /** Chunk uploads attempted (a run of N chunks in one request counts N). */
  chunksSent: number;
  /** Chunk PUT requests made (each one chunk or a run of several). */
  requestsSent: number;
  /** Chunk uploads the gateway answered 200. */
  chunksAcked: number;
  /** Chunk uploads that got no answer (a cut, a timeout): the only ones that may reach the gateway twice. */
  chunksUnanswered: number;
  /** Chunks sent although already acknowledged: must stay 0. */
  ackedResent: number;
  /** Chunks the gateway said it already held when declared again (a lost answer it did not have to resend). */
  skippedByGateway: number;
  /**
   * Chunks acknowledged earlier that the gateway no longer holds when the file is declared again
   * (it collected the abandoned upload, or was restored from a backup): sent again.
   */
  lostByGateway: number;
  /** Uploads declared again because the gateway answered `file-not-declared` (the declaration collected). */
  redeclared: number;
  bytesSent: number;
}

export const INITIAL_FILE_PROGRESS: FileProgress = { pending: 0, pendingBytes: 0, failed: 0, withdrawals: 0, current: null, lastError: null };

type Listener = () => void;

/**
 * How long one chunk request should take on the line (ms): long enough that the round trip and
 * the gateway's per-request work are a small part of it, short enough that a cut loses little.
 */
export const RUN_TARGET_MS = 1_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class FileLane {
  private snapshot: FileProgress = INITIAL_FILE_PROGRESS;
  private readonly listeners = new Set<Listener>();
  readonly stats: FileLaneStats = { chunksSent: 0, requestsSent: 0, chunksAcked: 0, chunksUnanswered: 0, ackedResent: 0, skippedByGateway: 0, lostByGateway: 0, redeclared: 0, bytesSent: 0 };
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private readonly backoff: Backoff;
  private unsubscribe: (() => void) | null = null;
  private bytesPerSecond: number;
  private evictAfterDays: number;
  /** Chunks in flight at once. */
  private readonly parallel: number;
  /** Start of the current rate window and bytes sent in it (the cap). */
  private window = { at: 0, bytes: 0 };
  /** The lane's own upload rate estimate (bytes/s, smoothed; 0: none yet), sizing the runs. */
  private rate = 0;
  /** Files declared again in a row after `file-not-declared` (a second time in a row backs off). */
  private readonly redeclaring = new Map<string, number>();

  constructor(private readonly o: FileLaneOptions) {
    this.backoff = new Backoff({ ...DEFAULT_BACKOFF, ...o.backoff });
    this.bytesPerSecond = o.bytesPerSecond ?? 0;
    this.evictAfterDays = FILE_EVICTION_DAYS;
    this.setEvictionAge(o.evictionDays ?? FILE_EVICTION_DAYS);
    this.parallel = Math.max(1, Math.min(8, o.parallel ?? 3));
  }

  readonly subscribe = (l: Listener): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  readonly getSnapshot = (): FileProgress => this.snapshot;

  private update(patch: Partial<FileProgress>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const l of [...this.listeners]) l();
  }

  /** Caps the upload rate from the next run on (0: none); the run sizes follow (runChunks). */
  setBandwidthCap(bytesPerSecond: number): void {
    this.bytesPerSecond = Number.isFinite(bytesPerSecond) ? Math.max(0, bytesPerSecond) : 0;
    // The current rate window was measured against the old cap: start a new one.
    this.window = { at: 0, bytes: 0 };
  }

  /** The upload cap in bytes per second (0: none). */
  get bandwidthCap(): number {
    return this.bytesPerSecond;
  }

  /** Sets the age (days, at least 0) after which a confirmed file's bytes are evicted; the next retention run uses it. */
  setEvictionAge(days: number): void {
    if (Number.isFinite(days) && days >= 0) this.evictAfterDays = days;
  }

  /** Days a confirmed file's bytes stay on the counter. */
  get evictionDays(): number {
    return this.evictAfterDays;
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.o.db.onFilesQueued(() => {
      // The progress shows a new file at once, even while a round waits on a dead line.
      void this.refresh().catch(() => undefined);
      this.trigger(true);
    });
    this.watchdog = setInterval(() => this.trigger(false), this.o.watchdogMs ?? 30_000);
    // A store that cannot be read yet (blocked, an older schema) must not stop the sync's start.
    await this.refresh().catch(() => undefined);
    this.trigger(true);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.running;
  }

  /** Wakes the lane (`now`: even while it waits out a backoff, e.g. the network came back). */
  trigger(now: boolean): void {
    if (!this.started) return;
    if (this.retryTimer !== null) {
      if (!now) return;
      clearTimeout(this.retryTimer);
      this.retryTimer = null;
    }
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async refresh(): Promise<void> {
    const b = await fileBacklog(this.o.db);
    this.update({ pending: b.attachments, pendingBytes: b.bytes, failed: b.failed, withdrawals: b.withdrawals });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.round();
        this.backoff.reset();
        this.update({ lastError: null });
      } catch (err) {
        const code = err instanceof SyncFailure ? err.code : 'internal';
        this.update({ lastError: { code, at: Date.now() }, current: null });
        if (this.started) {
          const delay = this.backoff.next();
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.trigger(true);
          }, delay);
        }
        return;
      } finally {
        await this.refresh().catch(() => undefined);
      }
    } while (this.again && this.started);
  }

  /** One pass over the pending attachments; throws (to back off) when the gateway cannot be reached. */
  private async round(): Promise<void> {
    const db = this.o.db;
    const pending = (await db.attachments.where('state').equals('pending').toArray()).sort((a, b) => a.createdAt - b.createdAt);
    // What was signed with a key the gateway has not registered yet waits for it (as the
    // mutation queue's staff mutations do, push.ts): sent now it would be refused.
    const unregistered = await unregisteredKeyIds({ db });
    await this.refresh();
    let waitingForDossier = false;
    for (const att of pending) {
      if (!this.started) return;
      const file = await db.files.get(att.sha256);
      if (!file || file.state === 'failed') {
        await db.attachments.update(att.id, { state: 'failed' });
        continue;
      }
      if (file.state !== 'complete') {
        const ok = await this.upload(file, att);
        if (!ok) continue;
      }
      // Sent (the bytes are anyone's), not attached: attaching is the officer's signed act, made
      // once the officer named signs in again (db/files.ts signPendingAttachments).
      if (!att.sig || !att.at || unregistered.has(att.sig.keyId)) continue;
      const attached = await this.attach(att);
      if (!attached) waitingForDossier = true;
      await this.refresh();
    }
    // Withdrawals: small requests, after the uploads of this round.
    for (const att of await db.attachments.where('state').equals('withdrawing').toArray()) {
      if (!this.started) return;
      if (att.withdrawal?.sig && unregistered.has(att.withdrawal.sig.keyId)) continue;
      await this.withdraw(att);
    }
    this.update({ current: null });
    // Dossiers still on their way through the mutation queue: look again after a while.
    if (waitingForDossier && this.started) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.trigger(true);
      }, 2_000);
    }
  }

  private timeout(bytes: number): number {
    const floor = this.o.requestTimeoutMs ?? 30_000;
    return Math.max(floor, this.o.link?.timeoutFor(bytes) ?? floor);
  }

  private async fail(file: FileRow, reason: FileErrorCodeT): Promise<void> {
    const db = this.o.db;
    await db.transaction('rw', db.files, db.attachments, async () => {
      await db.files.update(file.sha256, { state: 'failed', failure: { reason, at: Date.now() }, acked: [] });
      await db.attachments.where('sha256').equals(file.sha256).filter((a) => a.state === 'pending').modify({ state: 'failed' });
    });
  }

  /** Sends what the gateway lacks of `file`; true once the gateway confirmed the whole file. */
  private async upload(file: FileRow, att: AttachmentRow): Promise<boolean> {
    const db = this.o.db;
    if (!file.blob) return false;
    const declared = await exchange(this.o.transport, {
      method: 'POST', path: PATHS.files,
      body: { sha256: file.sha256, size: file.size, mime: file.mime, chunkSize: FILE_CHUNK_BYTES, chunks: file.chunks },
    }, this.timeout(file.chunks.length * 70), this.o.link);
    if (declared.status !== 200) {
      const reason = fileReason(declared.body);
      if (reason) {
        await this.fail(file, reason);
        return false;
      }
      throw failureOf(declared);
    }
    const state = FileState.parse(declared.body);
    // The gateway's answer is the truth: it holds every chunk it acknowledged unless it lost the
    // declaration (collected as abandoned after weeks without a chunk, or restored from a backup),
    // and then those chunks must go again.
    const have = new Set(state.have);
    for (const i of file.acked) if (!have.has(i)) this.stats.lostByGateway++;
    const local = new Set(file.acked);
    for (const i of have) if (!local.has(i)) this.stats.skippedByGateway++;
    const acked = have;
    if (state.complete) return this.markComplete(file);
    await db.files.update(file.sha256, { acked: [...acked].sort((a, b) => a - b) });
    const total = file.chunks.length;
    const progress = () => this.update({ current: { dossierCode: att.dossierCode, name: att.name, sent: Math.min(file.size, acked.size * FILE_CHUNK_BYTES), size: file.size } });
    progress();
    // Up to `parallel` requests in flight (the gateway's per-chunk work and the line's round trip
    // overlap), each a run of consecutive missing chunks taken in order, so a cut leaves the first
    // missing chunk near the front. A run is as long as the line sends in about RUN_TARGET_MS
    // (measured on the previous one), at most what the gateway takes (`chunksPerRequest`, absent
    // from an older gateway: one) and what the transport carries (the host bridge: BRIDGE_FILE_CHUNKS,
    // shared/protocol/files.ts). The bandwidth cap bounds the run too (runChunks).
    const maxRun = Math.max(1, Math.min(state.chunksPerRequest ?? 1, MAX_CHUNKS_PER_REQUEST, Math.floor((this.o.transport.maxRequestBytes ?? Infinity) / FILE_CHUNK_BYTES)));
    const queue = Array.from({ length: total }, (_, i) => i).filter((i) => !acked.has(i));
    /** The next run: up to `n` consecutive indices from the front of the queue. */
    const take = (n: number): number[] => {
      const run: number[] = [];
      while (run.length < n && queue.length > 0 && (run.length === 0 || queue[0] === run[run.length - 1]! + 1)) run.push(queue.shift()!);
      return run;
    };
    let stopAt: { error?: unknown; outcome?: 'complete' | 'failed' | 'redeclare' } | null = null;
    // Acknowledgements are written one after another, each with everything acknowledged so far:
    // a later write never drops an earlier chunk, so a restart never sends an acknowledged one.
    let persisted: Promise<unknown> = Promise.resolve();
    const persist = () => {
      persisted = persisted.then(() => db.files.update(file.sha256, { acked: [...acked].sort((x, y) => x - y) }));
      return persisted;
    };
    const worker = async (): Promise<void> => {
      while (stopAt === null && this.started) {
        const run = take(this.runChunks(maxRun));
        if (run.length === 0) return;
        const first = run[0]!;
        const start = first * FILE_CHUNK_BYTES;
        const bytes = new Uint8Array(await file.blob!.slice(start, Math.min(file.size, (first + run.length) * FILE_CHUNK_BYTES)).arrayBuffer());
        for (let k = 0; k < run.length; k++) {
          const piece = bytes.subarray(k * FILE_CHUNK_BYTES, (k + 1) * FILE_CHUNK_BYTES);
          const expected = Math.min(FILE_CHUNK_BYTES, file.size - (first + k) * FILE_CHUNK_BYTES);
          if (piece.byteLength !== expected || (await sha256Hex(piece)) !== file.chunks[first + k]) {
            stopAt ??= { outcome: 'failed' };
            await this.fail(file, 'file-changed');
            return;
          }
        }
        await this.throttle(bytes.byteLength);
        if (stopAt !== null) return;
        for (const i of run) if (acked.has(i)) this.stats.ackedResent++;
        this.stats.chunksSent += run.length;
        this.stats.requestsSent++;
        this.stats.bytesSent += bytes.byteLength;
        let res;
        const t0 = Date.now();
        try {
          res = await exchange(this.o.transport, { method: 'PUT', path: chunkPath(file.sha256, first, run.length), bytes }, this.timeout(bytes.byteLength * this.parallel), this.o.link);
        } catch (err) {
          this.stats.chunksUnanswered += run.length;
          stopAt ??= { error: err };
          return;
        }
        if (res.status === 200) {
          this.redeclaring.delete(file.sha256);
          const answer = ChunkAnswer.parse(res.body);
          this.learnRate(bytes.byteLength, Date.now() - t0);
          this.stats.chunksAcked += run.length;
          for (const i of run) acked.add(i);
          await persist();
          progress();
          if (answer.complete) stopAt ??= { outcome: 'complete' };
          continue;
        }
        const reason = fileReason(res.body);
        // Refused for good: the bytes are not the declared file, or not the declared kind, or not whole.
        if (reason === 'file-hash-mismatch' || reason === 'file-type' || reason === 'file-truncated') {
          stopAt ??= { outcome: 'failed' };
          acked.clear();
          await persist();
          await this.fail(file, reason);
          return;
        }
        if (res.status === 404) {
          // The gateway holds no declaration any more (`file-not-declared`: it collected the upload
          // as abandoned, or was restored from a backup): declare again and send it all, at once
          // rather than after a backoff — unless that already happened just before.
          acked.clear();
          await persist();
          const times = (this.redeclaring.get(file.sha256) ?? 0) + 1;
          this.redeclaring.set(file.sha256, times);
          if (times <= 1) {
            this.stats.redeclared++;
            this.again = true;
            stopAt ??= { outcome: 'redeclare' };
            return;
          }
        }
        // A chunk damaged on the way (`chunk-hash-mismatch`: we checked it before sending) or a
        // server problem: sent again next round.
        stopAt ??= { error: reason === 'chunk-hash-mismatch' ? new SyncFailure('file-rejected', 'server', 'chunk damaged on the way') : failureOf(res) };
        return;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.parallel, Math.max(1, queue.length)) }, () => worker()));
    await persisted;
    const end = stopAt as { error?: unknown; outcome?: 'complete' | 'failed' | 'redeclare' } | null;
    if (end?.outcome === 'complete') return this.markComplete(file);
    if (end?.outcome === 'failed' || end?.outcome === 'redeclare') return false;
    if (end?.error !== undefined) throw end.error;
    if (!this.started) return false;
    // Every chunk acknowledged, none said complete (the last answer was lost): ask again.
    const again = await exchange(this.o.transport, { method: 'POST', path: PATHS.files, body: { sha256: file.sha256, size: file.size, mime: file.mime, chunkSize: FILE_CHUNK_BYTES, chunks: file.chunks } }, this.timeout(file.chunks.length * 70), this.o.link);
    if (again.status === 200 && FileState.parse(again.body).complete) return this.markComplete(file);
    await db.files.update(file.sha256, { acked: [] });
    return false;
  }

  private async markComplete(file: FileRow): Promise<true> {
    await this.o.db.files.update(file.sha256, { state: 'complete', completeAt: Date.now(), acked: file.chunks.map((_, i) => i) });
    return true;
  }

  /**
   * Attaches at the gateway; false while the gateway does not have the dossier yet. An attachment
   * the gateway refuses for good (an officer unknown to it, deactivated, in a role that may not
   * act, a signature that does not match, a request it cannot take) is kept as refused, with the
   * reason, and the lane goes on. One signed with a key the gateway does not know (any more) loses
   * its signature and waits, unsigned, for its officer's next sign-in (a new key signs it again).
   * An answer saying another counter withdrew it meanwhile marks it withdrawn.
   */
  private async attach(att: AttachmentRow): Promise<boolean> {
    const res = await exchange(this.o.transport, {
      method: 'POST', path: PATHS.fileAttach,
      body: {
        id: att.id, dossierCode: att.dossierCode, component: att.component, sha256: att.sha256, name: att.name, position: att.position,
        staffId: att.staffId, at: att.at, sig: att.sig,
      },
    }, this.timeout(1024), this.o.link);
    if (res.status === 200) {
      const { attachment } = AttachAnswer.parse(res.body);
      await this.o.db.attachments.update(att.id, attachment.withdrawn
        ? { state: 'withdrawn', attachedAt: Date.now(), withdrawal: withdrawnThere(attachment.withdrawn) }
        : { state: 'attached', attachedAt: Date.now() });
      return true;
    }
    if (res.status === 404) return false;
    if (res.status === 409) {
      // The gateway lost the file (restored from a backup): send it again.
      await this.o.db.files.update(att.sha256, { state: 'pending', acked: [], completeAt: null });
      this.again = true;
      return true;
    }
    const refused = officerRefusal(res.body);
    if (res.status === 403 && refused === 'signature-invalid' && keyNotKnown(res.body)) {
      await this.o.db.attachments.update(att.id, { sig: null, refusal: { reason: refused, at: Date.now() } });
      return true;
    }
    if (permanent(res.status)) {
      await this.o.db.attachments.update(att.id, { state: 'failed', refusal: { reason: refused ?? gatewayErrorCode(res.body) ?? `http-${res.status}`, at: Date.now() } });
      return true;
    }
    throw failureOf(res);
  }

  /**
   * Sends an officer's withdrawal of an attached page. Recorded (or the gateway says it holds no
   * such attachment of this agency: nothing is attached to withdraw) → `withdrawn`; refused for
   * good (its officer, its signature, the request) → back to `attached` with the reason on the
   * page, for an officer to withdraw again. Any other answer is tried again later.
   */
  private async withdraw(att: AttachmentRow): Promise<void> {
    const w = att.withdrawal;
    if (!w) return;
    const res = await exchange(this.o.transport, {
      method: 'POST', path: PATHS.fileWithdraw,
      body: { id: att.id, dossierCode: att.dossierCode, reason: w.reason, staffId: w.staffId, at: w.at, sig: w.sig },
    }, this.timeout(1024), this.o.link);
    // A 404 counts only with the gateway's own word that this attachment is not there (a gateway
    // without the route, or a proxy, answers 404 too).
    const noSuch = res.status === 404 && gatewayErrorDetails(res.body)?.attachment === att.id;
    if (res.status === 200 || noSuch) {
      if (res.status === 200) AttachAnswer.parse(res.body);
      await this.o.db.attachments.update(att.id, { state: 'withdrawn', withdrawal: { ...w, doneAt: Date.now() } });
      return;
    }
    if (res.status !== 404 && permanent(res.status)) {
      const refused = officerRefusal(res.body);
      await this.o.db.attachments.update(att.id, {
        state: 'attached', withdrawal: null, refusal: { reason: refused ?? gatewayErrorCode(res.body) ?? `http-${res.status}`, at: Date.now() },
      });
      return;
    }
    throw failureOf(res);
  }

  /** Chunks in the next run: what the line sends in about RUN_TARGET_MS, 1…maxRun. */
  private runChunks(maxRun: number): number {
    if (maxRun <= 1 || this.rate <= 0) return 1;
    const perRequest = this.bytesPerSecond > 0 ? Math.min(this.rate, this.bytesPerSecond) : this.rate;
    return Math.max(1, Math.min(maxRun, Math.floor((perRequest * RUN_TARGET_MS) / 1000 / FILE_CHUNK_BYTES)));
  }

  private learnRate(bytes: number, ms: number): void {
    const r = bytes / (Math.max(1, ms) / 1000);
    this.rate = this.rate <= 0 ? r : 0.5 * this.rate + 0.5 * r;
  }

  private async throttle(bytes: number): Promise<void> {
    if (this.bytesPerSecond <= 0) return;
    const now = Date.now();
    if (now - this.window.at > 1_000) this.window = { at: now, bytes: 0 };
    this.window.bytes += bytes;
    const due = this.window.at + (this.window.bytes / this.bytesPerSecond) * 1000;
    if (due > now) await sleep(due - now);
  }
}

/** A `fileUploadKbps` setting in the lane's bytes per second (1 kbit/s = 125 bytes/s; 0: no cap). */
export const kbpsToBytesPerSecond = (kbps: number): number => Math.max(0, Math.round(kbps * 125));

/** Applies the device settings' file fields to a lane. */
export function applyFileSettings(lane: FileLane, s: Pick<PublicSettings, 'fileUploadKbps' | 'fileEvictionDays'>): void {
  lane.setBandwidthCap(kbpsToBytesPerSecond(s.fileUploadKbps));
  lane.setEvictionAge(s.fileEvictionDays);
}

/**
 * Keeps a lane on the device settings: applies them now, then each change the host announces
 * (`settings.changed`), so a technician's new cap or age applies without a restart. Resolves the
 * unsubscribe.
 */
export function followFileSettings(lane: FileLane, settings: Pick<SettingsSource, 'get' | 'subscribe'>): () => void {
  applyFileSettings(lane, settings.get());
  return settings.subscribe((next, prev) => {
    if (prev === null || next.fileUploadKbps !== prev.fileUploadKbps || next.fileEvictionDays !== prev.fileEvictionDays) applyFileSettings(lane, next);
  });
}

/**
 * The sync engine's retention policy, its file age read from the lane at each run (so a changed
 * setting applies at the next run without rebuilding the engine); the default age without a lane.
 */
export function retentionFollowing(lane: () => FileLane | null, base: RetentionPolicy = DEFAULT_RETENTION): RetentionPolicy {
  const { fileDays, ...rest } = base;
  return {
    ...rest,
    get fileDays() {
      return lane()?.evictionDays ?? fileDays ?? FILE_EVICTION_DAYS;
    },
  };
}

/**
 * What the gateway holds attached to a dossier of this device's agency, from any counter
 * (GET /v1/dossiers/:code/attachments): empty while the dossier has not reached it. Rejects with a
 * SyncFailure when it cannot be asked (offline, refused, an answer not of the protocol).
 */
export async function gatewayAttachments(
  ctx: { transport: SyncTransport; requestTimeoutMs: number; link?: LinkEstimator }, code: string,
): Promise<Attachment[]> {
  const res = await exchange(ctx.transport, { method: 'GET', path: attachmentsPath(code) }, ctx.requestTimeoutMs, ctx.link);
  if (res.status === 404) return [];
  if (res.status !== 200) throw failureOf(res);
  const parsed = AttachmentList.safeParse(res.body);
  if (!parsed.success) throw new SyncFailure('bad-response', 'server', 'The attachment list does not match the protocol');
  return parsed.data.attachments;
}

/** A 4xx that will not change by sending the same request again (not auth, a lost route, a conflict, a version or a rate). */
const permanent = (status: number): boolean => status >= 400 && status < 500 && ![401, 404, 408, 409, 426, 429].includes(status);

/** A `signature-invalid` because the gateway does not know (or no longer accepts) the key: a new key can sign again. */
function keyNotKnown(body: unknown): boolean {
  const why = gatewayErrorDetails(body)?.why;
  return why === 'unknown-key' || why === 'revoked-key';
}

/** The reasons an attachment is refused for its officer or signature: final, unlike a scope or a revoked device. */
const OFFICER_REASONS = ['staff-unknown', 'staff-inactive', 'staff-role', 'signature-invalid'] as const;
export type AttachRefusal = typeof OFFICER_REASONS[number];
export const isAttachRefusal = (reason: unknown): reason is AttachRefusal => (OFFICER_REASONS as readonly unknown[]).includes(reason);
function officerRefusal(body: unknown): AttachRefusal | null {
  if (gatewayErrorCode(body) !== 'forbidden') return null;
  const reason = gatewayErrorDetails(body)?.reason;
  return isAttachRefusal(reason) ? reason : null;
}

function fileReason(body: unknown): FileErrorCodeT | null {
  if (gatewayErrorCode(body) !== 'file-rejected') return null;
  const reason = FileErrorCode.safeParse(gatewayErrorDetails(body)?.reason);
  return reason.success ? reason.data : null;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let s = '';
  for (let i = 0; i < d.length; i++) s += d[i]!.toString(16).padStart(2, '0');
  return s;
}
