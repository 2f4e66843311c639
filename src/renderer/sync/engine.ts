/**
 * The sync engine. One run at a time across windows (lock.ts); woken by a new
 * mutation, a watchdog timer, regaining the network and the "Sync now" button; failures retried
 * with capped exponential backoff and jitter, reset on success. The watchdog exists because the
 * `online` event lies and timers get lost across sleep (docs/RELIABILITY.md item 5): whatever happens, a run is
 * attempted again within `watchdogMs` once the backoff delay has passed.
 *
 * A run: heartbeat (when due) → pull the change feed → register officers' new signing keys →
 * push the outbox → pull again what the push changed (repeated while pulls produce new pending work, e.g. replays after a restore) → top up
 * code leases → retention (every few hours) → a few pages of the backfill (backfill.ts: its
 * failure is recorded as its own and never fails the run; while some remains the engine runs
 * again at once, so new work always goes first).
 */
import Dexie from 'dexie';
import type { Attachment, DeviceIdentity } from '../../shared/protocol';
import { META, type KioskDb } from '../db/database';
import { outboxCounts } from '../db/outbox';
import { keepOnlyWhatAKioskMayHold } from '../db/device-kind';
import { applyRetention, DEFAULT_RETENTION, type RetentionPolicy } from '../db/retention';
import { classifyStorageError } from '../db/storage';
import { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import type { RunContext } from './context';
import { sendHeartbeat, type ScannerHealth } from './heartbeat';
import { SyncFailure } from './http';
import { DEFAULT_LEASES, topUpLeases, type LeasePolicy } from './leases';
import { SKIPPED, runExclusive } from './lock';
import { pullAll, startResync } from './pull';
import { pushAll } from './push';
import { registerStaffKeys } from './staff-keys';
import { backfillSome, fetchOnDemand, refreshHoldings } from './backfill';
import { LinkEstimator } from './link';
import { StatusStore, type SyncProblem, type SyncStatus } from './status';
import type { SyncTransport } from './transport';
import { FileLane, gatewayAttachments } from './files';
import { noteWithdrawals } from '../db/files';

export type TriggerReason = 'start' | 'mutation' | 'watchdog' | 'online' | 'manual' | 'retry';

interface EventSourceLike {
  addEventListener(type: string, fn: () => void): void;
  removeEventListener(type: string, fn: () => void): void;
}

export interface SyncEngineOptions {
  db: KioskDb;
  transport: SyncTransport;
  appVersion: string;
  backoff?: Partial<BackoffOptions>;
  /** Idle re-check and lost-timer guard (default 30 s). */
  watchdogMs?: number;
  /** Heartbeat interval unless the gateway asks otherwise (default 60 s). */
  heartbeatMs?: number;
  /**
   * Deadline of a request before the line was measured, and the least ever used (default 30 s);
   * larger transfers get more from the line's measured round trip and throughput (link.ts).
   */
  requestTimeoutMs?: number;
  pageSize?: number;
  batchSize?: number;
  leases?: LeasePolicy | false;
  retention?: RetentionPolicy | false;
  /** Defaults to `kiosk-sync:<database name>`. */
  lockName?: string;
  /** The device clock (injected by clock-skew tests). */
  clock?: () => number;
  /** `window` in the app: its `online` event wakes the engine (never trusted alone). */
  events?: EventSourceLike;
  scanners?: () => ScannerHealth[];
  /**
   * A pull from scratch asks for the working set: dossiers open or changed in the last N days
   * (default 30), the rest by the backfill (docs/SYNC-PROTOCOL.md §4.2). false: the whole feed at once.
   */
  workingSetDays?: number | false;
  /** How far back the backfill goes (days; default the retention of closed dossiers). */
  backfillDays?: number;
  /** Backfill pages per sync run (default 4). */
  backfillPagesPerRun?: number;
  /**
   * The file lane (files.ts): digitised documents, on their own loop beside the runs. `false`:
   * none (a kiosk-kind device never sends files). `bytesPerSecond` caps its upload rate.
   */
  files?: { bytesPerSecond?: number; backoff?: Partial<BackoffOptions> } | false;
}

const RETENTION_EVERY_MS = 6 * 3_600_000;

export class SyncEngine {
  readonly status = new StatusStore();
  private readonly db: KioskDb;
  private readonly backoff: Backoff;
  private readonly clock: () => number;
  private skewMs = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdog: ReturnType<typeof setInterval> | null = null;
  private nextHeartbeatAt = 0;
  /** Device clock minus monotonic time at the last heartbeat: a jump means the clock was changed. */
  private clockBase: number | null = null;
  private readonly cleanups: (() => void)[] = [];
  /** The line to the gateway as measured (link.ts): deadlines, page and batch sizes. */
  readonly link: LinkEstimator;
  /** Digitised documents' own lane (null when disabled); never inside a run, never in its way. */
  readonly files: FileLane | null;

  constructor(private readonly opts: SyncEngineOptions) {
    this.db = opts.db;
    this.clock = opts.clock ?? Date.now;
    this.backoff = new Backoff({ ...DEFAULT_BACKOFF, ...opts.backoff });
    this.link = new LinkEstimator({ floorMs: opts.requestTimeoutMs ?? 30_000, pageSize: opts.pageSize ?? 500, batchSize: Math.min(opts.batchSize ?? 100, 100) });
    this.files = opts.files === false ? null : new FileLane({
      db: opts.db, transport: opts.transport, link: this.link, requestTimeoutMs: opts.requestTimeoutMs,
      bytesPerSecond: opts.files?.bytesPerSecond, watchdogMs: opts.watchdogMs,
      ...(opts.files?.backoff ? { backoff: opts.files.backoff } : opts.backoff ? { backoff: opts.backoff } : {}),
    });
  }

  /** Server-corrected time: what receipts, codes and leases use. */
  readonly now = (): number => this.clock() + this.skewMs;

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const skew = await this.db.getMeta<number>(META.clockSkewMs);
    const lastSuccessAt = (await this.db.getMeta<number>(META.lastSuccessAt)) ?? null;
    if (skew !== undefined) this.skewMs = skew;
    await refreshHoldings(this.db, this.status);
    this.status.update({ clockSkewMs: skew ?? null, lastSuccessAt });
    this.cleanups.push(this.db.onQueued(() => this.trigger('mutation')));
    const online = () => {
      this.trigger('online');
      this.files?.trigger(true);
    };
    const offline = () => this.status.update({ phase: 'offline' });
    this.opts.events?.addEventListener('online', online);
    this.opts.events?.addEventListener('offline', offline);
    this.cleanups.push(() => {
      this.opts.events?.removeEventListener('online', online);
      this.opts.events?.removeEventListener('offline', offline);
    });
    this.watchdog = setInterval(() => this.onWatchdog(), this.opts.watchdogMs ?? 30_000);
    await this.refreshCounts();
    this.trigger('start');
    await this.files?.start();
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const c of this.cleanups.splice(0)) c();
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    this.clearRetry();
    await this.files?.stop();
    await this.running;
  }

  /** Wakes the engine. Runs at once unless one is running (then once more after it). */
  trigger(reason: TriggerReason): void {
    if (!this.started) return;
    // A new mutation while backing off waits for the retry: the gateway is known to be down.
    if (reason === 'mutation' && this.retryTimer !== null) {
      void this.refreshCounts();
      return;
    }
    if (reason === 'online' || reason === 'manual' || reason === 'retry') this.clearRetry();
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  /** The "Sync now" button: runs now (ignoring the backoff wait) and resolves with the outcome. */
  async syncNow(): Promise<SyncStatus> {
    if (!this.started) await this.start();
    this.trigger('manual');
    await this.whenIdle();
    return this.status.getSnapshot();
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /**
   * After a technician enrolled the device again (it was revoked, or the gateway restored from a
   * backup that predates it): keep the outbox, pull from scratch, replay what was delivered.
   */
  async afterEnrollment(identity: DeviceIdentity): Promise<void> {
    await this.db.transaction('rw', this.db.meta, () => this.db.setMeta(META.identity, identity));
    // A counter enrolled again as a kiosk keeps only what a kiosk may hold.
    await keepOnlyWhatAKioskMayHold(this.db, identity);
    if (await this.db.getMeta<string>(META.cursor) !== undefined || (await this.db.outbox.count()) > 0) {
      await startResync(this.db, 're-enrolled');
    }
    this.status.update({ needsEnrollment: false, lastError: null });
    this.backoff.reset();
    this.trigger('manual');
  }

  async refreshCounts(): Promise<void> {
    try {
      const c = await outboxCounts(this.db);
      this.status.update({ pending: c.pending, oldestPendingAt: c.oldestPendingAt, attention: c.attention, conflicts: c.conflicts, keyProblems: c.keyProblems });
    } catch (err) {
      this.storageProblem(err);
    }
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      // One lock per database: windows of one profile share it, as Web Locks are per origin.
      const outcome = await runExclusive(this.opts.lockName ?? `kiosk-sync:${this.db.name}`, () => this.cycle());
      // Another window holds the lock and does the work; look again shortly in case it dies.
      if (outcome === SKIPPED) this.scheduleRetry(Math.min(5_000, this.opts.watchdogMs ?? 30_000));
    } while (this.again && this.started);
  }

  private onWatchdog(): void {
    if (this.running) return;
    const retryAt = this.status.getSnapshot().retryAt;
    if (this.retryTimer !== null && retryAt !== null && Date.now() < retryAt) return;
    this.clearRetry();
    this.trigger('watchdog');
  }

  private context(): RunContext {
    return {
      db: this.db,
      transport: this.opts.transport,
      status: this.status,
      // A signed intake envelope weighs ≈ 1 KB as JSON.
      batchSize: this.link.batchSize(1_000),
      pageSize: this.opts.pageSize ?? 500,
      requestTimeoutMs: this.link.timeoutFor(4_096),
      link: this.link,
      workingSet: this.opts.workingSetDays === false ? null : {
        days: this.opts.workingSetDays ?? 30,
        backfillDays: this.opts.backfillDays ?? (this.opts.retention === false ? null : (this.opts.retention ?? DEFAULT_RETENTION).dossierDays),
      },
      appVersion: this.opts.appVersion,
      now: this.now,
      localNow: this.clock,
      refreshCounts: () => this.refreshCounts(),
      observeServerTime: () => undefined,
    };
  }

  private async cycle(): Promise<void> {
    const ctx = this.context();
    try {
      if (Date.now() >= this.nextHeartbeatAt || this.clockJumped()) await this.heartbeat(ctx);
      // Pull first: a gateway restored from a backup is recognised by our cursor being ahead of
      // it, which only holds until new writes (ours included) move its head past that position.
      this.status.update({ phase: 'pulling' });
      await pullAll(ctx);
      await refreshHoldings(this.db, this.status);
      // Then push, and pull what the push changed; a pull can queue work (replays after a
      // restore), so repeat a few times until it settles. Officers' new signing keys are
      // registered first: what they signed is held until then.
      for (let round = 0; round < 3; round++) {
        this.status.update({ phase: 'pushing' });
        if (await registerStaffKeys(ctx) > 0) {
          await this.refreshCounts();
          // Pages and withdrawals signed with those keys were held by the file lane too.
          this.files?.trigger(true);
        }
        if ((await pushAll(ctx)) === 0) break;
        this.status.update({ phase: 'pulling' });
        await pullAll(ctx);
      }
      if (this.opts.leases !== false) await topUpLeases(ctx, this.opts.leases ?? DEFAULT_LEASES);
      await this.maybeRetention();
      const at = Date.now();
      await this.db.transaction('rw', this.db.meta, () => this.db.setMeta(META.lastSuccessAt, at));
      this.backoff.reset();
      this.clearRetry();
      await this.refreshCounts();
      this.status.update({ phase: 'idle', lastSuccessAt: at, lastError: null, needsEnrollment: false, storageAlert: null });
      await this.backfill(ctx);
    } catch (err) {
      await this.refreshCounts();
      this.fail(err);
    }
  }

  /**
   * A few pages of the archive, after everything else of the run succeeded. Whatever goes wrong
   * here is the backfill's problem (status.backfill.lastError), retried next run: the working set
   * is up to date and the run stays a success.
   */
  private async backfill(ctx: RunContext): Promise<void> {
    if (ctx.workingSet === null) return;
    let problem: SyncProblem | null = null;
    try {
      if (await backfillSome(ctx, this.opts.backfillPagesPerRun ?? 4)) this.again = true;
    } catch (err) {
      const at = Date.now();
      problem = err instanceof SyncFailure
        ? { code: err.code, ...(err.status === undefined ? {} : { status: err.status }), message: err.message, at }
        : { code: classifyStorageError(err).code, message: err instanceof Error ? err.message : String(err), at };
    }
    try {
      await refreshHoldings(this.db, this.status, problem);
    } catch {
      // Reading the meta table failed: the figures stay as they were until the next run.
    }
  }

  /**
   * Asks the gateway for a dossier this device does not hold (a counter search that missed while
   * the backfill is incomplete) and stores it. Resolves whether it is now held; rejects with a
   * SyncFailure when the gateway cannot be asked.
   */
  async lookupRemote(code: string): Promise<boolean> {
    return fetchOnDemand(this.context(), code);
  }

  /**
   * The files the gateway holds attached to a dossier, whichever counter of the agency attached
   * them (the digitising panel shows those this counter does not hold). Rejects with a
   * SyncFailure when the gateway cannot be asked.
   */
  async remoteAttachments(code: string): Promise<Attachment[]> {
    const list = await gatewayAttachments(this.context(), code);
    // Withdrawals made at another counter reach this counter's own rows here.
    await noteWithdrawals(this.db, list);
    return list;
  }

  private async heartbeat(ctx: RunContext): Promise<void> {
    let answer: { skewMs: number; nextInSeconds: number };
    try {
      answer = await sendHeartbeat(ctx, this.opts.scanners?.() ?? []);
    } catch (err) {
      // A heartbeat the gateway refuses (a field it no longer accepts) must not stop the outbox;
      // no link, no credential or an old app still ends the run as usual.
      if (err instanceof SyncFailure && err.kind === 'client') {
        this.nextHeartbeatAt = Date.now() + (this.opts.heartbeatMs ?? 60_000);
        return;
      }
      throw err;
    }
    const { skewMs, nextInSeconds } = answer;
    this.skewMs = skewMs;
    this.clockBase = this.clock() - performance.now();
    this.status.update({ clockSkewMs: skewMs });
    this.nextHeartbeatAt = Date.now() + Math.max(this.opts.heartbeatMs ?? 60_000, nextInSeconds * 1000);
  }

  /** Someone set the device clock mid-session (docs/RELIABILITY.md item 8): measure the skew again now. */
  private clockJumped(): boolean {
    return this.clockBase !== null && Math.abs(this.clock() - performance.now() - this.clockBase) > 30_000;
  }

  private async maybeRetention(): Promise<void> {
    if (this.opts.retention === false) return;
    const last = (await this.db.getMeta<number>(META.lastRetentionAt)) ?? 0;
    if (Date.now() - last < RETENTION_EVERY_MS) return;
    await applyRetention(this.db, this.opts.retention ?? DEFAULT_RETENTION);
    await this.db.transaction('rw', this.db.meta, () => this.db.setMeta(META.lastRetentionAt, Date.now()));
  }

  private fail(err: unknown): void {
    const at = Date.now();
    if (err instanceof SyncFailure) {
      const phase = err.kind === 'offline' ? 'offline' : 'error';
      const lastError = { code: err.code, ...(err.status === undefined ? {} : { status: err.status }), message: err.message, at };
      this.status.update({ phase, lastError, needsEnrollment: err.kind === 'auth' });
    } else if (err instanceof Dexie.DexieError || (err instanceof Error && /Error$/.test(err.name) && 'inner' in err)) {
      this.storageProblem(err);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      this.status.update({ phase: 'error', lastError: { code: 'internal', message, at } });
    }
    this.scheduleRetry(this.backoff.next());
  }

  private storageProblem(err: unknown): void {
    const s = classifyStorageError(err);
    const problem = { code: s.code, message: s.message, at: Date.now() };
    this.status.update({ phase: 'error', lastError: problem, storageAlert: problem });
  }

  private scheduleRetry(ms: number): void {
    this.clearRetry();
    if (!this.started) return;
    this.status.update({ retryAt: Date.now() + ms });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.status.update({ retryAt: null });
      this.trigger('retry');
    }, ms);
  }

  private clearRetry(): void {
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.status.getSnapshot().retryAt !== null) this.status.update({ retryAt: null });
  }
}
