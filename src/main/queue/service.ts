/**
 * The office queue on this device (docs/ARCHITECTURE.md, "The office queue"). One device of the
 * office is the queue host (technician console: mode `host`), one may be its `backup`, the others
 * are `member`s; all of them keep the day's events in their own log (log.ts).
 *
 * - **Host**: plans every action on its folded state, one at a time, writes the event to disk,
 *   sends it to every member and answers. A ticket is answered (so printed) only once the host's
 *   designated backup has it on disk too; while that backup is away the host issues no number
 *   (`fenced`), so a backup that takes over never issues a number the host already gave out.
 *   It uploads its log to the gateway for the statistics.
 * - **Member**: follows the host (found at the configured peers or by mDNS), writing what it
 *   receives before acknowledging; it notices a silent host within LOST_AFTER_MS and shows it; it
 *   keeps serving what it holds (finishing the current ticket, pausing) and hands those actions
 *   to the host when it is back.
 * - **Backup**: a member the host designated; after `takeoverAfterMs` without the host it becomes
 *   host with the next term. A host that finds another host with a higher term (or the same term
 *   and a smaller device id: two devices started as host) steps down and joins it, handing over
 *   what it holds.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import {
  QueueError, applyQueueEvent, estimateWaitMinutes, foldQueue, peopleAhead, planQueueAction, queueDay, SKEW_WARN_MS,
  type QueueAction, type QueueConfig, type QueueErrorCode, type QueueEvent, type QueueEventBody, type QueueLinkState, type QueueSnapshot, type QueueState,
} from '../../shared/queue';
import type { LogFn } from '../settings/errors';
import { LanClient, LanServer, type LanIdentity, type Member } from './lan';
import { QueueLog, type QueueMeta } from './log';

export interface QueueServiceOptions {
  dir: string;
  config: QueueConfig;
  /** This device as enrolled (null before enrollment: the service waits). */
  identity(): Promise<{ device: string; agency: string } | null>;
  /** The office's LAN key and the one it replaced while still valid (kept; fetched from the gateway
   * when none is kept or `refresh` asks); null while unknown. */
  lanKey(agency: string, opts?: { refresh?: boolean }): Promise<{ key: Buffer; previous: Buffer | null } | null>;
  /** Delivers events to the gateway (throws when it cannot). */
  upload?(events: QueueEvent[]): Promise<void>;
  /** Host addresses of this agency found by mDNS. */
  discovered?(agency: string): string[];
  /** Announce (or stop announcing) this device as the host on the LAN. */
  announce?(port: number | null, info: { agency: string; device: string; term: number }): void;
  now?(): number;
  log: LogFn;
  onChange(s: QueueSnapshot): void;
}

const RETRY_MS = 1_000;
const BACKUP_ACK_MS = 2_500;
const HOST_PROBE_MS = 5_000;
/** The office LAN key is fetched again this often while the gateway answers. */
export const KEY_REFRESH_MS = 3_600_000;
/** After a failed handshake, at most this often (a stranger on the LAN must not make it a loop). */
export const KEY_SUSPECT_REFRESH_MS = 30_000;
const UPLOAD_MS = 3_000;
const HOLDABLE: ReadonlySet<QueueAction['action']> = new Set(['serve', 'pause', 'resume', 'skip', 'rate']);

export class QueueService {
  private readonly log: QueueLog;
  private readonly now: () => number;
  private meta: QueueMeta = { day: null, term: 0, backup: null, synced: {} };
  private day: string;
  private state: QueueState;
  private id: LanIdentity | null = null;
  private link: QueueLinkState = 'off';
  private notice: QueueErrorCode | null = null;
  private skewMs: number | null = null;
  private hostAddress: string | null = null;
  private server: LanServer | null = null;
  private port: number | null = null;
  private client: LanClient | null = null;
  private lostSince: number | null = null;
  private designatedBackup = false;
  private held = 0;
  private serial: Promise<unknown> = Promise.resolve();
  private readonly acks = new Map<string, () => void>();
  private timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private uploading = false;
  private connecting = false;

  constructor(private readonly opts: QueueServiceOptions) {
    this.log = new QueueLog(opts.dir);
    this.now = opts.now ?? Date.now;
    this.day = queueDay(this.now());
    this.state = foldQueue(this.day, []);
  }

  get config(): QueueConfig {
    return this.opts.config;
  }

  async start(): Promise<void> {
    this.meta = await this.log.readMeta();
    // The day never goes back (a clock set back after midnight does not reopen yesterday's numbers).
    if (this.meta.day && this.meta.day > this.day) this.day = this.meta.day;
    await this.refold();
    if (this.meta.day !== this.day) { this.meta = { ...this.meta, day: this.day, term: 0, backup: null }; }
    if (this.config.mode === 'off') { this.setLink('off'); return; }
    this.setLink('no-key');
    this.every(RETRY_MS, () => this.tick());
    this.every(UPLOAD_MS, () => this.upload());
    void this.tick();
  }

  private every(ms: number, fn: () => unknown): void {
    this.timers.push(setInterval(() => { void Promise.resolve().then(fn).catch((err: unknown) => this.opts.log('queue tick failed', { error: String(err) })); }, ms));
  }

  private async refold(): Promise<void> {
    const events = await this.log.read(this.day);
    this.state = foldQueue(this.day, events);
    this.state.term = Math.max(this.state.term, this.meta.day === this.day ? this.meta.term : 0);
  }

  private hostNow(): number {
    return this.now() - (this.link === 'host' ? 0 : this.skewMs ?? 0);
  }

  private async rollDay(): Promise<void> {
    const today = queueDay(this.hostNow());
    if (today <= this.day) return;
    this.day = today;
    this.meta = { ...this.meta, day: today, term: this.link === 'host' ? 1 : 0, backup: null };
    await this.log.writeMeta(this.meta);
    await this.refold();
    this.emit();
  }

  /** Every second: get an identity and key, then keep the link as the mode wants it. */
  private async tick(): Promise<void> {
    if (this.stopped || this.connecting) return;
    this.connecting = true;
    try {
      await this.rollDay();
      if (!this.id) {
        const who = await this.opts.identity();
        const key = who ? await this.opts.lanKey(who.agency) : null;
        if (!who || !key) { this.setLink('no-key'); return; }
        this.id = { device: who.device, agency: who.agency, key: key.key, previous: key.previous };
        this.keyCheckedAt = this.now();
        this.setLink('connecting');
        if (this.config.mode === 'host') {
          // Join a host already on the LAN rather than start a second one.
          if (await this.tryJoin('backup')) { this.notice = 'queue-other-host'; this.emit(); return; }
          await this.becomeHost(Math.max(this.state.term, 1));
        }
        return;
      }
      if (this.keyDue()) await this.refreshKey();
      if (this.link === 'host') {
        if (this.now() - this.lastProbe >= HOST_PROBE_MS) await this.probeOtherHosts();
        return;
      }
      if (this.client?.open) return;
      const role = this.config.mode === 'member' ? 'member' : 'backup';
      if (await this.tryJoin(role)) return;
      if (this.link === 'member') this.setLink('lost');
      const silentFor = this.lostSince === null ? 0 : this.now() - this.lostSince;
      if (this.designatedBackup && silentFor >= this.config.takeoverAfterMs) {
        this.opts.log('queue host silent: the backup takes over', { silentMs: silentFor, term: this.state.term + 1 });
        await this.becomeHost(this.state.term + 1);
      }
    } finally {
      this.connecting = false;
    }
  }

  private lastProbe = 0;
  /** Addresses at which this host found itself (probeOtherHosts); forgotten when it stops hosting. */
  private readonly ownAddresses = new Set<string>();

  private keyCheckedAt = 0;
  /** A handshake failed: the office key may have changed. */
  private keySuspect = false;

  private keyDue(): boolean {
    const since = this.now() - this.keyCheckedAt;
    return this.id !== null && (since >= KEY_REFRESH_MS || (this.keySuspect && since >= KEY_SUSPECT_REFRESH_MS));
  }

  /**
   * Fetches the office key again (lanKey throttles the gateway to one ask in 5 s and keeps the
   * old key while the gateway is away) and updates the identity in place: the LAN server and
   * client read it at each handshake. A host then disconnects members whose session rests on a
   * key no longer valid (a revoked device's office got a new key).
   */
  private async refreshKey(): Promise<void> {
    if (!this.id) return;
    const suspect = this.keySuspect;
    const k = await this.opts.lanKey(this.id.agency, { refresh: true });
    this.keyCheckedAt = this.now();
    if (!k) return;
    const same = (a: Buffer | null | undefined, b: Buffer | null | undefined): boolean => (a && b ? a.equals(b) : !a && !b);
    const changed = !same(k.key, this.id.key) || !same(k.previous, this.id.previous);
    this.id.key = k.key;
    this.id.previous = k.previous;
    // A suspicion clears once a fresh key came (or the same one again: then the other side is wrong).
    if (suspect) this.keySuspect = false;
    if (changed) {
      const dropped = this.server?.dropStale() ?? 0;
      this.opts.log('queue: office LAN key changed', { dropped });
    }
  }

  private addresses(): string[] {
    return [...new Set([...this.config.peers, ...(this.id ? this.opts.discovered?.(this.id.agency) ?? [] : [])])];
  }

  /** Tries each known address; on a host that is not this device, becomes its member. */
  private async tryJoin(role: 'member' | 'backup'): Promise<boolean> {
    for (const address of this.addresses()) {
      if (this.stopped || !this.id) return false;
      let c: LanClient;
      try {
        c = await LanClient.connect(address, this.id, { role, day: this.day, term: this.state.term, now: this.now }, {
          event: (e) => this.received(e),
          heard: (hostTime) => this.heard(hostTime),
          lost: () => this.lost(c),
        });
      } catch (err) {
        if (err instanceof QueueError && err.code === 'queue-auth-failed') { this.notice = 'queue-auth-failed'; this.keySuspect = true; this.emit(); }
        continue;
      }
      if (c.welcome.hostDevice === this.id.device) { c.close(); continue; }
      await this.joined(c);
      return true;
    }
    return false;
  }

  private async joined(c: LanClient): Promise<void> {
    const w = c.welcome;
    this.client = c;
    this.hostAddress = c.address;
    this.heard(w.time);
    if (w.day > this.day) this.day = w.day;
    const mine = await this.log.read(this.day);
    const theirs = new Set(w.events.map((e) => e.id));
    await this.log.append(w.events);
    this.meta = { ...this.meta, day: this.day, term: w.term, backup: null };
    await this.log.writeMeta(this.meta);
    await this.refold();
    this.state.term = w.term;
    this.designatedBackup = w.backup;
    this.lostSince = null;
    // What this device holds that the host lacks: actions taken while it was away, or the log of
    // a host that stepped down.
    const missing = mine.filter((e) => !theirs.has(e.id));
    if (missing.length > 0) c.merge(missing);
    this.held = 0;
    this.setLink('member');
    this.opts.log('queue: joined host', { host: c.address, term: w.term, backup: w.backup, handedOver: missing.length });
  }

  private heard(hostTime: number): void {
    this.skewMs = this.now() - hostTime;
    const off = Math.abs(this.skewMs) > SKEW_WARN_MS;
    if (off && this.notice !== 'queue-clock-skew') { this.notice = 'queue-clock-skew'; this.emit(); }
    if (!off && this.notice === 'queue-clock-skew') { this.notice = null; this.emit(); }
  }

  private lost(c: LanClient): void {
    if (this.client !== c || this.stopped) return;
    this.client = null;
    this.lostSince = this.now();
    this.setLink('lost');
    this.opts.log('queue: host lost', { host: c.address });
  }

  private async received(e: QueueEvent): Promise<void> {
    const added = await this.log.append([e]);
    if (added.length === 0) return;
    if (e.day > this.day) { this.day = e.day; await this.refold(); } else applyQueueEvent(this.state, e);
    this.emit();
  }

  private async becomeHost(term: number): Promise<void> {
    if (!this.id) return;
    this.client?.close();
    this.client = null;
    this.meta = { ...this.meta, day: this.day, term, backup: term === this.meta.term ? this.meta.backup : null };
    await this.log.writeMeta(this.meta);
    this.state.term = term;
    this.designatedBackup = false;
    const server = new LanServer(this.id, {
      term: () => this.state.term,
      now: this.now,
      join: async (m) => ({ day: this.day, events: await this.log.read(this.day), backup: await this.designate(m) }),
      request: (m, action) => this.hostAct(action),
      merge: (m, events) => this.merge(events),
      ack: (_m, id) => { this.acks.get(id)?.(); },
      leave: (m) => {
        // This host's own look for other hosts (probeOtherHosts) reached itself: nobody left.
        if (m.device === this.id?.device) return;
        this.opts.log('queue: member left', { device: m.device });
        if (this.link === 'host' || this.link === 'fenced') this.setLink('host'); else this.emit();
      },
      authFailed: (address, device) => {
        this.opts.log('queue: a device failed to authenticate', { address, device });
        this.notice = 'queue-auth-failed';
        this.keySuspect = true;
        this.emit();
      },
    }, this.opts.log);
    try {
      this.port = await server.listen(this.config.listen, this.config.port);
    } catch (err) {
      this.opts.log('queue: cannot listen', { error: String(err) });
      await server.close().catch(() => undefined);
      this.setLink('lost');
      return;
    }
    this.server = server;
    this.hostAddress = null;
    this.skewMs = 0;
    this.lostSince = null;
    this.lastProbe = this.now();
    this.opts.announce?.(this.port, { agency: this.id.agency, device: this.id.device, term });
    // Two devices started as host at once: look for the other before issuing anything (the
    // link is still `connecting`, so no number is given out meanwhile).
    if (await this.probeOtherHosts(true)) return;
    this.setLink(this.fenced() ? 'fenced' : 'host');
    this.opts.log('queue: this device is the host', { port: this.port, term });
  }

  private async designate(m: Member): Promise<boolean> {
    if (m.role !== 'backup') return false;
    if (this.meta.backup === null) {
      this.meta = { ...this.meta, backup: m.device };
      await this.log.writeMeta(this.meta);
    }
    const yes = this.meta.backup === m.device;
    if (yes && this.link === 'fenced') queueMicrotask(() => this.setLink('host'));
    return yes;
  }

  private backupConnected(): boolean {
    return this.meta.backup !== null && (this.server?.connected().some((m) => m.device === this.meta.backup) ?? false);
  }

  private fenced(): boolean {
    return this.meta.backup !== null && !this.backupConnected();
  }

  /** A host looks for another host on the LAN: the one with the higher term (then smaller id) stays. */
  private async probeOtherHosts(starting = false): Promise<boolean> {
    this.lastProbe = this.now();
    if (!this.id) return false;
    for (const address of this.addresses()) {
      // An address that answered as this very device (its own, listed in the peers or announced
      // on the LAN) is not asked again every few seconds.
      if (this.ownAddresses.has(address)) continue;
      let c: LanClient;
      try {
        c = await LanClient.connect(address, this.id, { role: 'member', day: this.day, term: this.state.term, now: this.now, timeoutMs: 1_000 }, {
          event: async () => undefined, heard: () => undefined, lost: () => undefined,
        });
      } catch { continue; }
      const other = c.welcome;
      c.close();
      if (other.hostDevice === this.id.device) {
        this.ownAddresses.add(address);
        continue;
      }
      const issued = (es: readonly QueueEvent[]): boolean => es.some((e) => e.day === this.day && e.type === 'ticket.issued');
      // The host that already gave out numbers today stays; then the higher term, then the smaller id.
      const theirs = issued(other.events);
      const mine = this.state.tickets.length > 0;
      const theyWin = theirs !== mine ? theirs
        : other.term > this.state.term || (other.term === this.state.term && other.hostDevice < this.id.device);
      this.opts.log('queue: another host on the LAN', { address, term: other.term, stepDown: theyWin, starting });
      this.notice = 'queue-other-host';
      this.emit();
      if (!theyWin) continue;
      await this.stepDown();
      await this.tryJoin('backup');
      return true;
    }
    return false;
  }

  private async stepDown(): Promise<void> {
    this.ownAddresses.clear();
    this.opts.announce?.(null, { agency: this.id!.agency, device: this.id!.device, term: this.state.term });
    await this.server?.close();
    this.server = null;
    this.port = null;
    this.setLink('connecting');
  }

  /** Merges events a member holds (its held actions, or a stepped-down host's log). */
  private merge(events: QueueEvent[]): Promise<void> {
    return this.serialize(async () => {
      const added = await this.log.append(events.filter((e) => e.day === this.day));
      for (const e of added) { applyQueueEvent(this.state, e); this.server?.broadcast({ t: 'event', event: e }); }
      if (added.length) { this.opts.log('queue: merged events from a member', { count: added.length }); this.emit(); }
    });
  }

  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.serial.then(fn);
    this.serial = run.catch(() => undefined);
    return run;
  }

  private hostAct(action: QueueAction): Promise<QueueEvent> {
    return this.serialize(async () => {
      await this.rollDay();
      if (action.action === 'issue' && this.fenced()) throw new QueueError('queue-fenced');
      const body: QueueEventBody = planQueueAction(this.state, action, randomUUID);
      const event = this.makeEvent(body);
      await this.log.append([event]);
      applyQueueEvent(this.state, event);
      const acked = action.action === 'issue' && this.meta.backup !== null ? this.waitAck(event.id) : null;
      this.server?.broadcast({ t: 'event', event });
      this.emit();
      if (acked && !(await acked)) {
        // Not on the backup's disk: this number is never handed out (nor issued again).
        this.opts.log('queue: the backup did not acknowledge a ticket', { ticket: event.id });
        this.setLink('fenced');
        throw new QueueError('queue-fenced');
      }
      return event;
    });
  }

  private waitAck(id: string): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => { this.acks.delete(id); resolve(false); }, BACKUP_ACK_MS);
      this.acks.set(id, () => { clearTimeout(timer); this.acks.delete(id); resolve(true); });
    });
  }

  private makeEvent(body: QueueEventBody): QueueEvent {
    // Never before an event this log holds: a clock set back (or a takeover host whose clock is
    // behind) keeps the day's events in time order, which the statistics and the gateway read by.
    let last = 0;
    for (const e of this.log.peek(this.day)) last = Math.max(last, Date.parse(e.at));
    const at = Math.max(this.hostNow(), last + 1);
    return { id: randomUUID(), at: new Date(at).toISOString(), day: this.day, term: Math.max(1, this.state.term), device: this.id?.device ?? 'unknown', ...body } as QueueEvent;
  }

  /** A bridge call: do `action` on the office queue; answers the event and, for a ticket, its place. */
  async act(action: QueueAction): Promise<{ event: QueueEvent; ahead: number; waitMinutes: number }> {
    if (this.config.mode === 'off') throw new QueueError('queue-off');
    let event: QueueEvent;
    if (this.link === 'host' || this.link === 'fenced') event = await this.hostAct(action);
    else if (this.client?.open) event = await this.client.request(action);
    else if (HOLDABLE.has(action.action) && this.id) event = await this.holdAct(action);
    else throw new QueueError(this.link === 'no-key' ? 'queue-no-key' : 'queue-host-unreachable');
    // A member's answer may come before the event itself: fold it now (folding is once per id).
    await this.received(event);
    const ahead = event.type === 'ticket.issued' ? peopleAhead(this.state, event.ticketId) : 0;
    return { event, ahead, waitMinutes: estimateWaitMinutes(this.state, ahead) };
  }

  /** Host away: finish or pause on this device; the host gets it when it is back. */
  private holdAct(action: QueueAction): Promise<QueueEvent> {
    return this.serialize(async () => {
      const event = this.makeEvent(planQueueAction(this.state, action, randomUUID));
      await this.log.append([event]);
      applyQueueEvent(this.state, event);
      this.held += 1;
      this.emit();
      return event;
    });
  }

  /** Technician: the host's backup is gone for good; issue again without it. */
  async forgetBackup(): Promise<void> {
    this.meta = { ...this.meta, backup: null };
    await this.log.writeMeta(this.meta);
    if (this.link === 'fenced') this.setLink('host');
  }

  private async upload(): Promise<void> {
    if (!this.opts.upload || this.uploading || (this.link !== 'host' && this.link !== 'fenced')) return;
    this.uploading = true;
    try {
      const events = await this.log.read(this.day);
      let done = this.meta.synced[this.day] ?? 0;
      while (done < events.length) {
        const batch = events.slice(done, done + 200);
        await this.opts.upload(batch);
        done += batch.length;
        this.meta = { ...this.meta, synced: { ...Object.fromEntries(Object.entries(this.meta.synced).filter(([d]) => d >= this.day)), [this.day]: done } };
        await this.log.writeMeta(this.meta);
      }
    } catch (err) {
      this.opts.log('queue: upload to the gateway failed; will retry', { error: err instanceof Error ? err.message : String(err) });
    } finally {
      this.uploading = false;
    }
  }

  private setLink(link: QueueLinkState): void {
    if (link === 'host' && this.fenced()) link = 'fenced';
    this.link = link;
    this.emit();
  }

  private emit(): void {
    if (this.stopped) return;
    this.opts.onChange(this.snapshot());
  }

  snapshot(): QueueSnapshot {
    const events = this.state.day === this.day ? this.log.peek(this.day) : [];
    return {
      mode: this.config.mode,
      link: this.link,
      counter: this.config.counter,
      host: this.link === 'host' || this.link === 'fenced' ? (this.port ? `:${this.port}` : null) : this.hostAddress,
      term: this.state.term,
      skewMs: this.skewMs,
      notice: this.notice,
      day: this.day,
      events,
      held: this.held,
      hostTime: this.hostNow(),
    };
  }

  async close(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.client?.close();
    if (this.server && this.id) this.opts.announce?.(null, { agency: this.id.agency, device: this.id.device, term: this.state.term });
    await this.server?.close();
    await this.serial.catch(() => undefined);
  }
}

export const queueDir = (dataDir: string): string => path.join(dataDir, 'queue');
