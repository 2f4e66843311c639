/**
 * Digitised documents kept offline (docs/SYNC-PROTOCOL.md §13): a file chosen, dropped by the
 * scanner's folder or captured by the camera becomes one Blob in IndexedDB, hashed once (SHA-256
 * of the whole and of each 256 KB chunk, reading a chunk at a time), and one attachment row — the
 * file lane's outbox entry that announces it — written in the same transaction. The file lane
 * (sync/files.ts) sends it; nothing here talks to the gateway.
 *
 * Refused before anything is stored, each with its catalogued message (`FileError`): an empty
 * file, a file over MAX_FILE_BYTES (from its size alone, before a byte of it is read), a file
 * whose first bytes are not a JPEG, PNG or PDF, and a file that changes (or vanishes) while it is
 * being read.
 */
import { sha256 } from '@noble/hashes/sha256';
import { v4 as uuidv4 } from 'uuid';
import type { OfficerSigner } from '../trust/officer-key';
import type { Attachment } from '../../shared/protocol';
import {
  attachEnvelope, withdrawEnvelope, FILE_CHUNK_BYTES, MAX_FILE_BYTES, fileSizeProblem, sniffMime, fileContentProblem, PDF_TAIL_BYTES, type FileErrorCode, type FileMime,
} from '../../shared/protocol/files';
import { bilingual } from '../../shared/messages';
import { atGateway, type AttachmentRow, type FileRow, type KioskDb } from './database';
import { ActionError } from './actions';

/** Days a confirmed file's Blob stays on the counter (retention.ts `fileDays`). */
export const FILE_EVICTION_DAYS = 30;

export class FileError extends Error {
  constructor(readonly code: FileErrorCode, readonly params: Record<string, string> = {}) {
    super(bilingual('file', code, params));
    this.name = 'FileError';
  }
}

const hex = (bytes: ArrayBuffer | Uint8Array): string => {
  const b = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let s = '';
  for (let i = 0; i < b.length; i++) s += b[i]!.toString(16).padStart(2, '0');
  return s;
};

/** A size for people: "1,5 MB" style, in the language's own way left to the caller's locale. */
/** A file's size for people: "812 B", "2 KB", "3.4 MB", "120 MB" (a 1 KB page read "0.0 MB"). */
export const fileSize = (n: number): string => (n < 1024 ? `${n} B`
  : n < 1024 * 1024 ? `${Math.round(n / 1024)} KB`
    : `${(n / 1024 / 1024).toFixed(n >= 10 * 1024 * 1024 ? 0 : 1)} MB`);

async function readSlice(blob: Blob, start: number, end: number): Promise<ArrayBuffer> {
  try {
    return await blob.slice(start, end).arrayBuffer();
  } catch (err) {
    // Chromium answers NotReadableError when the file on disk changed (or vanished) after it was picked.
    const name = (err as { name?: string } | null)?.name ?? '';
    throw new FileError(/NotReadable|NotFound/i.test(name) ? 'file-changed' : 'file-read-failed');
  }
}

export interface HashedFile {
  sha256: string;
  size: number;
  mime: FileMime;
  chunks: string[];
}

/**
 * Checks and hashes a file without holding more than one chunk: the size before anything is read,
 * the type from the first bytes, that its last bytes end it, then SHA-256 of the whole and of each chunk.
 */
export async function hashFile(blob: Blob): Promise<HashedFile> {
  const size = blob.size;
  const problem = fileSizeProblem(size);
  if (problem) throw new FileError(problem, { size: fileSize(size), max: fileSize(MAX_FILE_BYTES) });
  const head = new Uint8Array(await readSlice(blob, 0, Math.min(16, size)));
  const mime = sniffMime(head);
  if (!mime) throw new FileError('file-type');
  // Whole, by its last bytes (a PDF's %%EOF, a PNG's IEND, a JPEG's end marker): the gateway checks the same.
  const ends = fileContentProblem(mime, head, new Uint8Array(await readSlice(blob, Math.max(0, size - PDF_TAIL_BYTES), size)));
  if (ends) throw new FileError(ends);
  const whole = sha256.create();
  const chunks: string[] = [];
  for (let o = 0; o < size; o += FILE_CHUNK_BYTES) {
    const buf = await readSlice(blob, o, Math.min(size, o + FILE_CHUNK_BYTES));
    if (buf.byteLength !== Math.min(FILE_CHUNK_BYTES, size - o)) throw new FileError('file-changed');
    whole.update(new Uint8Array(buf));
    chunks.push(hex(await crypto.subtle.digest('SHA-256', buf)));
  }
  return { sha256: hex(whole.digest()), size, mime, chunks };
}

export interface AttachInput {
  dossierCode: string;
  component: string;
  /** A File (name taken from it) or any Blob with `name`. */
  file: Blob;
  name?: string;
  /**
   * The signed-in officer: the attachment names them and carries their signature (the gateway
   * attaches nothing else). Null: kept unsigned, named `staffId`, and sent once that officer signs
   * in again (`signPendingAttachments`).
   */
  signer: OfficerSigner | null;
  /** Only without a signer (defaults to the signer's officer). */
  staffId?: string | null;
  /** Defaults to after the component's last page. */
  position?: number;
  /** Attachments this file replaces (a component's pages assembled into one PDF): removed in the
   * same transaction, each only while not attached at the gateway, its file with it when unnamed. */
  replaces?: string[];
}

/**
 * Keeps a file for a dossier component: the Blob (once per content) and its attachment row in
 * one strict transaction, then wakes the file lane. Resolves with the attachment.
 */
export async function attachFile(db: KioskDb, input: AttachInput, now = Date.now()): Promise<AttachmentRow> {
  const h = await hashFile(input.file);
  const name = (input.name ?? ((input.file as File).name || `${h.sha256.slice(0, 12)}.${h.mime === 'application/pdf' ? 'pdf' : h.mime === 'image/png' ? 'png' : 'jpg'}`)).slice(0, 255);
  const id = uuidv4();
  const at = new Date(now).toISOString();
  const staffId = input.signer ? input.signer.staffId : input.staffId ?? null;
  // Signed before the transaction: WebCrypto must not run inside one (actions.ts `perform`).
  const sig = input.signer
    ? await input.signer.sign(attachEnvelope({ id, dossierCode: input.dossierCode, component: input.component, sha256: h.sha256, name, staffId, at }))
    : null;
  const row = await db.transaction('rw', db.files, db.attachments, async () => {
    const existing = await db.files.get(h.sha256);
    if (!existing || existing.blob === null || existing.state === 'failed') {
      const file: FileRow = {
        sha256: h.sha256, blob: input.file, size: h.size, mime: h.mime, chunks: h.chunks,
        acked: existing?.state === 'failed' ? [] : existing?.acked ?? [], state: existing?.state === 'complete' ? 'complete' : 'pending',
        failure: null, createdAt: existing?.createdAt ?? now, completeAt: existing?.completeAt ?? null, evictedAt: null,
      };
      await db.files.put(file);
    }
    const siblings = await db.attachments.where('dossierCode').equals(input.dossierCode).filter((a) => a.component === input.component).toArray();
    const position = input.position ?? (siblings.reduce((m, a) => Math.max(m, a.position + 1), 0));
    const att: AttachmentRow = {
      id, dossierCode: input.dossierCode, component: input.component, sha256: h.sha256, name, mime: h.mime,
      size: h.size, position, staffId, createdAt: now, state: 'pending', attachedAt: null, at, sig,
    };
    await db.attachments.add(att);
    for (const id of input.replaces ?? []) {
      const old = await db.attachments.get(id);
      if (!old || atGateway(old.state)) continue;
      await db.attachments.delete(id);
      if ((await db.attachments.where('sha256').equals(old.sha256).count()) === 0) await db.files.delete(old.sha256);
    }
    return att;
  });
  db.notifyFiles();
  return row;
}

/**
 * Signs the officer's pending attachments that carry no signature (stored before attachments were
 * signed, or without a signed-in officer): at the officer's sign-in, so the file lane can send
 * them. Each keeps the moment it was stored. Resolves with how many were signed.
 */
export async function signPendingAttachments(db: KioskDb, signer: OfficerSigner): Promise<number> {
  const unsigned = await db.attachments.where('state').equals('pending').filter((a) => !a.sig && a.staffId === signer.staffId).toArray();
  let signed = 0;
  for (const a of unsigned) {
    const at = a.at ?? new Date(a.createdAt).toISOString();
    const sig = await signer.sign(attachEnvelope({ ...a, staffId: signer.staffId, at }));
    // Only while still pending and unsigned (another window may have signed or removed it meanwhile).
    signed += await db.attachments.where('id').equals(a.id).filter((x) => x.state === 'pending' && !x.sig).modify({ at, sig, refusal: null });
  }
  if (signed > 0) db.notifyFiles();
  return signed;
}

/**
 * An officer withdraws a page attached at the gateway (a page not sent yet is removed instead,
 * `removePage`): the withdrawal, signed now with the officer's key, is kept on the page's row and
 * sent by the file lane. `page` may be one another counter attached (the gateway's list): it gets
 * a row here. Resolves false when the page is not (or no longer) one that can be withdrawn.
 */
export async function withdrawPage(db: KioskDb, page: AttachmentRow, reason: string, signer: OfficerSigner | null, now = Date.now()): Promise<boolean> {
  if (!signer) throw new ActionError('not-signed-in');
  const why = reason.trim();
  const at = new Date(now).toISOString();
  const sig = await signer.sign(withdrawEnvelope({ id: page.id, dossierCode: page.dossierCode, reason: why, staffId: signer.staffId, at }));
  const withdrawal = { reason: why, staffId: signer.staffId, at, sig, doneAt: null };
  const done = await db.transaction('rw', db.attachments, async () => {
    const held = await db.attachments.get(page.id);
    if (!held) {
      if (page.state !== 'attached') return false;
      await db.attachments.add({ ...page, state: 'withdrawing', withdrawal, refusal: null });
      return true;
    }
    if (held.state !== 'attached') return false;
    await db.attachments.update(page.id, { state: 'withdrawing', withdrawal, refusal: null });
    return true;
  });
  if (done) db.notifyFiles();
  return done;
}

/** A row's record of a withdrawal the gateway reports (made at another counter: no signature here). */
export const withdrawnThere = (w: NonNullable<Attachment['withdrawn']>): NonNullable<AttachmentRow['withdrawal']> =>
  ({ reason: w.reason, staffId: w.staffId, at: w.at, sig: null, doneAt: Date.parse(w.at) });

/**
 * Records on this counter's rows the withdrawals the gateway's list shows (made at another
 * counter, or the answer to this one's lost): an `attached` row the list marks withdrawn becomes
 * `withdrawn`. Resolves with how many changed.
 */
export async function noteWithdrawals(db: KioskDb, list: Attachment[]): Promise<number> {
  const gone = list.filter((a) => a.withdrawn);
  if (gone.length === 0) return 0;
  return db.transaction('rw', db.attachments, async () => {
    let n = 0;
    for (const a of gone) {
      n += await db.attachments.where('id').equals(a.id).filter((x) => x.state === 'attached')
        .modify({ state: 'withdrawn', withdrawal: withdrawnThere(a.withdrawn!) });
    }
    return n;
  });
}

/** A dossier's attachments, by component then position. */
export async function dossierAttachments(db: KioskDb, code: string): Promise<AttachmentRow[]> {
  const rows = await db.attachments.where('dossierCode').equals(code).toArray();
  return rows.sort((a, b) => a.component.localeCompare(b.component) || a.position - b.position || a.createdAt - b.createdAt);
}

/**
 * Moves an attachment one place up or down within its component. Only pages not yet attached
 * at the gateway move (an attached page's position is the gateway's record).
 */
export async function movePage(db: KioskDb, id: string, delta: -1 | 1): Promise<boolean> {
  return db.transaction('rw', db.attachments, async () => {
    const a = await db.attachments.get(id);
    if (!a) return false;
    const siblings = (await db.attachments.where('dossierCode').equals(a.dossierCode).filter((x) => x.component === a.component).toArray())
      .sort((x, y) => x.position - y.position || x.createdAt - y.createdAt);
    const i = siblings.findIndex((x) => x.id === id);
    const j = i + delta;
    const other = siblings[j];
    if (!other || a.state !== 'pending' || other.state !== 'pending') return false;
    siblings[i] = other;
    siblings[j] = a;
    // Renumbered 0..n-1 in the new order (positions stay distinct).
    await db.attachments.bulkPut(siblings.map((x, k) => ({ ...x, position: k })));
    return true;
  });
}

/**
 * Removes a page not yet attached at the gateway (a page attached there is the dossier's record
 * and stays). Its file goes too when nothing else names it.
 */
export async function removePage(db: KioskDb, id: string): Promise<boolean> {
  const done = await db.transaction('rw', db.files, db.attachments, async () => {
    const a = await db.attachments.get(id);
    if (!a || atGateway(a.state)) return false;
    await db.attachments.delete(id);
    if ((await db.attachments.where('sha256').equals(a.sha256).count()) === 0) await db.files.delete(a.sha256);
    return true;
  });
  if (done) db.notifyFiles();
  return done;
}

/** The Blob of an attachment's file, while the device still holds it. */
export async function fileBlob(db: KioskDb, sha: string): Promise<Blob | null> {
  return (await db.files.get(sha))?.blob ?? null;
}

/**
 * Frees the space of files the gateway confirmed (whole file and every attachment naming it)
 * more than `maxAgeMs` ago: the row stays (hashes, state), the Blob goes. Never a file with an
 * attachment still pending.
 */
export async function evictConfirmedFiles(db: KioskDb, maxAgeMs: number, now = Date.now()): Promise<number> {
  return db.transaction('rw', db.files, db.attachments, async () => {
    const old = await db.files.where('state').equals('complete').filter((f) => f.blob !== null && f.completeAt !== null && f.completeAt < now - maxAgeMs).toArray();
    let evicted = 0;
    for (const f of old) {
      const waiting = await db.attachments.where('sha256').equals(f.sha256).filter((a) => a.state !== 'attached' && a.state !== 'withdrawn').count();
      if (waiting > 0) continue;
      await db.files.update(f.sha256, { blob: null, evictedAt: now });
      evicted++;
    }
    return evicted;
  });
}

/** What waits for the file lane: attachments not yet attached, and the bytes of their files not yet acknowledged. */
export async function fileBacklog(db: KioskDb): Promise<{ attachments: number; bytes: number; failed: number; withdrawals: number }> {
  const pending = await db.attachments.where('state').equals('pending').toArray();
  const failed = await db.attachments.where('state').equals('failed').count();
  const withdrawals = await db.attachments.where('state').equals('withdrawing').count();
  let bytes = 0;
  for (const sha of new Set(pending.map((a) => a.sha256))) {
    const f = await db.files.get(sha);
    if (!f || f.state === 'complete') continue;
    bytes += Math.max(0, f.size - f.acked.length * FILE_CHUNK_BYTES);
  }
  return { attachments: pending.length, bytes, failed, withdrawals };
}
