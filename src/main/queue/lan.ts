/**
 * The office queue's LAN link (src/shared/queue/lan.ts has the messages): `LanServer` on the queue
 * host, `LanClient` on each member. A WebSocket at `/queue`; before anything else both sides
 * prove they hold the office's LAN key (HMAC over both nonces), so a device of another office, or
 * anything else on the LAN, neither joins nor poses as the host.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import {
  HostMessage, LAN_PROTOCOL, LOST_AFTER_MS, MemberMessage, PING_MS, QueueError, hostProofText, memberProofText,
  type QueueAction, type QueueEvent, type QueueErrorCode,
} from '../../shared/queue';
import type { LogFn } from '../settings/errors';

/** `key` is the office's LAN key; `previous`, the key it replaced while still valid (the gateway's
 * grace period after a key change). The service updates both in place when it fetches the key again. */
export interface LanIdentity { device: string; agency: string; key: Buffer; previous?: Buffer | null }

/** The office keys a proof may be made with: the current one first. */
const keysOf = (id: LanIdentity): Buffer[] => (id.previous ? [id.key, id.previous] : [id.key]);

const nonce = (): string => randomBytes(24).toString('base64url');
export function mac(key: Buffer, text: string): string {
  return createHmac('sha256', key).update(text, 'utf8').digest('base64url');
}
function macOk(key: Buffer, text: string, given: string): boolean {
  const want = Buffer.from(mac(key, text));
  const got = Buffer.from(given);
  return want.length === got.length && timingSafeEqual(want, got);
}

/**
 * After the handshake every message is sealed: `{p, n, h}` with the message's JSON `p`, a per-
 * direction sequence number `n` (strictly increasing: a replayed or reordered frame is refused)
 * and `h` = HMAC-SHA256 under a session key derived from the office key and both nonces, over the
 * direction, `n` and `p`. A frame that fails is refused and the connection closed.
 */
export class Sealer {
  private sent = 0;
  private heard = 0;
  private readonly key: Buffer;
  constructor(officeKey: Buffer, memberNonce: string, hostNonce: string, private readonly side: 'host' | 'member') {
    this.key = createHmac('sha256', officeKey).update(`mot-cua/queue-lan/1|session|${memberNonce}|${hostNonce}`, 'utf8').digest();
  }

  seal(msg: unknown): string {
    const p = JSON.stringify(msg);
    const n = ++this.sent;
    return JSON.stringify({ p, n, h: mac(this.key, `${this.side}|${n}|${p}`) });
  }

  /** The message inside a sealed frame from the other side, or null (forged, replayed, malformed). */
  open(raw: unknown): unknown {
    try {
      const f = JSON.parse(String(raw)) as { p?: unknown; n?: unknown; h?: unknown };
      if (typeof f.p !== 'string' || typeof f.n !== 'number' || !Number.isSafeInteger(f.n) || typeof f.h !== 'string') return null;
      const other = this.side === 'host' ? 'member' : 'host';
      if (f.n <= this.heard || !macOk(this.key, `${other}|${f.n}|${f.p}`, f.h)) return null;
      this.heard = f.n;
      return JSON.parse(f.p) as unknown;
    } catch {
      return null;
    }
  }
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, raw: unknown): T | null {
  try {
    const r = schema.safeParse(JSON.parse(String(raw)));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export interface Member {
  device: string;
  role: 'member' | 'backup';
  address: string;
  send(msg: HostMessage): void;
}

export interface LanServerHooks {
  term(): number;
  /** A member proved itself: what to welcome it with. */
  join(m: Member, hello: { day: string | null; term: number; time: number }): Promise<{ day: string; events: QueueEvent[]; backup: boolean } | { refuse: QueueErrorCode }>;
  request(m: Member, action: QueueAction): Promise<QueueEvent>;
  merge(m: Member, events: QueueEvent[]): Promise<void>;
  ack(m: Member, id: string): void;
  leave(m: Member): void;
  authFailed(address: string, device: string | null): void;
  now(): number;
}

export class LanServer {
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly members = new Set<Member & { ws: WebSocket; key: Buffer }>();
  private pinger: NodeJS.Timeout | null = null;

  constructor(private readonly id: LanIdentity, private readonly hooks: LanServerHooks, private readonly log: LogFn) {
    this.http = createServer((_req, res) => { res.writeHead(404).end(); });
    this.wss = new WebSocketServer({ server: this.http, path: '/queue', maxPayload: 4 * 1024 * 1024 });
    this.wss.on('connection', (ws, req) => this.accept(ws, `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? 0}`));
  }

  async listen(host: string, port: number): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => { this.http.off('error', reject); resolve(); });
    });
    this.pinger = setInterval(() => this.broadcast({ t: 'ping', time: this.hooks.now() }), PING_MS);
    return (this.http.address() as AddressInfo).port;
  }

  connected(): Member[] {
    return [...this.members];
  }

  /** After the office key changed: members whose session rests on a key no longer valid are
   * disconnected (they reconnect with the new key, or — a revoked device — cannot). */
  dropStale(): number {
    const valid = keysOf(this.id);
    let dropped = 0;
    for (const m of [...this.members]) {
      if (valid.some((k) => k.equals(m.key))) continue;
      this.members.delete(m);
      m.ws.close();
      dropped++;
    }
    return dropped;
  }

  broadcast(msg: HostMessage): void {
    for (const m of this.members) m.send(msg);
  }

  private accept(ws: WebSocket, address: string): void {
    let stage: 'hello' | 'auth' | 'member' = 'hello';
    let hello: Extract<MemberMessage, { t: 'hello' }> | null = null;
    let hostNonce = '';
    let member: (Member & { ws: WebSocket; key: Buffer }) | null = null;
    let sealer: Sealer | null = null;
    const send = (msg: HostMessage): void => { if (ws.readyState === WebSocket.OPEN) ws.send(sealer ? sealer.seal(msg) : JSON.stringify(msg)); };
    const fail = (device: string | null): void => {
      this.hooks.authFailed(address, device);
      send({ t: 'refuse', code: 'queue-auth-failed', term: 0 });
      ws.close();
    };
    const timer = setTimeout(() => { if (stage !== 'member') ws.terminate(); }, 5_000);
    ws.on('message', (raw) => {
      let msg: MemberMessage | null;
      if (sealer) {
        const inner = sealer.open(raw);
        const r = inner === null ? null : MemberMessage.safeParse(inner);
        msg = r?.success ? r.data : null;
        if (inner === null) { this.log('queue: a forged or replayed message refused', { address, device: hello?.device ?? null }); fail(hello?.device ?? null); return; }
      } else msg = parse(MemberMessage, raw);
      if (!msg) { if (stage !== 'member') fail(hello?.device ?? null); return; }
      if (stage === 'hello') {
        if (msg.t !== 'hello') return fail(null);
        if (msg.agency !== this.id.agency) return fail(msg.device);
        hello = msg;
        hostNonce = nonce();
        const term = this.hooks.term();
        const proof = hostProofText(msg.nonce, hostNonce, this.id.device, this.id.agency, term);
        send({ t: 'challenge', v: LAN_PROTOCOL, device: this.id.device, agency: this.id.agency, nonce: hostNonce, term, time: this.hooks.now(),
          mac: mac(this.id.key, proof), ...(this.id.previous ? { macPrevious: mac(this.id.previous, proof) } : {}) });
        stage = 'auth';
        return;
      }
      if (stage === 'auth') {
        if (msg.t !== 'auth' || !hello) return fail(hello?.device ?? null);
        const proof = memberProofText(hostNonce, hello.nonce, hello.device, this.id.agency);
        const used = keysOf(this.id).find((k) => macOk(k, proof, msg.mac));
        if (!used) return fail(hello.device);
        stage = 'member';
        sealer = new Sealer(used, hello.nonce, hostNonce, 'host');
        clearTimeout(timer);
        member = { device: hello.device, role: hello.role, address, send, ws, key: used };
        const m = member;
        void this.hooks.join(m, { day: hello.day, term: hello.term, time: hello.time }).then((w) => {
          if ('refuse' in w) { send({ t: 'refuse', code: w.refuse, term: this.hooks.term() }); ws.close(); return; }
          // One connection per device: a reconnecting member replaces its old socket.
          for (const old of this.members) if (old.device === m.device) { this.members.delete(old); old.ws.terminate(); }
          this.members.add(m);
          send({ t: 'welcome', day: w.day, term: this.hooks.term(), events: w.events, backup: w.backup, time: this.hooks.now() });
        }, (err: unknown) => { this.log('queue member not welcomed', { error: String(err) }); ws.close(); });
        return;
      }
      if (!member) return;
      const m = member;
      switch (msg.t) {
        case 'ack': this.hooks.ack(m, msg.id); return;
        case 'pong': return;
        case 'bye': ws.close(); return;
        case 'merge': void this.hooks.merge(m, msg.events).catch((err: unknown) => this.log('queue merge failed', { error: String(err) })); return;
        case 'request':
          void this.hooks.request(m, msg.action).then(
            (event) => send({ t: 'result', rid: msg.rid, ok: true, event }),
            (err: unknown) => send({ t: 'result', rid: msg.rid, ok: false, code: err instanceof QueueError ? err.code : 'queue-invalid' }),
          );
          return;
        default: return;
      }
    });
    ws.on('close', () => {
      clearTimeout(timer);
      if (member && this.members.delete(member)) this.hooks.leave(member);
    });
    ws.on('error', () => undefined);
  }

  async close(): Promise<void> {
    if (this.pinger) clearInterval(this.pinger);
    for (const m of this.members) m.ws.terminate();
    this.members.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

export interface Welcome { day: string; term: number; events: QueueEvent[]; backup: boolean; time: number; hostDevice: string }

export interface LanClientHooks {
  /** An event from the host: resolve once it is on disk (the ack follows). */
  event(e: QueueEvent): Promise<void>;
  heard(hostTime: number): void;
  lost(): void;
}

/** A member's link to the host at one address. */
export class LanClient {
  private ws!: WebSocket;
  private sealer: Sealer | null = null;
  private rid = 0;
  private readonly waiting = new Map<number, { resolve(e: QueueEvent): void; reject(err: Error): void; timer: NodeJS.Timeout }>();
  private lastHeard = Date.now();
  private watch: NodeJS.Timeout | null = null;
  private closed = false;
  welcome!: Welcome;

  private constructor(readonly address: string, private readonly hooks: LanClientHooks) {}

  /** Connects and authenticates; rejects with a QueueError (`queue-host-unreachable`, `queue-auth-failed`, or the host's refusal). */
  static connect(address: string, id: LanIdentity, opts: { role: 'member' | 'backup'; day: string | null; term: number; now(): number; timeoutMs?: number },
    hooks: LanClientHooks): Promise<LanClient> {
    const c = new LanClient(address, hooks);
    return new Promise<LanClient>((resolve, reject) => {
      const myNonce = nonce();
      let hostDevice = '';
      let settled = false;
      const done = (err: QueueError | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) { c.closed = true; c.ws.terminate(); reject(err); } else resolve(c);
      };
      const timer = setTimeout(() => done(new QueueError('queue-host-unreachable', `no answer from ${address}`)), opts.timeoutMs ?? 2_000);
      c.ws = new WebSocket(`ws://${address}/queue`, { handshakeTimeout: opts.timeoutMs ?? 2_000, maxPayload: 16 * 1024 * 1024 });
      c.ws.on('error', () => done(new QueueError('queue-host-unreachable', `cannot reach ${address}`)));
      c.ws.on('open', () => {
        c.send({ t: 'hello', v: LAN_PROTOCOL, device: id.device, agency: id.agency, nonce: myNonce, role: opts.role, time: opts.now(), day: opts.day, term: opts.term });
      });
      c.ws.on('close', () => {
        done(new QueueError('queue-host-unreachable', `${address} closed`));
        c.drop();
      });
      c.ws.on('message', (raw) => {
        let msg: HostMessage | null;
        if (c.sealer) {
          const inner = c.sealer.open(raw);
          if (inner === null) {
            // Before the welcome a host may still refuse in the clear; after it, a frame that does
            // not open is forged or replayed: the link is dropped.
            const plain = settled ? null : parse(HostMessage, raw);
            if (plain?.t === 'refuse') { done(new QueueError(plain.code, `${address} refused: ${plain.code}`)); return; }
            done(new QueueError('queue-auth-failed', `${address} sent a forged message`));
            c.ws.terminate();
            return;
          }
          const r = HostMessage.safeParse(inner);
          msg = r.success ? r.data : null;
        } else msg = parse(HostMessage, raw);
        if (!msg) return;
        c.lastHeard = Date.now();
        switch (msg.t) {
          case 'challenge':
            {
              // The host proves with its key (and, in a grace period, the one it replaced); this
              // device answers with whichever of its own keys matched, so an office mid-change works.
              const proof = hostProofText(myNonce, msg.nonce, msg.device, msg.agency, msg.term);
              const given = [msg.mac, ...(msg.macPrevious ? [msg.macPrevious] : [])];
              const used = msg.agency === id.agency ? keysOf(id).find((k) => given.some((g) => macOk(k, proof, g))) : undefined;
              if (!used) {
                done(new QueueError('queue-auth-failed', `${address} did not prove the office key`));
                return;
              }
              hostDevice = msg.device;
              c.send({ t: 'auth', mac: mac(used, memberProofText(msg.nonce, myNonce, id.device, id.agency)) });
              c.sealer = new Sealer(used, myNonce, msg.nonce, 'member');
            }
            return;
          case 'welcome':
            if (!hostDevice) return;
            c.welcome = { day: msg.day, term: msg.term, events: msg.events, backup: msg.backup, time: msg.time, hostDevice };
            hooks.heard(msg.time);
            c.watch = setInterval(() => {
              if (Date.now() - c.lastHeard > LOST_AFTER_MS) { c.ws.terminate(); c.drop(); }
            }, 250);
            done(null);
            return;
          case 'refuse':
            done(new QueueError(msg.code, `${address} refused: ${msg.code}`));
            return;
          case 'ping':
            hooks.heard(msg.time);
            c.send({ t: 'pong', time: opts.now() });
            return;
          case 'event':
            void hooks.event(msg.event).then(() => c.send({ t: 'ack', id: msg.event.id }), () => undefined);
            return;
          case 'result': {
            const w = c.waiting.get(msg.rid);
            if (!w) return;
            c.waiting.delete(msg.rid);
            clearTimeout(w.timer);
            if (msg.ok && msg.event) w.resolve(msg.event);
            else w.reject(new QueueError(msg.code ?? 'queue-invalid'));
            return;
          }
        }
      });
    });
  }

  private send(msg: MemberMessage): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(this.sealer ? this.sealer.seal(msg) : JSON.stringify(msg));
  }

  private drop(): void {
    if (this.watch) { clearInterval(this.watch); this.watch = null; }
    for (const [, w] of this.waiting) { clearTimeout(w.timer); w.reject(new QueueError('queue-host-unreachable')); }
    this.waiting.clear();
    if (!this.closed) { this.closed = true; this.hooks.lost(); }
  }

  get open(): boolean {
    return !this.closed;
  }

  request(action: QueueAction, timeoutMs = 4_000): Promise<QueueEvent> {
    if (this.closed) return Promise.reject(new QueueError('queue-host-unreachable'));
    const rid = ++this.rid;
    return new Promise<QueueEvent>((resolve, reject) => {
      const timer = setTimeout(() => { this.waiting.delete(rid); reject(new QueueError('queue-host-unreachable', 'no answer in time')); }, timeoutMs);
      this.waiting.set(rid, { resolve, reject, timer });
      this.send({ t: 'request', rid, action });
    });
  }

  merge(events: QueueEvent[]): void {
    for (let i = 0; i < events.length; i += 1000) this.send({ t: 'merge', events: events.slice(i, i + 1000) });
  }

  close(): void {
    if (this.closed) return;
    this.send({ t: 'bye' });
    this.closed = true;
    if (this.watch) clearInterval(this.watch);
    this.ws.close();
    for (const [, w] of this.waiting) { clearTimeout(w.timer); w.reject(new QueueError('queue-host-unreachable')); }
    this.waiting.clear();
  }
}
