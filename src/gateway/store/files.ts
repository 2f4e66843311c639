/**
 * Files and their attachment to dossier components (docs/SYNC-PROTOCOL.md §13). The bytes are in
 * the file store (files/store.ts); here: which chunks each file has, whether it is complete
 * (every chunk checked against its declared hash when it arrived, the whole file against its id
 * when the last one did), and which dossier components it is attached to.
 */
import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { Db, Queryable } from '../db/types';
import type { Device } from './devices';
import type { FileStore } from '../files/store';
import { FileEnds, runningHashesOf } from '../files/running-hash';
import { JOB_LOCK_CLASS } from '../db/jobs';
import { forbidden, GatewayError } from '../errors';
import { localized } from '../../shared/messages';
import { officerRefusal, type KeyAuth, type StaffAuth } from './authorize';
import { audit, type Actor } from './audit';
import {
  attachEnvelope, withdrawEnvelope, type WithdrawRequest, FILE_CHUNK_BYTES, fileContentProblem, MAX_CHUNKS_PER_REQUEST, type AttachRequest, type Attachment, type FileDeclare, type FileErrorCode, type FileMime, type FileState,
  type Scorecard, type AdminAttachment, type FileErasure,
} from '../../shared/protocol';

/** 400 `file-rejected` with the reason and its catalogued message. */
export const fileRejected = (reason: FileErrorCode, details: Record<string, unknown> = {}): GatewayError =>
  new GatewayError('file-rejected', { reason, ...details }, localized('file', reason, details as Record<string, string>));

/** 404 `file-not-declared`: no declaration of this file (never made, or collected after it was abandoned): declare it again. */
export const fileNotDeclared = (sha256: string): GatewayError => new GatewayError('file-not-declared', { sha256 });

interface FileRow {
  sha256: string; size: number | string; mime: FileMime; chunk_size: number; chunk_hashes: string[] | string;
  chunks_stored: number; complete_at: Date | null;
  /** `file_gc.epoch` when the row was read (collectAbandonedFiles). */
  gc_epoch: number | string;
}

const hashesOf = (row: FileRow): string[] => (typeof row.chunk_hashes === 'string' ? JSON.parse(row.chunk_hashes) as string[] : row.chunk_hashes);

async function fileRow(q: Queryable, sha256: string, lock = false): Promise<FileRow | null> {
  const rows = await q.query<FileRow>(
    `select sha256, size, mime, chunk_size, chunk_hashes, chunks_stored, complete_at, (select epoch from file_gc) as gc_epoch
     from files where sha256 = $1${lock ? ' for update' : ''}`, [sha256]);
  return rows[0] ?? null;
}

async function stateOf(q: Queryable, row: FileRow): Promise<FileState> {
  const chunks = await q.query<{ idx: number; arrivals: number }>('select idx, arrivals from file_chunks where sha256 = $1 order by idx', [row.sha256]);
  const have = row.complete_at ? Array.from({ length: hashesOf(row).length }, (_, i) => i) : chunks.map((r) => r.idx);
  return { sha256: row.sha256, size: Number(row.size), complete: row.complete_at !== null, have, resent: chunks.reduce((n, r) => n + r.arrivals - 1, 0), chunksPerRequest: MAX_CHUNKS_PER_REQUEST };
}

/** Declares a file (idempotent); answers which chunks the gateway already holds. */
export async function declareFile(db: Db, device: Device, d: FileDeclare): Promise<FileState> {
  return db.transaction(async (tx) => {
    await tx.query(
      `insert into files (sha256, size, mime, chunk_size, chunk_hashes, declared_by) values ($1, $2, $3, $4, $5, $6)
       on conflict (sha256) do update set touched_at = now() where files.complete_at is null`,
      [d.sha256, d.size, d.mime, d.chunkSize, JSON.stringify(d.chunks), device.id]);
    const row = (await fileRow(tx, d.sha256))!;
    const same = Number(row.size) === d.size && row.mime === d.mime && row.chunk_size === d.chunkSize
      && JSON.stringify(hashesOf(row)) === JSON.stringify(d.chunks);
    if (!same) throw fileRejected('file-declared-otherwise');
    return stateOf(tx, row);
  });
}

export async function fileState(db: Db, sha256: string): Promise<FileState | null> {
  const row = await fileRow(db, sha256);
  return row ? stateOf(db, row) : null;
}

/**
 * One chunk's bytes, or a run of `count` consecutive chunks (their bytes one after another): each
 * checked against the hash declared for its index, stored under that hash (a run's chunks made
 * durable together: `FileStore.putChunks`), then recorded in one transaction, then fed to the
 * file's running hash (files/running-hash.ts). When the last missing one arrived, the whole file
 * is checked against its id (completeFile: the running hash, and what it lacks read back one chunk
 * at a time) and marked complete, or its declaration and chunk records are dropped (the bytes
 * stay: they are content-addressed and may be another file's) and `file-hash-mismatch` answered:
 * the sender declares the file again. No declaration (never made, or collected): 404
 * `file-not-declared`.
 */
export async function putChunk(db: Db, files: FileStore, sha256: string, index: number, bytes: Uint8Array, count = 1): Promise<{ index: number; stored: boolean; complete: boolean; count?: number; fresh: boolean[] }> {
  const row = await fileRow(db, sha256);
  if (!row) throw fileNotDeclared(sha256);
  const hashes = hashesOf(row);
  if (index + count > hashes.length) throw new GatewayError('not-found');
  const size = Number(row.size);
  const sizeOf = (i: number): number => (i === hashes.length - 1 ? size - i * row.chunk_size : row.chunk_size);
  let expectedTotal = 0;
  for (let i = index; i < index + count; i++) expectedTotal += sizeOf(i);
  if (bytes.byteLength > expectedTotal && bytes.byteLength > count * FILE_CHUNK_BYTES) throw new GatewayError('payload-too-large', { limit: count * FILE_CHUNK_BYTES });
  const pieces: { index: number; hash: string; bytes: Uint8Array }[] = [];
  let offset = 0;
  for (let i = index; i < index + count; i++) {
    // The run's last piece takes whatever bytes are left: too few or too many fail its check.
    const piece = i === index + count - 1 ? bytes.subarray(offset) : bytes.subarray(offset, offset + sizeOf(i));
    offset += piece.byteLength;
    const hash = createHash('sha256').update(piece).digest('hex');
    if (piece.byteLength !== sizeOf(i) || hash !== hashes[i]) {
      throw fileRejected('chunk-hash-mismatch', { index: i, expected: hashes[i], got: hash, size: piece.byteLength });
    }
    pieces.push({ index: i, hash, bytes: piece });
  }
  // Bytes first, then the record: a record never names a chunk the store lacks.
  if (files.putChunks) await files.putChunks(pieces);
  else for (const p of pieces) await files.putChunk(p.hash, p.bytes);
  const { fresh, ready, complete } = await db.transaction(async (tx) => {
    // Against the collection of abandoned uploads (collectAbandonedFiles): while this holds the
    // chunk lock (shared) no chunk is removed, and a removal since the row was read (the epoch
    // moved) may have taken bytes this run found or wrote: they are checked and written again.
    if (db.kind === 'pg') await tx.query('select pg_advisory_xact_lock_shared($1, hashtext($2))', [JOB_LOCK_CLASS, FILE_CHUNKS_LOCK]);
    const values = pieces.map((_, k) => `($1, $${k * 3 + 2}::int, $${k * 3 + 3}, $${k * 3 + 4}::int)`).join(', ');
    let inserted: { fresh: boolean; idx: number }[];
    try {
      inserted = await tx.query<{ fresh: boolean; idx: number }>(
        `insert into file_chunks (sha256, idx, hash, size) values ${values}
         on conflict (sha256, idx) do update set arrivals = file_chunks.arrivals + 1 returning (xmax = 0) as fresh, idx`,
        [sha256, ...pieces.flatMap((p) => [p.index, p.hash, p.bytes.byteLength])]);
    } catch (err) {
      // The declaration was collected since it was read (foreign key): declare again.
      if ((err as { code?: string }).code === '23503') throw fileNotDeclared(sha256);
      throw err;
    }
    const freshSet = new Set(inserted.filter((r) => r.fresh === true).map((r) => Number(r.idx)));
    const up = await tx.query<{ chunks_stored: number; complete: boolean; gc_epoch: number | string }>(
      `update files set chunks_stored = chunks_stored + $2, touched_at = now() where sha256 = $1
       returning chunks_stored, complete_at is not null as complete, (select epoch from file_gc) as gc_epoch`,
      [sha256, freshSet.size]);
    if (!up[0]) throw fileNotDeclared(sha256);
    if (String(up[0].gc_epoch) !== String(row.gc_epoch)) {
      const held = await Promise.all(pieces.map((p) => files.hasChunk(p.hash)));
      const lost = pieces.filter((_, k) => !held[k]);
      if (files.putChunks) await files.putChunks(lost);
      else for (const p of lost) await files.putChunk(p.hash, p.bytes);
    }
    return {
      fresh: pieces.map((p) => freshSet.has(p.index)),
      ready: freshSet.size > 0 && up[0]!.chunks_stored === hashes.length,
      complete: up[0]!.complete === true,
    };
  });
  // Into the file's running hash (files/running-hash.ts), so that completing it needs no read-back.
  if (!complete) runningHashesOf(files).feed(sha256, pieces);
  if (ready) await completeFile(db, files, sha256, hashes);
  return { index, stored: fresh.some(Boolean), complete: ready || complete, ...(count > 1 ? { count } : {}), fresh };
}

/**
 * Checks the whole file against its id: from the running hash of the chunks that arrived in order
 * at this process, and whatever it lacks (chunks that came out of order, before a restart, to
 * another process) read back from the store a chunk at a time. A running hash is used only if the
 * chunks it was fed are the ones declared now.
 */
async function completeFile(db: Db, files: FileStore, sha256: string, hashes: string[]): Promise<void> {
  const running = runningHashesOf(files);
  const taken = running.take(sha256);
  const usable = taken !== null && taken.fed.length <= hashes.length && taken.fed.every((c, i) => c === hashes[i]);
  const h = usable ? taken.hash : createHash('sha256');
  const ends = usable ? taken.ends : new FileEnds();
  for (let i = usable ? taken.next : 0; i < hashes.length; i++) {
    const held = usable ? taken.held.get(i) : undefined;
    const fromHeld = held !== undefined && held.hash === hashes[i];
    const bytes = fromHeld ? held.bytes : await files.readChunk(hashes[i]!);
    if (!fromHeld) running.stats.readBack++;
    h.update(bytes);
    ends.add(bytes);
  }
  // Refused: the declaration goes with its chunk records — a wrong chunk list under a file's id
  // must not keep the true file from being declared and sent afterwards.
  const refuse = async (reason: FileErrorCode): Promise<never> => {
    await db.transaction(async (tx) => {
      await tx.query('delete from file_chunks where sha256 = $1', [sha256]);
      await tx.query('delete from files where sha256 = $1 and complete_at is null', [sha256]);
    });
    throw fileRejected(reason);
  };
  if (h.digest('hex') !== sha256) await refuse('file-hash-mismatch');
  // The bytes are the declared file; are they the declared kind, and whole? (The counter checks
  // before it stores a file; a client that does not is refused here, once, for good.)
  const declared = (await db.query<{ mime: string }>('select mime from files where sha256 = $1', [sha256]))[0]?.mime ?? '';
  const problem = fileContentProblem(declared, ends.head, ends.tail);
  if (problem) await refuse(problem);
  await db.query('update files set complete_at = now() where sha256 = $1 and complete_at is null', [sha256]);
}

/** The advisory lock (class `JOB_LOCK_CLASS`) between chunk uploads (shared) and chunk removals (exclusive). */
export const FILE_CHUNKS_LOCK = 'file-chunks';

/** What a collection of abandoned uploads removed (counts only: no file id, no device, no dossier). */
export interface FileCollection {
  /**
   * Uploads collected: declared, never completed, untouched (declared or sent to) for longer than
   * the age. Their declarations are removed, except an erased file's (the erasure's record), whose
   * chunk records only go.
   */
  files: number;
  /** Chunks removed from the file store, and their bytes. */
  chunks: number;
  bytes: number;
  /** Chunks of the removed files kept because another file (complete or not) still names them. */
  shared: number;
}

/**
 * Removes the uploads abandoned for longer than `maxAgeMs` (docs/SYNC-PROTOCOL.md §13): files
 * declared and never completed, not touched since (no declaration, no chunk), and attached to
 * nothing — or erased (eraseFile) and sent again only in part, whose declaration stays as the
 * erasure's record (its chunk records go; a device still sending it is asked for every chunk
 * again by that declaration's `have: []`). First their rows (the declaration and its chunk records, `batch` files per
 * transaction), then, among the chunks they declared, those no remaining file names: a chunk is
 * content-addressed, so one shared with a complete file, or with another upload still going on,
 * stays. The bytes are removed under the chunk lock (exclusive) with the epoch bumped, so a chunk
 * upload that found or wrote a chunk just before writes it again before recording it (putChunk).
 * A crash between the two steps leaves bytes no file names (space, never damage).
 * A device still sending such a file is answered 404 `file-not-declared` and declares it again.
 */
export async function collectAbandonedFiles(db: Db, files: FileStore, maxAgeMs: number, batch = 200): Promise<FileCollection> {
  const out: FileCollection = { files: 0, chunks: 0, bytes: 0, shared: 0 };
  const running = runningHashesOf(files);
  for (;;) {
    const rows = await db.transaction(async (tx) => {
      // An erased file (eraseFile) is incomplete and still named by its withdrawn attachments: its
      // bytes sent again and then abandoned are collected too, but its row is the erasure's
      // record and stays (its chunk records go; only one with chunk records is picked, so a run
      // ends). A file with attachments is otherwise complete: attaching needs the whole file.
      const picked = await tx.query<{ sha256: string; size: number | string; chunk_size: number; chunk_hashes: string[] | string; erased: boolean }>(
        `select sha256, size, chunk_size, chunk_hashes, erased_at is not null as erased from files f
         where complete_at is null and touched_at < now() - ($1::bigint * interval '1 millisecond')
           and (
             (erased_at is null and not exists (select 1 from attachments a where a.sha256 = f.sha256))
             or (erased_at is not null and exists (select 1 from file_chunks c where c.sha256 = f.sha256)
                 and not exists (select 1 from attachments a where a.sha256 = f.sha256 and a.withdrawn_at is null))
           )
         order by touched_at limit $2 for update skip locked`, [Math.max(0, Math.floor(maxAgeMs)), batch]);
      if (picked.length === 0) return picked;
      const ids = picked.map((r) => r.sha256);
      await tx.query('delete from file_chunks where sha256 = any($1)', [ids]);
      const kept = picked.filter((r) => r.erased).map((r) => r.sha256);
      await tx.query('delete from files where sha256 = any($1)', [picked.filter((r) => !r.erased).map((r) => r.sha256)]);
      if (kept.length > 0) await tx.query('update files set chunks_stored = 0 where sha256 = any($1)', [kept]);
      return picked;
    });
    if (rows.length === 0) break;
    out.files += rows.length;
    const sizes = new Map<string, number>();
    for (const r of rows) {
      running.forget(r.sha256);
      const hs = typeof r.chunk_hashes === 'string' ? JSON.parse(r.chunk_hashes) as string[] : r.chunk_hashes;
      const size = Number(r.size);
      hs.forEach((h, i) => sizes.set(h, i === hs.length - 1 ? size - i * r.chunk_size : r.chunk_size));
    }
    const candidates = [...sizes.keys()];
    for (let k = 0; k < candidates.length; k += 256) {
      const slice = candidates.slice(k, k + 256);
      await db.transaction(async (tx) => {
        if (db.kind === 'pg') await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [JOB_LOCK_CLASS, FILE_CHUNKS_LOCK]);
        await tx.query('update file_gc set epoch = epoch + 1 where id = 1');
        const used = new Set((await tx.query<{ hash: string }>('select distinct hash from file_chunks where hash = any($1)', [slice])).map((r) => r.hash));
        const orphans = slice.filter((h) => !used.has(h));
        out.shared += slice.length - orphans.length;
        for (let j = 0; j < orphans.length; j += 16) {
          const group = orphans.slice(j, j + 16);
          const removed = await Promise.all(group.map((h) => files.deleteChunk(h)));
          removed.forEach((gone, n) => {
            if (!gone) return;
            out.chunks++;
            out.bytes += sizes.get(group[n]!)!;
          });
        }
      });
    }
    if (rows.length < batch) break;
  }
  return out;
}

/**
 * Erases the bytes of a file attached by mistake (docs/SECURITY.md, "Accountable attachments"):
 * allowed once every attachment naming it was withdrawn by an officer (else 409 `file-in-use`,
 * with the attachments still in use); 404 for a file never declared. In one transaction, under
 * the chunk lock taken as the collection of abandoned uploads takes it (no upload records a chunk
 * meanwhile, and one that wrote bytes before checks them again: the epoch moves): the file's chunk
 * records go, the chunks no other file names are removed from the store, the declaration stays,
 * marked erased with who, when and why (it can be sent again: a new attachment of the same bytes
 * needs them again), and the audit log gets `file.erase`. Erasing again is allowed (it removes
 * whatever a failed attempt left) and says what it removed this time. The attachments' record
 * (who attached and withdrew, when, why) stays.
 */
export async function eraseFile(db: Db, files: FileStore, sha256: string, actor: Actor, reason: string): Promise<Omit<FileErasure, 'serverTime'>> {
  const done = await db.transaction(async (tx) => {
    if (db.kind === 'pg') await tx.query('select pg_advisory_xact_lock($1, hashtext($2))', [JOB_LOCK_CLASS, FILE_CHUNKS_LOCK]);
    const row = await fileRow(tx, sha256, true);
    if (!row) throw new GatewayError('not-found');
    const named = await tx.query<{ id: string; dossier_code: string; withdrawn_at: Date | null }>(
      'select id, dossier_code, withdrawn_at from attachments where sha256 = $1 order by attached_at, id', [sha256]);
    const inUse = named.filter((a) => a.withdrawn_at === null).map((a) => a.id);
    if (inUse.length > 0) throw new GatewayError('file-in-use', { attachments: inUse });
    await tx.query('update file_gc set epoch = epoch + 1 where id = 1');
    await tx.query('delete from file_chunks where sha256 = $1', [sha256]);
    const marked = await tx.query<{ erased_at: Date }>(
      `update files set complete_at = null, chunks_stored = 0, touched_at = now(), erased_at = now(), erased_by = $2, erase_reason = $3
       where sha256 = $1 returning erased_at`, [sha256, actor, reason]);
    const hashes = hashesOf(row);
    const size = Number(row.size);
    const sizes = new Map<string, number>();
    hashes.forEach((h, i) => sizes.set(h, i === hashes.length - 1 ? size - i * row.chunk_size : row.chunk_size));
    const candidates = [...sizes.keys()];
    const used = new Set((await tx.query<{ hash: string }>('select distinct hash from file_chunks where hash = any($1)', [candidates])).map((r) => r.hash));
    const orphans = candidates.filter((h) => !used.has(h));
    let chunks = 0;
    let bytes = 0;
    for (let j = 0; j < orphans.length; j += 16) {
      const group = orphans.slice(j, j + 16);
      const removed = await Promise.all(group.map((h) => files.deleteChunk(h)));
      removed.forEach((gone, n) => {
        if (!gone) return;
        chunks++;
        bytes += sizes.get(group[n]!)!;
      });
    }
    const attachments = named.map((a) => a.id);
    const dossiers = [...new Set(named.map((a) => a.dossier_code))].sort();
    const shared = candidates.length - orphans.length;
    await audit(tx, actor, FILE_ERASE_ACTION, sha256, { reason, attachments, dossiers, chunks, bytes, shared });
    return { sha256, attachments, dossiers, chunks, bytes, shared, erasedAt: marked[0]!.erased_at.toISOString(), erasedBy: actor, reason };
  });
  runningHashesOf(files).forget(sha256);
  return done;
}

/** The audit log's action for an erasure (eraseFile). */
export const FILE_ERASE_ACTION = 'file.erase';

/**
 * A dossier's attachments as the record holds them, for an admin: withdrawn ones marked, and
 * whether their file's bytes were erased; with the dossier's agency (the caller checks the admin
 * may see it). Null: no such dossier.
 */
export async function adminAttachments(db: Db, code: string): Promise<{ agency: string; attachments: AdminAttachment[] } | null> {
  const dossier = await db.query<{ agency_code: string }>('select agency_code from dossiers where code = $1', [code]);
  if (!dossier[0]) return null;
  const rows = await db.query<AttachmentRow & { erased_at: Date | null; erased_by: string | null; erase_reason: string | null }>(
    `select ${ATTACHMENT_COLUMNS}, f.erased_at, f.erased_by, f.erase_reason from attachments a join files f on f.sha256 = a.sha256
     where a.dossier_code = $1 order by a.component, a.position, a.attached_at`, [code]);
  return {
    agency: dossier[0].agency_code,
    attachments: rows.map((r) => ({ ...toAttachment(r), erased: r.erased_at ? { at: r.erased_at.toISOString(), by: r.erased_by ?? '', reason: r.erase_reason ?? '' } : null })),
  };
}

interface AttachmentRow {
  id: string; dossier_code: string; component: string; sha256: string; name: string; mime: FileMime;
  size: number | string; position: number; staff_id: string | null; attached_at: Date;
  withdrawn_at: Date | null; withdrawn_by: string | null; withdraw_reason: string | null; agency_code: string;
}
const toAttachment = (r: AttachmentRow): Attachment => ({
  id: r.id, dossierCode: r.dossier_code, component: r.component, sha256: r.sha256, name: r.name, mime: r.mime,
  size: Number(r.size), position: r.position, staffId: r.staff_id, attachedAt: r.attached_at.toISOString(),
  ...(r.withdrawn_at ? { withdrawn: { at: r.withdrawn_at.toISOString(), staffId: r.withdrawn_by, reason: r.withdraw_reason ?? '' } } : {}),
});
const ATTACHMENT_COLUMNS = `a.id, a.dossier_code, a.agency_code, a.component, a.sha256, a.name, f.mime, f.size, a.position, a.staff_id, a.attached_at,
  a.withdrawn_at, a.withdrawn_by, a.withdraw_reason`;

/**
 * Attaching a file is an officer's action (docs/SECURITY.md): it names an active officer of the
 * device's agency whose role may act, signed with that officer's key registered for this device,
 * the same checks as a staff mutation's (authorize.ts). The moment is the counter's `at`, never
 * later than now. Refused with 403 `forbidden` and the mutation's reason; else the moment to keep.
 */
async function officerCheck(
  q: Queryable, device: Device, a: Pick<AttachRequest, 'staffId' | 'at' | 'sig'>, floorMs: number,
  signed: (at: string) => { id: string; type: string; at: string; staffId: string | null; payload: unknown },
): Promise<string> {
  const now = Date.now();
  // Clamped as a mutation's time is: never after now, never before what it acts on (the
  // dossier's receipt, the attachment), so an earlier `at` does not get round a deactivation.
  const atMs = Math.max(Math.min(a.at === undefined ? now : Date.parse(a.at), now), Math.min(floorMs, now));
  // One after the other: a transaction's client runs one query at a time.
  const staff = a.staffId === null ? [] : await q.query<{ id: string; agency_code: string; role: StaffAuth['role']; deactivated_at: Date | string | null }>(
    `select id, agency_code, data->>'role' as role, deactivated_at from staff where id = $1`, [a.staffId]);
  const keys = a.sig === undefined ? [] : await q.query<{ key_id: string; staff_id: string; public_jwk: KeyAuth['jwk'] | string; revoked: boolean }>(
    'select key_id, staff_id, public_jwk, revoked_at is not null as revoked from staff_keys where key_id = $1 and device_id = $2', [a.sig.keyId, device.id]);
  const s = staff[0];
  const st: StaffAuth | undefined = s && {
    id: s.id, agencyCode: s.agency_code, role: s.role, name: '', title: '',
    deactivatedAt: s.deactivated_at === null ? null : new Date(s.deactivated_at).toISOString(),
  };
  const k = keys[0];
  const key: KeyAuth | undefined = k && { keyId: k.key_id, staffId: k.staff_id, jwk: typeof k.public_jwk === 'string' ? JSON.parse(k.public_jwk) : k.public_jwk, revoked: k.revoked };
  // What the officer signed carries the counter's own `at`, exactly as sent.
  const env = { ...signed(a.at ?? ''), sig: a.sig };
  // (Without an `at` nothing the officer could have signed matches: refused as a mismatch.)
  const refused = officerRefusal(device, st, a.staffId, atMs, (id) => (key && key.keyId === id ? key : undefined), env);
  if (refused) throw forbidden(refused.code, refused.details);
  return new Date(atMs).toISOString();
}

/**
 * A dossier one of whose agencies is the device's — the receiving one (`agency_code`) or, after a
 * boundary-free intake (docs/SYNC-PROTOCOL.md §4.5), the competent one (`competent_agency_code`) —
 * with the time it was received; null for a dossier unknown here or only other agencies'. (Kiosk-kind
 * devices never get this far: the file routes are outside their scopes.)
 */
async function dossierOfAgency(q: Queryable, device: Device, code: string): Promise<{ received_at: string | null } | null> {
  const rows = await q.query<{ received_at: string | null }>(
    `select data->>'receivedAt' as received_at from dossiers where code = $1 and (agency_code = $2 or competent_agency_code = $2)`,
    [code, device.agencyCode]);
  return rows[0] ?? null;
}

/**
 * Attaches a complete file to a component of a dossier of the device's agency — receiving or
 * competent — (idempotent by id). A dossier the gateway does not have yet (its intake still
 * queued) is `not-found`: the counter tries again later. The attachment records the attaching
 * device's agency (`attachments.agency_code`).
 */
export async function attachFile(db: Db, device: Device, a: AttachRequest): Promise<Attachment> {
  return db.transaction(async (tx) => {
    const existing = await tx.query<AttachmentRow>(`select ${ATTACHMENT_COLUMNS} from attachments a join files f on f.sha256 = a.sha256 where a.id = $1`, [a.id]);
    if (existing[0]) {
      if (existing[0].dossier_code !== a.dossierCode || !(await dossierOfAgency(tx, device, a.dossierCode))) throw new GatewayError('not-found');
      return toAttachment(existing[0]);
    }
    const file = await fileRow(tx, a.sha256);
    if (!file || file.complete_at === null) throw new GatewayError('file-incomplete', { sha256: a.sha256 });
    const dossier = await dossierOfAgency(tx, device, a.dossierCode);
    if (!dossier) throw new GatewayError('not-found');
    const received = dossier.received_at ? Date.parse(dossier.received_at) : 0;
    const signedAt = await officerCheck(tx, device, a, Number.isFinite(received) ? received : 0, (at) => attachEnvelope({ ...a, at }));
    await tx.query(
      `insert into attachments (id, dossier_code, agency_code, component, sha256, name, position, device_id, staff_id, signed_at, sig_key_id, sig)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (id) do nothing`,
      [a.id, a.dossierCode, device.agencyCode, a.component, a.sha256, a.name, a.position, device.id, a.staffId, signedAt, a.sig!.keyId, a.sig!.value]);
    const rows = await tx.query<AttachmentRow>(`select ${ATTACHMENT_COLUMNS} from attachments a join files f on f.sha256 = a.sha256 where a.id = $1`, [a.id]);
    return toAttachment(rows[0]!);
  });
}

/**
 * Withdraws an attachment of a dossier of the device's agency, receiving or competent (a page
 * either agency's counter attached: both list it and may be the one to see the mistake),
 * idempotent by id: an officer's signed action, checked as attaching is. The row stays, marked;
 * 404 for an attachment unknown here, of another dossier, or of a dossier of other agencies only
 * (the answer does not tell them apart).
 */
export async function withdrawAttachment(db: Db, device: Device, w: WithdrawRequest): Promise<Attachment> {
  return db.transaction(async (tx) => {
    const select = `select ${ATTACHMENT_COLUMNS} from attachments a join files f on f.sha256 = a.sha256 where a.id = $1`;
    const row = (await tx.query<AttachmentRow>(`${select} for update of a`, [w.id]))[0];
    // The detail names the attachment: the counter tells "no such attachment here" from a 404 of a route.
    if (!row || row.dossier_code !== w.dossierCode || !(await dossierOfAgency(tx, device, w.dossierCode))) throw new GatewayError('not-found', { attachment: w.id });
    if (row.withdrawn_at) return toAttachment(row);
    const signedAt = await officerCheck(tx, device, w, row.attached_at.getTime(), (at) => withdrawEnvelope({ ...w, at }));
    await tx.query(
      `update attachments set withdrawn_at = now(), withdrawn_by = $2, withdraw_reason = $3, withdraw_signed_at = $4,
         withdraw_sig_key_id = $5, withdraw_sig = $6 where id = $1`,
      [w.id, w.staffId, w.reason, signedAt, w.sig!.keyId, w.sig!.value]);
    return toAttachment((await tx.query<AttachmentRow>(select, [w.id]))[0]!);
  });
}

/**
 * The attachments of a dossier of the device's agency (receiving or competent: whichever agency's
 * counter attached them), withdrawn ones marked (`withdrawn`: so a counter that holds one as
 * attached learns it); null: no such dossier there.
 */
export async function listAttachments(db: Db, device: Device, code: string): Promise<Attachment[] | null> {
  if (!(await dossierOfAgency(db, device, code))) return null;
  const rows = await db.query<AttachmentRow>(
    `select ${ATTACHMENT_COLUMNS} from attachments a join files f on f.sha256 = a.sha256
     where a.dossier_code = $1 order by a.component, a.position, a.attached_at`, [code]);
  return rows.map(toAttachment);
}

/** The audit log's action for a file's bytes served to a counter (http/routes.ts getFile). */
export const FILE_READ_ACTION = 'file.read';

/**
 * A complete file attached to a dossier of the device's agency (receiving or competent): its type
 * and size, the agency's dossiers it is attached to (not withdrawn: the read's audit line names
 * them), and a writer that streams its chunks in order (one chunk in memory at a time). Null
 * otherwise, whether the file is unknown or only other agencies': the answer does not tell them apart.
 */
export async function readableFile(db: Db, files: FileStore, device: Device, sha256: string): Promise<{ mime: FileMime; size: number; dossiers: string[]; open(): Promise<void>; pipe(out: Writable): Promise<void> } | null> {
  const through = await db.query<{ dossier_code: string }>(
    `select distinct a.dossier_code from attachments a join dossiers d on d.code = a.dossier_code
     where a.sha256 = $1 and a.withdrawn_at is null and (d.agency_code = $2 or d.competent_agency_code = $2)
     order by a.dossier_code`, [sha256, device.agencyCode]);
  if (through.length === 0) return null;
  const row = await fileRow(db, sha256);
  if (!row || row.complete_at === null) return null;
  const hashes = hashesOf(row);
  let first: Uint8Array | null = null;
  return {
    mime: row.mime, size: Number(row.size), dossiers: through.map((r) => r.dossier_code),
    /** Reads the first chunk ahead, so a store that does not answer fails before anything is sent. */
    async open() {
      first = await files.readChunk(hashes[0]!);
    },
    async pipe(out) {
      for (const [i, c] of hashes.entries()) {
        const bytes = i === 0 && first ? first : await files.readChunk(c);
        if (i === 0) first = null;
        if (!out.write(bytes)) await new Promise<void>((resolve) => out.once('drain', resolve));
      }
      out.end();
    },
  };
}

/** What the gateway holds of a file, for support and the soak: chunk arrivals beyond the first of each chunk. */
export async function chunkResends(db: Queryable, sha256s: string[]): Promise<number> {
  if (sha256s.length === 0) return 0;
  const r = await db.query<{ n: number | string | null }>('select sum(arrivals - 1) as n from file_chunks where sha256 = any($1)', [sha256s]);
  return Number(r[0]?.n ?? 0);
}

/** The start of a Vietnamese calendar day (UTC+7, no DST) as an ISO UTC string. */
const dayStartIso = (day: string): string => new Date(`${day}T00:00:00+07:00`).toISOString();
const nextDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * Per agency, the dossiers received in [from, to] (Vietnamese days) and how many have every
 * component listed at intake (`documents`) digitised: at least one file attached to each; a
 * dossier whose intake listed none counts when it has any attachment. A dossier refused at intake
 * (status 3) was not received, as in the service figures (store/figures.ts), so the two pages of
 * the console count the same dossiers.
 */
export async function digitisationScorecard(db: Db, from: string, to: string, agency?: string): Promise<Omit<Scorecard, 'serverTime'>> {
  const rows = await db.query<{ agency: string; dossiers: number; digitised: number }>(
    `select d.agency_code as agency, count(*)::int as dossiers,
       (count(*) filter (where case
          when json_array_length(coalesce(d.data->'documents', '[]'::json)) = 0
            then exists (select 1 from attachments a where a.dossier_code = d.code and a.withdrawn_at is null)
          else not exists (
            select 1 from json_array_elements_text(d.data->'documents') as req(name)
            where not exists (select 1 from attachments a where a.dossier_code = d.code and a.component = req.name and a.withdrawn_at is null))
        end))::int as digitised
     from dossiers d
     where d.data->>'receivedAt' >= $1 and d.data->>'receivedAt' < $2 and ($3::text is null or d.agency_code = $3)
       and d.status <> 3
     group by d.agency_code order by d.agency_code`,
    [dayStartIso(from), dayStartIso(nextDay(to)), agency ?? null]);
  return {
    from, to,
    agencies: rows.map((r) => ({ agency: r.agency, dossiers: r.dossiers, digitised: r.digitised, share: r.dossiers === 0 ? 0 : r.digitised / r.dossiers })),
  };
}
