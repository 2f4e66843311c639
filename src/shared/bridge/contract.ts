/**
 * The one contract between the UI and its host (Electron or the browser host).
 *
 * Every call the renderer may make and every event the host pushes is listed here with its
 * payload schemas. Hosts validate every incoming payload against these schemas before a service
 * sees it; the renderer only ever sees the `KioskBridge` interface, as `window.kiosk`.
 * A reviewer can audit the whole surface on this one screen.
 */
import { z } from 'zod';
import { RawScan } from '../scan/raw-scan';
import { ScannerErrorCode } from '../scan/errors';
import { DeviceIdentity, DeviceKind } from '../protocol/enroll';
import { settingsBridgeCalls, settingsBridgeEvents } from '../settings/bridge';
import { FORM_IDS } from '../forms/ids';
import { MutationId } from '../protocol/mutations';
import { QueueAction, QueueConfig, QueueEvent, QueueSnapshot } from '../queue';
import { BRIDGE_MAX_REQUEST_BYTES } from '../protocol/files';

const Empty = z.object({}).strict();

/** What a print call prints: a dossier's form (01 the receipt by default; 07 the register, whose
 * `code` names the period, e.g. `SO-20260301-20260331`). */
const PrintTarget = z.object({ code: z.string().regex(/^[A-Z0-9.-]{5,64}$/), form: z.enum(FORM_IDS).optional() }).strict();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Where the provincial gateway is (never the device token). */
  gatewayUrl: z.string().nullable(),
});

export const SerialPortInfo = z.object({
  path: z.string(),
  vendorId: z.string().nullable(),
  productId: z.string().nullable(),
  serialNumber: z.string().nullable(),
  manufacturer: z.string().nullable(),
});
export type SerialPortInfo = z.infer<typeof SerialPortInfo>;

export { Terminator, SerialScannerConfig } from '../scan/serial-config';
import { SerialScannerConfig } from '../scan/serial-config';

export const ScannerState = z.enum([
  'connecting', 'open', 'missing', 'busy', 'permission', 'baud-mismatch', 'error', 'closed', 'disabled',
]);

export const ScannerStatus = z.object({
  id: z.string(),
  state: ScannerState,
  path: z.string().nullable(),
  /** Machine code of the last problem (e.g. `frame-overflow`), for translation in the UI. */
  lastError: ScannerErrorCode.nullable(),
  /** The host's words about it, "vi / en" (e.g. which baud rates to try). */
  detail: z.string().nullable(),
  framesOk: z.number().int(),
  framesBad: z.number().int(),
  since: z.number(),
});
export type ScannerStatus = z.infer<typeof ScannerStatus>;

export const ScannerErrorEvent = z.object({
  id: z.string(),
  code: ScannerErrorCode,
  /** Hex dump of the offending bytes (never the decoded text of a possibly personal payload). */
  hex: z.string().optional(),
  at: z.number(),
});

export const ScannerRawEvent = z.object({
  id: z.string(),
  hex: z.string(),
  at: z.number(),
});

/** A request to the provincial gateway, made by the host (which adds the device credential). */
export const GatewayRequest = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'DELETE']),
  /** Path under the enrolled gateway's base URL; the host refuses anything that leaves it. */
  path: z.string().min(1).max(2048).startsWith('/'),
  body: z.unknown().optional(),
  /** Raw bytes (a file chunk or a run of up to BRIDGE_FILE_CHUNKS, base64): sent as `application/octet-stream` instead of a JSON body. */
  bytes64: z.base64().max(Math.ceil(BRIDGE_MAX_REQUEST_BYTES / 3) * 4).optional(),
  /** This request's deadline (ms), from the engine's estimate of the line; else the host's default. */
  timeoutMs: z.number().int().min(100).max(300_000).optional(),
}).strict();
export const GatewayResponse = z.object({ status: z.number().int(), body: z.unknown() });

/** A file of the scanner's folder: a name (never a path), its size and modification time. */
const ScanFileName = z.string().min(1).max(255).refine((n) => !/[\\/]/.test(n) && n !== '.' && n !== '..', 'a file name, not a path');
export const ScanFolderFile = z.object({ name: ScanFileName, size: z.number().int().min(0), mtimeMs: z.number() });

export const GatewayEnroll = z.object({
  url: z.string().min(1).max(2048),
  code: z.string().min(1).max(64),
  deviceName: z.string().min(1).max(100).optional(),
  kind: DeviceKind.optional(),
}).strict();

export const GatewayStatus = z.object({
  enrolled: z.boolean(),
  gatewayUrl: z.string().nullable(),
  identity: DeviceIdentity.nullable(),
});

/** Standard base64 of a few bytes (an officer's private key as PKCS#8: ~140 bytes). */
const KeyBytes = z.string().min(4).max(4096).regex(/^[A-Za-z0-9+/]+={0,2}$/);
/** What `keys.seal` returns: opaque to the renderer, opened only by the host that sealed it. */
const SealedKey = z.string().min(1).max(8192);

/**
 * A mutation as the host journal keeps it (docs/ARCHITECTURE.md, "Host-side journal and storage
 * recovery"): the outbox row's envelope without the raw ID number, with the signature covering
 * that copy. A payload that still carries `applicant.citizenId` is refused.
 */
export const JournalMutation = z.object({
  id: MutationId,
  type: z.string().min(1).max(40),
  at: z.string().min(1).max(40),
  staffId: z.string().max(100).nullable(),
  dossierCode: z.string().max(64).nullable(),
  payload: z.unknown().refine((p) => {
    const a = (p as { applicant?: unknown } | null)?.applicant;
    return !(a && typeof a === 'object' && 'citizenId' in a);
  }, 'the journal never holds the raw ID number'),
  sig: z.object({ keyId: z.string().max(64), value: z.string().max(128) }).strict().optional(),
}).strict();
export type JournalMutation = z.infer<typeof JournalMutation>;

/** A storage recovery the renderer made (a database that failed to open, or opened empty). */
export const StorageRecovery = z.object({ at: z.number(), reason: z.enum(['corrupt', 'empty']), requeued: z.number().int().min(0) }).strict();
export type StorageRecovery = z.infer<typeof StorageRecovery>;

/** Broken storage the host kept for support (src/main/storage/broken-storage.ts): what was kept,
 * never what it holds. `copied`: the browser's files were copied (else only a manifest). */
export const KeptStorage = z.object({
  name: z.string(),
  at: z.string(),
  reason: z.enum(['corrupt', 'empty']),
  copied: z.boolean(),
  files: z.number().int().min(0),
  bytes: z.number().int().min(0),
  skipped: z.number().int().min(0),
  note: z.string().nullable(),
}).strict();
export type KeptStorage = z.infer<typeof KeptStorage>;

/**
 * What a caller must have proven before the host runs a call. `technician`: the technician console
 * is unlocked (`technician.unlock`). The dispatcher checks it once, before the handler; a refused
 * call answers `technician-locked`.
 */
export type CallRequirement = 'technician';

/** One call of the contract: its payload schemas and, for calls that change what the kiosk is,
 * what the caller must have proven. */
export interface CallSpec {
  input: z.ZodType;
  output: z.ZodType;
  requires?: CallRequirement;
}

function call<I extends z.ZodType, O extends z.ZodType>(input: I, output: O): { input: I; output: O };
function call<I extends z.ZodType, O extends z.ZodType, R extends CallRequirement>(
  input: I, output: O, access: { requires: R },
): { input: I; output: O; requires: R };
function call(input: z.ZodType, output: z.ZodType, access?: { requires: CallRequirement }): CallSpec {
  return access ? { input, output, requires: access.requires } : { input, output };
}

const technician = { requires: 'technician' } as const;

/** Calls the renderer may make of the host. */
export const bridgeCalls = {
  'app.info': call(Empty, AppInfo),
  'scanner.listPorts': call(Empty, z.array(SerialPortInfo)),
  'scanner.getConfig': call(Empty, z.array(SerialScannerConfig)),
  'scanner.setConfig': call(z.object({ scanners: z.array(SerialScannerConfig).max(8) }).strict(), z.array(ScannerStatus), technician),
  'scanner.status': call(Empty, z.array(ScannerStatus)),
  'gateway.request': call(GatewayRequest, GatewayResponse),
  // Enrolling (or re-enrolling) the kiosk is a technician's act: a passer-by must not be able to
  // attach a public kiosk to another gateway. The launcher enrolls through `services.admin`.
  'gateway.enroll': call(GatewayEnroll, DeviceIdentity, technician),
  'gateway.status': call(Empty, GatewayStatus),
  'gateway.forget': call(Empty, z.object({ ok: z.literal(true) }), technician),
  /** Seals an officer's signing key (PKCS#8) with a key only the host holds (Electron: protected by
   * safeStorage; browser host: an owner-only file), for the renderer to keep in IndexedDB. */
  'keys.seal': call(z.object({ data: KeyBytes }).strict(), z.object({ sealed: SealedKey })),
  /** Opens what `keys.seal` sealed on this host; anything else fails with `key-unavailable`. */
  'keys.open': call(z.object({ sealed: SealedKey }).strict(), z.object({ data: KeyBytes })),
  /** Saves the calling window's form page (the receipt, form 01, unless `form` says another of
   * Circular 03/2025's forms) as a PDF in the host's receipts or forms folder (Electron; the
   * browser host answers `unsupported` and the page's own print dialog is used). */
  'print.receiptPdf': call(PrintTarget, z.object({ path: z.string() })),
  /** Prints the calling window's form page on the configured printer (settings `printerName`)
   * without a dialog (Electron; `no-printer` when none is set, `unsupported` in the browser host). */
  'print.receipt': call(PrintTarget, z.object({ printer: z.string() })),
  /** Prints the calling window's queue ticket (its print layout shows the ticket only) on the
   * configured printer without a dialog, as `print.receipt` does; same errors. */
  'print.ticket': call(z.object({ label: z.string().regex(/^[A-Z0-9]{1,10}$/), size: z.enum(['roll', 'a6']).default('roll') }).strict(), z.object({ printer: z.string() })),
  /** Appends confirmed actions' mutations to the host journal; answers once they are on disk (fdatasync). */
  /** The scanner's folder (settings `scanFolder`): the files offered and not received yet. */
  'scanFolder.list': call(Empty, z.object({ folder: z.string().nullable(), files: z.array(ScanFolderFile) })),
  /** A piece of an offered file (base64, at most 192 KiB); `scan-file-changed` when it changed since it was offered. */
  'scanFolder.read': call(z.object({ name: ScanFileName, offset: z.number().int().min(0), length: z.number().int().min(1).max(192 * 1024) }).strict(), z.object({ bytes64: z.string() })),
  /** The counter kept the file: it moves to the folder's `da-nhan/` subfolder and is not offered again. */
  'scanFolder.done': call(z.object({ name: ScanFileName }).strict(), z.object({ ok: z.literal(true) })),
  'journal.append': call(z.object({ mutations: z.array(JournalMutation).min(1).max(50) }).strict(), z.object({ seq: z.number().int() })),
  /** The journaled mutations the gateway is not yet known to have, oldest first. */
  'journal.pending': call(Empty, z.object({ mutations: z.array(JournalMutation) })),
  /** Mutations the gateway knows (answered or reported): they leave `pending`; old files are pruned. */
  'journal.ack': call(z.object({ ids: z.array(MutationId).min(1).max(1000) }).strict(), z.object({ acked: z.number().int() })),
  /** The journal's state for the technician console: files, waiting copies, unreadable records, failed appends. */
  'journal.stats': call(Empty, z.object({
    files: z.number().int(), pending: z.number().int(), skipped: z.number().int(), failures: z.number().int(),
    lastFailure: z.object({ at: z.number(), code: z.string().max(32) }).nullable(),
  })),
  /** The storage marker: the device identity the renderer's database held at its last open (returned
   * as it was before this call, then replaced by `device` when given), and the recoveries made
   * (`recovery` appends one). */
  'storage.marker': call(
    z.object({ device: z.string().max(100).nullable().optional(), recovery: StorageRecovery.optional() }).strict(),
    z.object({ device: z.string().nullable(), recoveries: z.array(StorageRecovery) }),
  ),
  /** Before the renderer deletes a kiosk database that does not open: the host keeps what it can
   * of it for support (a copy of the browser's files when it knows the profile, else a manifest
   * saying so), at most three, newest first. `detail`: what the browser said (no data). */
  'storage.keepBroken': call(
    z.object({ reason: z.enum(['corrupt', 'empty']), detail: z.string().max(500).optional() }).strict(),
    KeptStorage,
  ),
  /** Before the renderer opens its database: the host looks at the browser's files (when it knows
   * them) and keeps them now if they are broken for certain (Chromium would destroy them at open). */
  'storage.check': call(Empty, z.object({ state: z.enum(['ok', 'absent', 'unknown', 'broken']), kept: KeptStorage.nullable() })),
  /** The broken storage kept (the newest first): names, times and sizes, never the contents. */
  'storage.broken': call(Empty, z.object({ kept: z.array(KeptStorage) })),
  /** The office queue as this device sees it (docs/ARCHITECTURE.md, "The office queue"). */
  'queue.status': call(Empty, QueueSnapshot),
  /** Take a ticket, call, recall, skip, transfer, finish, pause or resume: done by the office's queue host. */
  'queue.act': call(QueueAction, z.object({ event: QueueEvent, ahead: z.number().int(), waitMinutes: z.number().int() })),
  'queue.config': call(Empty, QueueConfig),
  /** How this device takes part in the queue (host, backup, member, off; peers; counter name); applies at once. */
  'queue.configure': call(QueueConfig, QueueConfig, technician),
  /** The host's backup device is gone for good: issue numbers again without it. */
  'queue.forgetBackup': call(Empty, z.object({ ok: z.literal(true) }), technician),
  ...settingsBridgeCalls,
} as const satisfies Record<string, CallSpec>;

/** Events the host pushes to the renderer. */
export const bridgeEvents = {
  scan: RawScan,
  /** A new file in the scanner's folder, written completely (its size held still). */
  'scanFolder.file': ScanFolderFile,
  'scanner.status': ScannerStatus,
  'scanner.error': ScannerErrorEvent,
  'scanner.raw': ScannerRawEvent,
  'queue.state': QueueSnapshot,
  ...settingsBridgeEvents,
} as const;

export type CallName = keyof typeof bridgeCalls;
export type CallInput<N extends CallName> = z.input<(typeof bridgeCalls)[N]['input']>;
export type CallOutput<N extends CallName> = z.output<(typeof bridgeCalls)[N]['output']>;
export type EventName = keyof typeof bridgeEvents;
export type EventPayload<E extends EventName> = z.output<(typeof bridgeEvents)[E]>;

export { BridgeError, bridgeErrorShape, bridgeIssues, type BridgeErrorShape, type BridgeIssue } from './error';

/** What the renderer sees as `window.kiosk`, whichever host carries it. */
export interface KioskBridge {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
}

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(bridgeCalls, name);
}

/** What a caller must have proven before the host runs `name` (none for most calls). */
export function callRequirement(name: CallName): CallRequirement | undefined {
  const spec: CallSpec = bridgeCalls[name];
  return spec.requires;
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(bridgeEvents, name);
}
