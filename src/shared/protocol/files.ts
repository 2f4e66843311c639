/**
 * Files attached to dossiers (digitisation, "số hóa hồ sơ": docs/SYNC-PROTOCOL.md §13).
 *
 * A file is content-addressed: its id is the lower-case hex SHA-256 of its bytes. It travels in
 * chunks of `FILE_CHUNK_BYTES` (the last one shorter), each named by its own SHA-256. The counter
 * first declares the file (size, type, the list of chunk hashes) and the gateway answers which
 * chunks it already holds; the counter then sends only the missing ones, as raw bytes, in any
 * order; the gateway checks each chunk against its declared hash, and, once all are there, the
 * whole file against its id. Only a complete file can be attached to a dossier component.
 */
import { z } from 'zod';
import { AgencyCode, IsoTime } from './dossier';
import { MutationSignature } from './trust';

/** Bytes per chunk (the last chunk of a file is shorter). */
export const FILE_CHUNK_BYTES = 256 * 1024;
/** The largest file the counter takes and the gateway accepts (a 2 GB scan is refused before it is read). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
export const MAX_FILE_CHUNKS = Math.ceil(MAX_FILE_BYTES / FILE_CHUNK_BYTES);
/**
 * The most consecutive chunks one PUT may carry (`?count=`, 4 MiB): a gateway that takes runs says
 * so in `FileState.chunksPerRequest`; a sender that never saw it sends one chunk per request.
 */
export const MAX_CHUNKS_PER_REQUEST = 16;
/**
 * The most consecutive chunks one request through the host bridge carries (the counter's file
 * lane: the run travels as base64 in one bridge call, shared/bridge/contract.ts `bytes64`), 1 MiB
 * raw, ~1.4 MB of base64 in the call's message.
 */
export const BRIDGE_FILE_CHUNKS = 4;
export const BRIDGE_MAX_REQUEST_BYTES = BRIDGE_FILE_CHUNKS * FILE_CHUNK_BYTES;
/** What a page or document may be: a photo or scan (JPEG, PNG) or a PDF. */
export const FILE_MIME_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const FileMime = z.enum(FILE_MIME_TYPES);
export type FileMime = z.infer<typeof FileMime>;

/**
 * Why a file was refused, by the counter before it was stored or by the gateway (`file-rejected`
 * with this in `details.reason`). Each has a message in the catalog's `file` group.
 */
export const FILE_ERROR_CODES = [
  'file-empty', // 0 bytes
  'file-too-large', // over MAX_FILE_BYTES: refused from its size alone, nothing read
  'file-type', // not a JPEG, PNG or PDF (by its first bytes, whatever its name says)
  'file-truncated', // a PDF without its end (no %%EOF in its last 1024 bytes): cut short or still being written
  'file-changed', // the file changed on disk while it was being read
  'file-read-failed', // the file could not be read
  'chunk-hash-mismatch', // a chunk's bytes are not those declared
  'file-hash-mismatch', // all chunks arrived but the whole file is not the declared one
  'file-declared-otherwise', // the same file id was declared with another size, type or chunk list
] as const;
export const FileErrorCode = z.enum(FILE_ERROR_CODES);
export type FileErrorCode = z.infer<typeof FileErrorCode>;

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** How many chunks a file of `size` bytes has. */
export const chunkCount = (size: number): number => Math.ceil(size / FILE_CHUNK_BYTES);

/** How far from its end a PDF's `%%EOF` marker may be (the tolerance PDF readers allow). */
export const PDF_TAIL_BYTES = 1024;

/** A PDF's last `PDF_TAIL_BYTES` hold its end-of-file marker: a file cut short (a copy stopped, a
 * scanner still writing) does not, and a reader would refuse it later. */
export function pdfTailComplete(tail: Uint8Array): boolean {
  for (let i = tail.length - 5; i >= 0; i--) {
    if (tail[i] === 0x25 && tail[i + 1] === 0x25 && tail[i + 2] === 0x45 && tail[i + 3] === 0x4f && tail[i + 4] === 0x46) return true;
  }
  return false;
}

/**
 * Whether a whole file's bytes are what it was declared as: its first bytes say `declared`, and a
 * PDF ends with its end-of-file marker. `head` is at least its first 16 bytes, `tail` its last
 * `PDF_TAIL_BYTES` (or all of it). The counter checks before storing, the gateway at completion.
 */
export function fileContentProblem(declared: string, head: Uint8Array, tail: Uint8Array): 'file-type' | 'file-truncated' | null {
  if (sniffMime(head) !== declared) return 'file-type';
  if (declared === 'application/pdf' && !pdfTailComplete(tail)) return 'file-truncated';
  if ((declared === 'image/png' || declared === 'image/jpeg') && !imageTailComplete(declared, tail)) return 'file-truncated';
  return null;
}

/**
 * Whether an image's last bytes end it: a PNG's last chunk is IEND (empty, so its type and CRC,
 * `IEND` AE 42 60 82, are its last 8 bytes); a JPEG ends with the EOI marker FF D9, which cannot
 * occur inside its coded data (an FF there is followed by 00) — looked for in the whole tail, since
 * some cameras append a trailer after it. A picture cut short or bytes that only begin like one fail.
 */
export function imageTailComplete(mime: 'image/png' | 'image/jpeg', tail: Uint8Array): boolean {
  const n = tail.length;
  if (mime === 'image/png') {
    return n >= 8 && tail[n - 8] === 0x49 && tail[n - 7] === 0x45 && tail[n - 6] === 0x4e && tail[n - 5] === 0x44
      && tail[n - 4] === 0xae && tail[n - 3] === 0x42 && tail[n - 2] === 0x60 && tail[n - 1] === 0x82;
  }
  for (let i = n - 2; i >= 0; i--) if (tail[i] === 0xff && tail[i + 1] === 0xd9) return true;
  return false;
}

/** What its first bytes say the file is (null: none of the accepted types). */
export function sniffMime(head: Uint8Array): FileMime | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.length >= 8 && head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47
    && head[4] === 0x0d && head[5] === 0x0a && head[6] === 0x1a && head[7] === 0x0a) return 'image/png';
  if (head.length >= 5 && head[0] === 0x25 && head[1] === 0x50 && head[2] === 0x44 && head[3] === 0x46 && head[4] === 0x2d) return 'application/pdf';
  return null;
}

/** The problem with a file of this size, before anything of it is read (null: none). */
export function fileSizeProblem(size: number): FileErrorCode | null {
  if (size <= 0) return 'file-empty';
  if (size > MAX_FILE_BYTES) return 'file-too-large';
  return null;
}

/** POST /v1/files: declare a file before sending its chunks (idempotent). */
export const FileDeclare = z.object({
  sha256: Sha256Hex,
  size: z.number().int().min(1).max(MAX_FILE_BYTES),
  mime: FileMime,
  chunkSize: z.literal(FILE_CHUNK_BYTES),
  chunks: z.array(Sha256Hex).min(1).max(MAX_FILE_CHUNKS),
}).refine((d) => d.chunks.length === chunkCount(d.size), { message: 'chunks must list one hash per chunk of the size', path: ['chunks'] });
export type FileDeclare = z.infer<typeof FileDeclare>;

/** What the gateway holds of a file: the indices of the chunks it has, and whether it is complete. */
export const FileState = z.object({
  sha256: Sha256Hex,
  size: z.number().int(),
  complete: z.boolean(),
  /** Indices of the chunks stored (all of them once complete). */
  have: z.array(z.number().int().nonnegative()),
  /** Chunk uploads the gateway received for chunks it already held (each a resend after a lost answer). */
  resent: z.number().int().nonnegative().optional(),
  /**
   * How many consecutive chunks one PUT may carry (`?count=`); absent (an older gateway): one.
   * Each chunk of a run is still checked against its own declared hash and stored under it.
   */
  chunksPerRequest: z.number().int().min(1).max(MAX_CHUNKS_PER_REQUEST).optional(),
});
export type FileState = z.infer<typeof FileState>;

/**
 * PUT /v1/files/:sha256/chunks/:index[?count=N] (raw bytes, `application/octet-stream`): the chunk
 * at `index`, or the run of N consecutive chunks starting there, their bytes one after another.
 */
export const ChunkAnswer = z.object({
  index: z.number().int().nonnegative(),
  /** False when every chunk sent was already stored (a resend whose first answer was lost). */
  stored: z.boolean(),
  complete: z.boolean(),
  /** The chunks this request carried (a run); absent: one. */
  count: z.number().int().min(1).max(MAX_CHUNKS_PER_REQUEST).optional(),
});
export type ChunkAnswer = z.infer<typeof ChunkAnswer>;

/** Attach a complete file to a dossier component (idempotent by `id`). */
export const AttachRequest = z.object({
  id: z.uuid(),
  dossierCode: z.string().min(1).max(64),
  /** The component (thành phần hồ sơ): a document name of the procedure's list, or a free name. */
  component: z.string().min(1).max(300),
  sha256: Sha256Hex,
  name: z.string().min(1).max(255),
  /** Position of the page or file within its component (pages are assembled in this order). */
  position: z.number().int().min(0).max(10_000),
  /**
   * The officer who attached it: an active officer of the device's agency whose role may act,
   * as for a staff mutation (docs/SECURITY.md). Null or unknown is refused (403 `staff-unknown`).
   */
  staffId: z.string().max(64).nullable(),
  /** When the officer attached it (the counter's clock; the gateway clamps it to its own now). */
  at: IsoTime.optional(),
  /**
   * The officer's signature of `attachEnvelope(deviceId, this)` with a key registered for this
   * device (`signedText`). Optional in the schema so that a request without one is answered with
   * its own reason (403 `signature-invalid`, why: missing), not as malformed.
   */
  sig: MutationSignature.optional(),
}).strict();
export type AttachRequest = z.infer<typeof AttachRequest>;

/**
 * POST /v1/files/withdraw: an officer withdraws a page attached by mistake (another citizen's
 * paper, the wrong component, an unreadable scan), with the reason. The attachment stays in the
 * gateway's record, marked withdrawn by whom, when and why; it leaves the dossier's list, the
 * scorecard and what counters may read. Idempotent by the attachment's id. Signed like attaching.
 */
export const WithdrawRequest = z.object({
  /** The attachment's id. */
  id: z.uuid(),
  dossierCode: z.string().min(1).max(64),
  reason: z.string().trim().min(3).max(300),
  staffId: z.string().max(64).nullable(),
  at: IsoTime.optional(),
  sig: MutationSignature.optional(),
}).strict();
export type WithdrawRequest = z.infer<typeof WithdrawRequest>;

export const WITHDRAW_ACTION = 'file.withdraw';

/** What an officer signs when withdrawing an attachment: which one, of which dossier, why, when, as whom. */
export function withdrawEnvelope(w: Pick<WithdrawRequest, 'id' | 'dossierCode' | 'reason' | 'staffId'> & { at: string }):
{ id: string; type: string; at: string; staffId: string | null; payload: { dossierCode: string; reason: string } } {
  return { id: w.id, type: WITHDRAW_ACTION, at: w.at, staffId: w.staffId, payload: { dossierCode: w.dossierCode, reason: w.reason } };
}

/** The action type an attachment's signature names (not a mutation of the batch endpoint). */
export const ATTACH_ACTION = 'file.attach';

/**
 * What an officer signs when attaching a file: the dossier, the component, the file and its name,
 * when, as whom (`signedText(deviceId, …)` of this envelope, like a staff mutation). The position
 * within the component is not signed: pages not yet sent can be reordered after they were signed.
 */
export function attachEnvelope(a: Pick<AttachRequest, 'id' | 'dossierCode' | 'component' | 'sha256' | 'name' | 'staffId'> & { at: string }):
{ id: string; type: string; at: string; staffId: string | null; payload: { dossierCode: string; component: string; sha256: string; name: string } } {
  return { id: a.id, type: ATTACH_ACTION, at: a.at, staffId: a.staffId, payload: { dossierCode: a.dossierCode, component: a.component, sha256: a.sha256, name: a.name } };
}

export const Attachment = z.object({
  id: z.uuid(),
  dossierCode: z.string(),
  component: z.string(),
  sha256: Sha256Hex,
  name: z.string(),
  mime: FileMime,
  size: z.number().int(),
  position: z.number().int(),
  staffId: z.string().nullable(),
  attachedAt: IsoTime,
  /** Set once an officer withdrew it (a dossier's list marks withdrawn ones; it no longer counts or reads). */
  withdrawn: z.object({ at: IsoTime, staffId: z.string().nullable(), reason: z.string() }).nullable().optional(),
});
export type Attachment = z.infer<typeof Attachment>;
export const AttachAnswer = z.object({ attachment: Attachment, serverTime: IsoTime });
export const AttachmentList = z.object({ attachments: z.array(Attachment), serverTime: IsoTime });

/**
 * GET /v1/admin/scorecard/digitisation?from=&to=[&agency=]: per agency, the dossiers received in
 * [from, to] (Vietnamese days) and how many have every component of their procedure's list
 * digitised (at least one file attached to each) — the digitisation share of the service index.
 */
export const ScorecardQuery = z.object({
  from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  agency: AgencyCode.optional(),
});
export const ScorecardRow = z.object({
  agency: AgencyCode,
  dossiers: z.number().int(),
  digitised: z.number().int(),
  /** digitised / dossiers (0 when there are none). */
  share: z.number(),
});
export const Scorecard = z.object({ from: z.string(), to: z.string(), agencies: z.array(ScorecardRow), serverTime: IsoTime });
export type Scorecard = z.infer<typeof Scorecard>;

/**
 * GET /v1/admin/files/collection: the last collection of abandoned uploads (docs/SYNC-PROTOCOL.md
 * §13; counts only — no file id, device or dossier), by any gateway process of this database; null
 * before the first run or with the collection turned off.
 */
export const FileCollectionRun = z.object({
  /** Declarations removed, chunks removed from the store and their bytes, chunks kept because another file names them. */
  files: z.number().int(), chunks: z.number().int(), bytes: z.number().int(), shared: z.number().int(),
  at: IsoTime, maxAgeDays: z.number(), ms: z.number(),
});
export type FileCollectionRun = z.infer<typeof FileCollectionRun>;
export const FileCollectionStatus = z.object({ last: FileCollectionRun.nullable(), serverTime: IsoTime });

/**
 * POST /v1/admin/files/:sha256/erase (province admins): the bytes of a file attached by mistake
 * (every attachment naming it withdrawn) are removed from the file store, chunks no other file
 * shares; the record of the attachments and of the erasure stays. `reason` is the admin's, kept
 * with the file and in the audit log: it says why, never what the paper said.
 */
export const FileEraseRequest = z.object({ reason: z.string().trim().min(1).max(500) });
export type FileEraseRequest = z.infer<typeof FileEraseRequest>;
export const FileErasure = z.object({
  sha256: Sha256Hex,
  /** The attachments that named it (all withdrawn) and their dossiers. */
  attachments: z.array(z.uuid()),
  dossiers: z.array(z.string()),
  /** Chunks removed from the store and their bytes; chunks kept because another file has them. */
  chunks: z.number().int(),
  bytes: z.number().int(),
  shared: z.number().int(),
  erasedAt: IsoTime,
  erasedBy: z.string(),
  reason: z.string(),
  serverTime: IsoTime,
});
export type FileErasure = z.infer<typeof FileErasure>;

/** An attachment as an admin sees it: as a counter does, and whether its file's bytes were erased. */
export const AdminAttachment = Attachment.extend({
  erased: z.object({ at: IsoTime, by: z.string(), reason: z.string() }).nullable(),
});
export type AdminAttachment = z.infer<typeof AdminAttachment>;
export const AdminAttachmentList = z.object({ attachments: z.array(AdminAttachment), serverTime: IsoTime });

export const filePath = (sha256: string): string => `/v1/files/${sha256}`;
export const fileErasePath = (sha256: string): string => `/v1/admin/files/${sha256}/erase`;
export const adminAttachmentsPath = (code: string): string => `/v1/admin/dossiers/${encodeURIComponent(code)}/attachments`;
export const chunksPath = (sha256: string): string => `/v1/files/${sha256}/chunks`;
export const chunkPath = (sha256: string, index: number, count = 1): string => `/v1/files/${sha256}/chunks/${index}${count > 1 ? `?count=${count}` : ''}`;
export const attachmentsPath = (code: string): string => `/v1/dossiers/${encodeURIComponent(code)}/attachments`;
