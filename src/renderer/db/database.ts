/**
 * The kiosk's local database: a cache of the agency's dossiers and catalogs, the
 * outbox of staff mutations waiting for the gateway, code leases, sync metadata and an audit log.
 * A counter-kind device also keeps its officers' signing keys (sealed by the host); a kiosk-kind
 * device (the citizen screen in a public room) keeps dossiers only as their citizen-safe
 * projection (`citizenDossiers`), and no staff records at all.
 *
 * Every transaction uses strict durability (docs/RELIABILITY.md item 3): Chromium's default ("relaxed") reports
 * a commit while the data may still sit in the OS buffer, so a power cut right after the screen
 * said "saved" could lose the intake. Dexie 4 exposes IndexedDB durability only database-wide, via
 * `chromeTransactionDurability`.
 */
import Dexie, { type Table } from 'dexie';
import type { HttpStatusCode } from '../../shared/messages';
import type { FileErrorCode, FileMime } from '../../shared/protocol/files';
import type {
  CitizenView, ConflictReason, Dossier, ErrorCode, Holiday, Lease, LocalizedMessage, MutationSignature, MutationType, Procedure, PublicJwk, RejectReason, Staff,
} from '../../shared/protocol';
import { MIGRATIONS, type Migration } from './migrations';
import { classifyStorageError, requestPersistence, withDeadline } from './storage';

/** A cached dossier: the server's state with this device's pending mutations applied on top. */
export interface DossierRow extends Dossier {
  /** Mutations of this device not yet acknowledged (0 = the row is the server's state). */
  pendingOps: number;
  /** Pull generation that last wrote the row; a full resync sweeps rows the server no longer has. */
  pulledEpoch?: number;
  /** While mutations are pending: the server's state they apply on (null for a local intake). */
  base?: Dossier | null;
}

/**
 * pending → done | conflict | rejected; conflict / rejected → dismissed (staff acknowledged) or
 * back to pending (staff retried). Only `done` and `dismissed` rows may ever be purged.
 */
export type OutboxState = 'pending' | 'done' | 'conflict' | 'rejected' | 'dismissed';

export interface Outcome {
  status: 'applied' | 'duplicate' | 'conflict' | 'rejected';
  /** The gateway's reason (conflict / rejected): per mutation, or the code (or `http-<status>`)
   * of a batch refused whole with this mutation alone in it. */
  reason?: RejectReason | ConflictReason | ErrorCode | HttpStatusCode;
  message?: LocalizedMessage;
  details?: unknown;
  at: number;
}

export interface OutboxRow {
  seq?: number;
  /** Client-generated UUIDv7: the gateway applies each id at most once. */
  id: string;
  type: MutationType;
  /** Action time (server-corrected ISO). */
  at: string;
  staffId: string | null;
  payload: unknown;
  /** The officer's signature of exactly this envelope (staff mutations; absent on ratings and on
   * rows queued before signatures existed). */
  sig?: MutationSignature;
  /**
   * An intake carrying the raw ID number is also signed without it: once delivered, the number is
   * dropped from the row and this signature replaces `sig`, so a replay (after the gateway was
   * restored from a backup) is still the officer's signed envelope.
   */
  replaySig?: MutationSignature;
  dossierCode: string | null;
  state: OutboxState;
  /** Local epoch ms of creation (for "pending since"). */
  createdAt: number;
  attempts: number;
  lastAttemptAt: number | null;
  outcome: Outcome | null;
  doneAt: number | null;
  /** Shape version of the row (see migrations). */
  schema: number;
  /** Re-sent after the gateway was restored from a backup. */
  replay?: boolean;
  dismissedBy?: string | null;
}

/**
 * A dossier as a kiosk-kind device holds it: the citizen-safe projection (`toCitizenView`), as
 * the gateway's feed sends it to such a device.
 */
export interface CitizenRow extends CitizenView {
  /** Pull generation that last wrote the row; a full resync sweeps rows the server no longer has. */
  pulledEpoch?: number;
}

/**
 * An officer's signing key on this device (ECDSA P-256). The private key is kept only sealed by
 * the host (`keys.seal`); the PIN and anything derived from it are never stored: `proof` is the
 * registration proof computed at sign-in, dropped once the gateway registered the key.
 */
export interface StaffKeyRow {
  staffId: string;
  /** The device the key was made for (a re-enrolled device makes new keys). */
  deviceId: string;
  /** RFC 7638 thumbprint of `publicJwk`. */
  keyId: string;
  publicJwk: PublicJwk;
  /** The private key (PKCS#8), sealed by the host. */
  sealed: string;
  proof: string | null;
  /** Local epoch ms. */
  createdAt: number;
  /** When the gateway registered it (its time), null until then. */
  registeredAt: string | null;
  /** The gateway refused to register it (e.g. `forbidden`, reason `bad-proof`: the proof does not
   * match the officer's current PIN): the officer must sign in again, which makes a new key. */
  failure?: { code: string; reason?: string; message?: LocalizedMessage; at: number } | null;
}

export interface LeaseRow extends Lease {
  /** Next sequence number to issue from this lease (last + 1 = used up). */
  next: number;
}

export interface MetaRow {
  key: string;
  value: unknown;
}

export interface AuditRow {
  id?: number;
  at: number;
  kind: 'scan' | 'action' | 'sync';
  /** e.g. `dossier.create`, `scan.cccd`, `sync.reset`. Never a raw ID number or CCCD payload. */
  action: string;
  code?: string | null;
  mutationId?: string | null;
  staffId?: string | null;
  detail?: string | null;
}

/**
 * A file kept for a dossier (db/files.ts), once per content. `blob` is dropped (null) by eviction
 * only after the gateway confirmed the whole file and every attachment naming it.
 */
export interface FileRow {
  sha256: string;
  blob: Blob | null;
  size: number;
  mime: FileMime;
  /** SHA-256 of each FILE_CHUNK_BYTES chunk, in order. */
  chunks: string[];
  /** Chunks the gateway acknowledged (never sent again). */
  acked: number[];
  /** `pending` until the gateway confirmed the whole file (`complete`); `failed`: refused for good. */
  state: 'pending' | 'complete' | 'failed';
  failure?: { reason: FileErrorCode; at: number } | null;
  createdAt: number;
  /** When the gateway confirmed the file (local epoch ms). */
  completeAt: number | null;
  /** When the blob was evicted after its confirmed upload. */
  evictedAt?: number | null;
}

/** One file (a page, a scan, a PDF) attached to a dossier component: the file lane's outbox row. */
export interface AttachmentRow {
  /** UUID: the gateway attaches each id once. */
  id: string;
  dossierCode: string;
  /** The component (thành phần hồ sơ): a name from the dossier's document list. */
  component: string;
  sha256: string;
  name: string;
  mime: FileMime;
  size: number;
  /** Order within the component (pages of one PDF). */
  position: number;
  staffId: string | null;
  createdAt: number;
  /**
   * `pending` until the gateway attached it; `failed` when its file or the attachment was refused
   * for good; `withdrawing` once an officer withdrew it here, until the gateway has it so
   * (`withdrawal`), then `withdrawn`. The last three are at the gateway (`atGateway`).
   */
  state: 'pending' | 'attached' | 'failed' | 'withdrawing' | 'withdrawn';
  attachedAt: number | null;
  /**
   * When the officer attached it (ISO) and their signature of `attachEnvelope` (docs/SECURITY.md):
   * the gateway attaches only a signed attachment. Absent: kept but not sent until the officer
   * named signs in again (rows from before signing, pages stored without a signed-in officer).
   */
  at?: string;
  sig?: MutationSignature | null;
  /** Why the gateway refused the attachment itself for good (a `forbidden` reason: the officer, the signature). */
  refusal?: { reason: string; at: number } | null;
  /** An officer's withdrawal of the attached page (signed `withdrawEnvelope`); `doneAt` once the gateway recorded it. */
  withdrawal?: { reason: string; staffId: string | null; at: string; sig: MutationSignature | null; doneAt: number | null } | null;
}

/** Whether the page is attached at the gateway (or being withdrawn there): the dossier's record, never removed or reordered here. */
export const atGateway = (state: AttachmentRow['state']): boolean => state === 'attached' || state === 'withdrawing' || state === 'withdrawn';

export interface KioskDbOptions {
  /** Defaults to the global (Chromium, or fake-indexeddb in Node). */
  indexedDB?: IDBFactory;
  IDBKeyRange?: typeof IDBKeyRange;
  /** Schema history to declare (tests open older versions with a prefix of MIGRATIONS). */
  migrations?: readonly Migration[];
}

type Listener = () => void;

export class KioskDb extends Dexie {
  dossiers!: Table<DossierRow, string>;
  procedures!: Table<Procedure, string>;
  holidays!: Table<Holiday, string>;
  staff!: Table<Staff, string>;
  citizenDossiers!: Table<CitizenRow, string>;
  staffKeys!: Table<StaffKeyRow, string>;
  outbox!: Table<OutboxRow, number>;
  leases!: Table<LeaseRow, string>;
  meta!: Table<MetaRow, string>;
  audit!: Table<AuditRow, number>;
  files!: Table<FileRow, string>;
  attachments!: Table<AttachmentRow, string>;

  private readonly queuedListeners = new Set<Listener>();
  private readonly fileListeners = new Set<Listener>();

  constructor(name = 'kiosk', opts: KioskDbOptions = {}) {
    super(name, {
      chromeTransactionDurability: 'strict',
      ...(opts.indexedDB ? { indexedDB: opts.indexedDB } : {}),
      ...(opts.IDBKeyRange ? { IDBKeyRange: opts.IDBKeyRange } : {}),
    });
    for (const m of opts.migrations ?? MIGRATIONS) {
      const v = this.version(m.version).stores(m.stores);
      if (m.upgrade) v.upgrade(m.upgrade);
    }
  }

  /** The sync engine listens here to wake up when a staff action queued a mutation. */
  onQueued(listener: Listener): () => void {
    this.queuedListeners.add(listener);
    return () => this.queuedListeners.delete(listener);
  }

  notifyQueued(): void {
    for (const l of [...this.queuedListeners]) l();
  }

  /** The file lane listens here: a file was attached (or its attachments changed). */
  onFilesQueued(listener: Listener): () => void {
    this.fileListeners.add(listener);
    return () => this.fileListeners.delete(listener);
  }

  notifyFiles(): void {
    for (const l of [...this.fileListeners]) l();
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.meta.get(key))?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.meta.put({ key, value });
  }
}

export interface OpenResult {
  db: KioskDb;
  persistence: 'granted' | 'denied' | 'unsupported';
}

/**
 * Opens (and migrates) the database with a deadline: an open blocked by another instance, or a
 * corrupt backing store, rejects with a StorageError instead of waiting forever. Nothing is ever
 * deleted here to "recover": unsent work stays on disk for the technician's recovery path.
 */
export async function openKioskDb(name = 'kiosk', opts: KioskDbOptions & { deadlineMs?: number } = {}): Promise<OpenResult> {
  const db = new KioskDb(name, opts);
  try {
    await withDeadline(db.open(), opts.deadlineMs ?? 15_000, 'storage-blocked');
  } catch (err) {
    db.close();
    throw classifyStorageError(err);
  }
  const persistence = await requestPersistence();
  return { db, persistence };
}

export const META = {
  cursor: 'cursor',
  identity: 'identity',
  clockSkewMs: 'clockSkewMs',
  lastSuccessAt: 'lastSuccessAt',
  pullEpoch: 'pullEpoch',
  resyncEpoch: 'resyncEpoch',
  lastHeartbeatAt: 'lastHeartbeatAt',
  lastRetentionAt: 'lastRetentionAt',
  /** When the first working-set pass ended (docs/SYNC-PROTOCOL.md §4.2). */
  workingSetAt: 'workingSetAt',
  /** The backfill's state: `BackfillMeta` (sync/backfill.ts). */
  backfill: 'backfill',
  /** The province's settings (`ProvinceSettings`: its own dossier code patterns), from the feed. */
  province: 'province',
} as const;
