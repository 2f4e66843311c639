/**
 * The office LAN's queue link (docs/ARCHITECTURE.md, "The office queue"): one device is the queue
 * host, the others are its members over a WebSocket. Both sides prove they are enrolled with the
 * same office: each holds the office's LAN key, which the gateway hands to enrolled devices of
 * that agency only (`GET /v1/queue/key`), and answers the other's nonce with an HMAC-SHA256 under
 * it (`hostProofText`, `memberProofText`). The key never crosses the LAN.
 */
import { z } from 'zod';
import { CounterId, QueueAction, QueueDay, QueueEvent } from './model';
import { QueueErrorCode } from './errors';

export const LAN_PROTOCOL = 1;
/** The mDNS service type a queue host announces (`_mot-cua-queue._tcp`). */
export const MDNS_SERVICE = 'mot-cua-queue';
export const DEFAULT_LAN_PORT = 47_615;
/** The host pings each member this often; a member that hears nothing for `LOST_AFTER_MS` shows the outage. */
export const PING_MS = 1_000;
export const LOST_AFTER_MS = 3_000;
/** A clock this far from the host's is shown as off (times always come from the host's clock). */
export const SKEW_WARN_MS = 60_000;

const Nonce = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/);
const Mac = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
const DeviceRef = z.string().min(1).max(100);
const Agency = z.string().min(1).max(40);

export const JoinRole = z.enum(['member', 'backup']);

export const MemberMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), v: z.literal(LAN_PROTOCOL), device: DeviceRef, agency: Agency, nonce: Nonce, role: JoinRole, time: z.number(), day: QueueDay.nullable(), term: z.number().int().min(0) }).strict(),
  z.object({ t: z.literal('auth'), mac: Mac }).strict(),
  z.object({ t: z.literal('ack'), id: z.uuid() }).strict(),
  z.object({ t: z.literal('pong'), time: z.number() }).strict(),
  z.object({ t: z.literal('request'), rid: z.number().int().min(0), action: QueueAction }).strict(),
  /** Events this member holds that the host may lack (an old host stepping down; actions held while the host was away). */
  z.object({ t: z.literal('merge'), events: z.array(QueueEvent).max(5000) }).strict(),
  z.object({ t: z.literal('bye') }).strict(),
]);
export type MemberMessage = z.infer<typeof MemberMessage>;

export const HostMessage = z.discriminatedUnion('t', [
  /** `macPrevious`: the same proof under the office key the current one replaced, sent only while
   * that key is still valid (the gateway's grace period after a key change), so a member that has
   * not fetched the new key yet still recognises the host. */
  z.object({ t: z.literal('challenge'), v: z.literal(LAN_PROTOCOL), device: DeviceRef, agency: Agency, nonce: Nonce, mac: Mac, macPrevious: Mac.optional(), term: z.number().int().min(1), time: z.number() }).strict(),
  z.object({ t: z.literal('welcome'), day: QueueDay, term: z.number().int().min(1), events: z.array(QueueEvent), backup: z.boolean(), time: z.number() }).strict(),
  z.object({ t: z.literal('event'), event: QueueEvent }).strict(),
  z.object({ t: z.literal('ping'), time: z.number() }).strict(),
  z.object({ t: z.literal('result'), rid: z.number().int(), ok: z.boolean(), event: QueueEvent.optional(), code: QueueErrorCode.optional() }).strict(),
  /** This device is not the host (any more): the one with the higher term is. */
  z.object({ t: z.literal('refuse'), code: QueueErrorCode, term: z.number().int().min(0) }).strict(),
]);
export type HostMessage = z.infer<typeof HostMessage>;

export const hostProofText = (memberNonce: string, hostNonce: string, hostDevice: string, agency: string, term: number): string =>
  `mot-cua/queue-lan/1|host|${agency}|${hostDevice}|${term}|${memberNonce}|${hostNonce}`;
export const memberProofText = (hostNonce: string, memberNonce: string, memberDevice: string, agency: string): string =>
  `mot-cua/queue-lan/1|member|${agency}|${memberDevice}|${hostNonce}|${memberNonce}`;

/** How this device takes part (technician console, kept by the host in `queue.json`). */
export const QueueMode = z.enum(['off', 'host', 'backup', 'member']);
export type QueueMode = z.infer<typeof QueueMode>;

/** A port another device is reached on (0, "any free port", is only for listening). */
export const isPeerPort = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65_535;

/** An address on the office LAN: host:port, an IPv4 address or a host name, the port 1–65535. */
export const PeerAddress = z.string().trim()
  .regex(/^[A-Za-z0-9.-]{1,253}:\d{1,5}$/, { message: 'host:port' })
  .refine((a) => isPeerPort(Number(a.slice(a.lastIndexOf(':') + 1))), { message: 'host:port with a port from 1 to 65535' });

export const QueueConfig = z.object({
  mode: QueueMode.default('off'),
  /** The port this device listens on when it is the host (0: any free port, tests). */
  port: z.number().int().min(0).max(65_535).default(DEFAULT_LAN_PORT),
  /** The address to listen on when host (all interfaces by default). */
  listen: z.string().trim().max(100).default('0.0.0.0'),
  /** Where the host (and the backup) may be found when mDNS does not answer. */
  peers: z.array(PeerAddress).max(8).default(() => []),
  /** Find the host by mDNS on the LAN as well. */
  mdns: z.boolean().default(true),
  /** This counter's name in calls ("Quầy 2"); empty on a kiosk. */
  counter: z.union([CounterId, z.literal('')]).default(''),
  /** A backup takes over after the host has been silent this long. */
  takeoverAfterMs: z.number().int().min(2_000).max(600_000).default(15_000),
}).strict();
export type QueueConfig = z.output<typeof QueueConfig>;

/**
 * The part of the queue's configuration every device of an office shares, carried by a settings
 * export: the port, where the host and the backup are, mDNS, the backup's wait. The role and the
 * counter's name belong to one device and stay as they are on the device that imports.
 */
export const QueueOfficeSettings = QueueConfig.pick({ port: true, peers: true, mdns: true, takeoverAfterMs: true });
export type QueueOfficeSettings = z.output<typeof QueueOfficeSettings>;
export const queueOfficeSettings = (c: QueueConfig): QueueOfficeSettings => ({ port: c.port, peers: [...c.peers], mdns: c.mdns, takeoverAfterMs: c.takeoverAfterMs });
export type QueueConfigInput = z.input<typeof QueueConfig>;

/** What the queue link looks like from this device. */
export const QueueLinkState = z.enum(['off', 'host', 'connecting', 'member', 'lost', 'fenced', 'no-key']);
export type QueueLinkState = z.infer<typeof QueueLinkState>;

/** What the renderer sees (`queue.status`, the `queue.state` event). */
export const QueueSnapshot = z.object({
  mode: QueueMode,
  link: QueueLinkState,
  counter: z.string(),
  /** Where the host is (host:port), when known. */
  host: z.string().nullable(),
  term: z.number().int(),
  /** This device's clock minus the host's (ms); null when not known. */
  skewMs: z.number().nullable(),
  /** A problem to show (another host found, a device that failed to authenticate, …). */
  notice: QueueErrorCode.nullable(),
  day: QueueDay,
  /** The day's events in the host's order (the renderer folds them with `foldQueue`). */
  events: z.array(QueueEvent),
  /** Actions held on this device while the host was away, sent when it is back. */
  held: z.number().int(),
  hostTime: z.number(),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshot>;
