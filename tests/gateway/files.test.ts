/**
 * Files attached to dossiers at the gateway (docs/SYNC-PROTOCOL.md §13), over HTTP, on PGlite and
 * on the real PostgreSQL server with the directory file store, and on PGlite with the S3 store
 * against a real S3-compatible server (s3rver on loopback): content-addressed chunks checked one by
 * one and the whole file at the end, resume from what the gateway holds, attach only when complete,
 * served only to counters of the dossier's agency, the digitisation scorecard on the admin API;
 * with S3, a bucket that stops answering (503 `storage-unavailable`, nothing lost).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { v4 as uuidv4 } from 'uuid';
import { apiClient, startGateway, type TestGateway } from '../helpers/gateway';
import { registerDemoOfficer, signAttach, signWithdraw } from '../helpers/staff-keys';
import {
  chunkPath, chunksPath, filePath, attachmentsPath, fileErasePath, adminAttachmentsPath, FILE_CHUNK_BYTES, MAX_CHUNKS_PER_REQUEST, MAX_FILE_BYTES, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION,
} from '../../src/shared/protocol';
import { STORAGES } from './storages';
import { fakeKiosk } from './kiosk';
import { startS3, type TestS3 } from '../helpers/s3';
import { fakeJpeg, sha } from './three-communes';
import { S3FileStore } from '../../src/gateway/files/s3';
import type { TestStorage } from '../helpers/gateway';

const A1 = '000.00.01.H08';
const A2 = '000.00.02.H08';
function declaration(bytes: Uint8Array, mime = 'image/jpeg') {
  const chunks: string[] = [];
  for (let o = 0; o < bytes.length; o += FILE_CHUNK_BYTES) chunks.push(sha(bytes.subarray(o, o + FILE_CHUNK_BYTES)));
  return { sha256: sha(bytes), size: bytes.length, mime, chunkSize: FILE_CHUNK_BYTES, chunks };
}
const chunkOf = (bytes: Uint8Array, i: number): Uint8Array => bytes.subarray(i * FILE_CHUNK_BYTES, (i + 1) * FILE_CHUNK_BYTES);

/** Each database with the directory store; the S3 store on PGlite only (the store does not depend on the database). */
const CASES: [string, TestStorage, 'directory' | 's3'][] = [
  ...STORAGES.map(([name, storage]): [string, TestStorage, 'directory'] => [`${name} + directory`, storage, 'directory']),
  ['pglite + s3', 'pglite', 's3'],
];
const S3_PREFIX = 'gateway/';

describe.each(CASES)('files on %s', (_name, storage, fileKind) => {
  let gw: TestGateway;
  let admin: ReturnType<typeof apiClient>;
  let s3: TestS3 | null = null;
  beforeAll(async () => {
    if (fileKind === 's3') s3 = await startS3();
    gw = await startGateway({
      storage, seed: 'demo', dossiersPerAgency: 2, strictRateLimitPerMinute: 1000, ...(s3 ? { files: { s3: s3.options(S3_PREFIX) } } : {}),
    });
    admin = apiClient(gw.url, gw.adminToken);
  });
  afterAll(async () => {
    await gw?.close();
    await s3?.close();
  });

  const counter = async (agency = A1) => {
    const dev = await gw.enroll(agency);
    return fakeKiosk(gw.url, dev, await registerDemoOfficer(gw.url, dev, 0));
  };
  const put = async (token: string, path: string, bytes: Uint8Array) => {
    const res = await fetch(gw.url + path, {
      method: 'PUT', body: new Uint8Array(bytes),
      headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/octet-stream' },
    });
    return { status: res.status, body: await res.json() as { index?: number; stored?: boolean; complete?: boolean; error?: { code: string; details?: { reason?: string } } } };
  };
  const getBytes = async (token: string, path: string) => {
    const res = await fetch(gw.url + path, { headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
    return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
  };
  const intake = async (c: Awaited<ReturnType<typeof counter>>, documents: string[]) => {
    await c.lease(10);
    const code = c.nextCode();
    const r = await c.push([c.create(code, { documents })]);
    expect(r.body.results[0].status).toBe('applied');
    return code;
  };

  it('takes a file in chunks in any order, resumes from what it holds, checks the whole file, attaches it and serves it to the agency\'s counters only', async () => {
    const c = await counter();
    const code = await intake(c, ['Tờ khai', 'Bản sao CCCD']);
    const bytes = fakeJpeg(2 * FILE_CHUNK_BYTES + 12_345);
    const d = declaration(bytes);
    const first = await c.api('POST', PATHS.files, d);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ sha256: d.sha256, size: bytes.length, complete: false, have: [], resent: 0, chunksPerRequest: MAX_CHUNKS_PER_REQUEST });

    // Attaching before the file is complete is refused.
    const attach = c.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: d.sha256, name: 'to-khai.jpg', position: 0 });
    const early = await c.api('POST', PATHS.fileAttach, attach);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('file-incomplete');

    expect((await put(c.dev.token, chunkPath(d.sha256, 2), chunkOf(bytes, 2))).body).toEqual({ index: 2, stored: true, complete: false });
    // A chunk whose bytes are not the declared ones is refused, with the reason.
    const tampered = new Uint8Array(chunkOf(bytes, 0));
    tampered[100] = tampered[100]! ^ 0xff;
    const bad = await put(c.dev.token, chunkPath(d.sha256, 0), tampered);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'file-rejected', details: { reason: 'chunk-hash-mismatch' } });
    // A chunk sent twice (its first answer lost) is kept once.
    expect((await put(c.dev.token, chunkPath(d.sha256, 0), chunkOf(bytes, 0))).body.stored).toBe(true);
    expect((await put(c.dev.token, chunkPath(d.sha256, 0), chunkOf(bytes, 0))).body).toEqual({ index: 0, stored: false, complete: false });
    // After a cut the counter asks what is there (declaring again answers the same).
    expect((await c.api('GET', chunksPath(d.sha256))).body).toMatchObject({ have: [0, 2], resent: 1 });
    expect((await c.api('POST', PATHS.files, d)).body.have).toEqual([0, 2]);
    expect((await put(c.dev.token, chunkPath(d.sha256, 1), chunkOf(bytes, 1))).body).toEqual({ index: 1, stored: true, complete: true });

    const ok = await c.api('POST', PATHS.fileAttach, attach);
    expect(ok.status).toBe(200);
    expect(ok.body.attachment).toMatchObject({ id: attach.id, dossierCode: code, component: 'Tờ khai', sha256: d.sha256, mime: 'image/jpeg', size: bytes.length });
    // Idempotent by id.
    expect((await c.api('POST', PATHS.fileAttach, attach)).body.attachment.attachedAt).toBe(ok.body.attachment.attachedAt);

    // Another counter of the agency reads it, byte for byte.
    const other = await counter();
    const list = await other.api('GET', attachmentsPath(code));
    expect(list.status).toBe(200);
    expect(list.body.attachments.map((a: { sha256: string }) => a.sha256)).toEqual([d.sha256]);
    const got = await getBytes(other.dev.token, filePath(d.sha256));
    expect(got.status).toBe(200);
    expect(got.type).toBe('image/jpeg');
    expect(sha(got.bytes)).toBe(d.sha256);
    if (s3) {
      // The bytes are in the bucket, under the gateway's prefix, one object per chunk.
      const inBucket = new S3FileStore(s3.options(S3_PREFIX));
      expect(await Promise.all(d.chunks.map((h) => inBucket.hasChunk(h)))).toEqual([true, true, true]);
      await inBucket.close();
    }

    // A public kiosk of the same agency never: the route is outside its scopes.
    const kiosk = fakeKiosk(gw.url, await gw.enroll(A1, { kind: 'kiosk' }));
    const refused = await getBytes(kiosk.dev.token, filePath(d.sha256));
    expect(refused.status).toBe(403);
    expect((await kiosk.api('GET', attachmentsPath(code))).status).toBe(403);
    expect((await kiosk.api('POST', PATHS.files, d)).status).toBe(403);
    // A counter of another agency: as if the file did not exist.
    const foreign = await counter(A2);
    expect((await getBytes(foreign.dev.token, filePath(d.sha256))).status).toBe(404);
    expect((await foreign.api('GET', attachmentsPath(code))).status).toBe(404);
    expect((await foreign.api('POST', PATHS.fileAttach, { ...attach, id: uuidv4() })).status).toBe(404);

    // Who read the paper is kept: one line per read served (device, file, its dossiers), none for
    // a read refused; nothing of the citizen in it. The province reads it in the audit log.
    const reads = await gw.db.query<{ actor: string; target: string; details: unknown }>(
      "select actor, target, details from admin_audit where action = 'file.read' and target = $1 order by id", [d.sha256]);
    expect(reads.map((r) => ({ ...r, details: typeof r.details === 'string' ? JSON.parse(r.details) : r.details }))).toEqual([
      { actor: `device:${other.dev.deviceId}`, target: d.sha256, details: { dossiers: [code], size: bytes.length, mime: 'image/jpeg' } },
    ]);
    const log = await admin('GET', `${PATHS.adminAudit}?action=file.read&limit=10`);
    expect(log.status).toBe(200);
    expect(log.body.entries.filter((e: { target: string }) => e.target === d.sha256)).toHaveLength(1);
  });

  it('takes a run of consecutive chunks in one request (?count=N): each checked and recorded on its own, nothing stored from a run with a bad chunk', async () => {
    const c = await counter();
    const bytes = fakeJpeg(5 * FILE_CHUNK_BYTES + 77);
    const d = declaration(bytes);
    expect((await c.api('POST', PATHS.files, d)).body.chunksPerRequest).toBe(MAX_CHUNKS_PER_REQUEST);
    const run = (from: number, n: number) => bytes.subarray(from * FILE_CHUNK_BYTES, Math.min(bytes.length, (from + n) * FILE_CHUNK_BYTES));
    // One damaged chunk inside a run: refused with its index, and none of the run is recorded.
    const damaged = new Uint8Array(run(0, 3));
    damaged[FILE_CHUNK_BYTES + 5] = damaged[FILE_CHUNK_BYTES + 5]! ^ 0xff;
    const bad = await put(c.dev.token, chunkPath(d.sha256, 0, 3), damaged);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'file-rejected', details: { reason: 'chunk-hash-mismatch', index: 1 } });
    expect((await c.api('GET', chunksPath(d.sha256))).body.have).toEqual([]);
    // A body one byte short of the run, or longer than N chunks: refused.
    expect((await put(c.dev.token, chunkPath(d.sha256, 0, 2), run(0, 2).subarray(1))).status).toBe(400);
    expect((await put(c.dev.token, chunkPath(d.sha256, 0, 2), new Uint8Array(2 * FILE_CHUNK_BYTES + 1))).status).toBe(413);
    // More than the gateway takes, or past the file's end: refused.
    expect((await put(c.dev.token, chunkPath(d.sha256, 0, MAX_CHUNKS_PER_REQUEST + 1), run(0, 6))).status).toBe(400);
    expect((await put(c.dev.token, chunkPath(d.sha256, 4, 3), run(4, 2))).status).toBe(404);
    // A single chunk, then a run overlapping it (its answer lost): the held one is counted as a resend.
    expect((await put(c.dev.token, chunkPath(d.sha256, 1), run(1, 1))).body).toEqual({ index: 1, stored: true, complete: false });
    expect((await put(c.dev.token, chunkPath(d.sha256, 0, 3), run(0, 3))).body).toEqual({ index: 0, stored: true, complete: false, count: 3 });
    expect((await c.api('GET', chunksPath(d.sha256))).body).toMatchObject({ have: [0, 1, 2], resent: 1 });
    // The last run, ending with the short last chunk, completes the file.
    expect((await put(c.dev.token, chunkPath(d.sha256, 3, 3), run(3, 3))).body).toEqual({ index: 3, stored: true, complete: true, count: 3 });
    expect((await c.api('GET', chunksPath(d.sha256))).body).toMatchObject({ complete: true, have: [0, 1, 2, 3, 4, 5], resent: 1 });
  });

  it('refuses a declaration whose chunks do not make the file, empty and oversized files, and a redeclaration that differs', async () => {
    const c = await counter();
    const bytes = fakeJpeg(FILE_CHUNK_BYTES + 10);
    const other = fakeJpeg(FILE_CHUNK_BYTES + 10);
    // Chunk hashes of `other` under the id of `bytes`: every chunk checks, the whole does not.
    const lie = { ...declaration(other), sha256: sha(bytes) };
    expect((await c.api('POST', PATHS.files, lie)).status).toBe(200);
    expect((await put(c.dev.token, chunkPath(lie.sha256, 0), chunkOf(other, 0))).status).toBe(200);
    const last = await put(c.dev.token, chunkPath(lie.sha256, 1), chunkOf(other, 1));
    expect(last.status).toBe(400);
    expect(last.body.error).toMatchObject({ code: 'file-rejected', details: { reason: 'file-hash-mismatch' } });
    // The wrong declaration is dropped with its chunk records: the true file can be sent.
    expect((await c.api('GET', chunksPath(lie.sha256))).status).toBe(404);
    expect((await c.api('POST', PATHS.files, declaration(bytes))).body).toMatchObject({ complete: false, have: [] });

    const empty = await c.api('POST', PATHS.files, { sha256: sha(new Uint8Array()), size: 0, mime: 'image/png', chunkSize: FILE_CHUNK_BYTES, chunks: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation');
    const huge = await c.api('POST', PATHS.files, { sha256: 'a'.repeat(64), size: 2 * 1024 ** 3, mime: 'application/pdf', chunkSize: FILE_CHUNK_BYTES, chunks: ['b'.repeat(64)] });
    expect(huge.status).toBe(400);
    expect(huge.body.error.fieldErrors ?? huge.body.error.details.fieldErrors).toHaveProperty('size');
    expect(2 * 1024 ** 3).toBeGreaterThan(MAX_FILE_BYTES);
    const notAFile = await c.api('POST', PATHS.files, { ...declaration(bytes), mime: 'text/plain' });
    expect(notAFile.status).toBe(400);

    const d = declaration(fakeJpeg(FILE_CHUNK_BYTES + 10));
    expect((await c.api('POST', PATHS.files, d)).status).toBe(200);
    const differs = await c.api('POST', PATHS.files, { ...d, mime: 'image/png' });
    expect(differs.status).toBe(400);
    expect(differs.body.error).toMatchObject({ code: 'file-rejected', details: { reason: 'file-declared-otherwise' } });
    // A chunk larger than a chunk never reaches the handler.
    const big = await put(c.dev.token, chunkPath(d.sha256, 0), new Uint8Array(FILE_CHUNK_BYTES + 1));
    expect(big.status).toBe(413);
  });

  it('refuses at completion a file that is not the declared kind, or a PDF or picture cut short; takes a whole PDF whose end marker spans two chunks', async () => {
    const c = await counter();
    const send = async (bytes: Uint8Array, mime: string) => {
      const d = declaration(bytes, mime);
      expect((await c.api('POST', PATHS.files, d)).status).toBe(200);
      let last: Awaited<ReturnType<typeof put>> | null = null;
      for (let i = 0; i < d.chunks.length; i++) last = await put(c.dev.token, chunkPath(d.sha256, i), chunkOf(bytes, i));
      return { d, last: last! };
    };
    const pdf = (size: number, end: string): Uint8Array => {
      const b = new Uint8Array(randomBytes(size));
      b.set(new TextEncoder().encode('%PDF-1.7\n'));
      b.set(new TextEncoder().encode(end), size - end.length);
      return b;
    };
    // A JPEG declared as a PNG: every chunk and the whole check, the kind does not.
    const asPng = await send(fakeJpeg(FILE_CHUNK_BYTES + 10), 'image/png');
    expect(asPng.last.status).toBe(400);
    expect(asPng.last.body.error).toMatchObject({ code: 'file-rejected', details: { reason: 'file-type' } });
    expect((await c.api('GET', chunksPath(asPng.d.sha256))).status).toBe(404);
    // A PDF whose end is missing (its last 1024 bytes hold no %%EOF).
    const cut = await send(pdf(FILE_CHUNK_BYTES + 3000, 'stream data'), 'application/pdf');
    expect(cut.last.body.error).toMatchObject({ code: 'file-rejected', details: { reason: 'file-truncated' } });
    // Whole, its "%%EOF" split across the last two chunks (the last one 3 bytes long).
    const whole = await send(pdf(FILE_CHUNK_BYTES + 3, '%%EOF\n'), 'application/pdf');
    expect(whole.last.status).toBe(200);
    expect(whole.last.body.complete).toBe(true);
    // Pictures cut short or only begun like one: a PNG signature and no IEND at its end, a JPEG
    // whose last 1,024 bytes hold no end marker (zeros after the start: none by chance).
    const png = new Uint8Array(3_000);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect((await send(png, 'image/png')).last.body.error).toMatchObject({ code: 'file-rejected', details: { reason: 'file-truncated' } });
    png.set([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82], png.length - 12);
    expect((await send(png, 'image/png')).last.body.complete).toBe(true);
    const jpeg = new Uint8Array(FILE_CHUNK_BYTES + 2_000);
    jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
    expect((await send(jpeg, 'image/jpeg')).last.body.error).toMatchObject({ code: 'file-rejected', details: { reason: 'file-truncated' } });
    // An end marker with a camera's trailer after it is whole.
    jpeg.set([0xff, 0xd9, 0x53, 0x45, 0x46, 0x54], jpeg.length - 600);
    expect((await send(jpeg, 'image/jpeg')).last.body.complete).toBe(true);
  });

  it('attaches a file only as an officer\'s signed action: named, active, of the agency, with a key of this device; keeps when and the signature', async () => {
    const c = await counter();
    // (Two components, one attached here: the scorecard below counts this dossier as not digitised.)
    const code = await intake(c, ['Tờ khai', 'Giấy tờ nhà đất']);
    const bytes = fakeJpeg(3000);
    const d = declaration(bytes);
    await c.api('POST', PATHS.files, d);
    expect((await put(c.dev.token, chunkPath(d.sha256, 0), bytes)).body.complete).toBe(true);
    const base = { dossierCode: code, component: 'Tờ khai', sha256: d.sha256, name: 'p.jpg', position: 0 };
    const refusal = async (body: unknown) => {
      const r = await c.api('POST', PATHS.fileAttach, body);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
      expect(r.body.error.message.vi.length).toBeGreaterThan(10);
      return r.body.error.details;
    };
    // No officer, an unknown one, no signature, one whose signed text was changed on the way.
    expect(await refusal({ ...base, id: uuidv4(), staffId: null })).toMatchObject({ reason: 'staff-unknown' });
    expect(await refusal({ ...base, id: uuidv4(), staffId: 'nobody-here' })).toMatchObject({ reason: 'staff-unknown' });
    expect(await refusal({ ...base, id: uuidv4(), staffId: c.officer!.staffId, at: new Date().toISOString() })).toMatchObject({ reason: 'signature-invalid', why: 'missing' });
    const signed = c.attachment({ ...base, id: uuidv4() });
    expect(await refusal({ ...signed, component: 'Giấy tờ khác' })).toMatchObject({ reason: 'signature-invalid', why: 'mismatch' });
    expect(await refusal({ ...signed, at: new Date(Date.parse(signed.at!) - 1000).toISOString() })).toMatchObject({ reason: 'signature-invalid', why: 'mismatch' });
    // Signed by this officer on another device: that key is not this device's.
    const elsewhere = await counter();
    expect(await refusal(signAttach(elsewhere.officer!, { ...base, id: uuidv4() }))).toMatchObject({ reason: 'signature-invalid', why: 'unknown-key' });
    // An officer deactivated before the action (the counter's clock is clamped to the gateway's now).
    const second = fakeKiosk(gw.url, c.dev, await registerDemoOfficer(gw.url, c.dev, 1));
    const offline = second.attachment({ ...base, id: uuidv4(), position: 1 });
    expect((await admin('POST', `/v1/admin/staff/${second.officer!.staffId}/deactivate`)).status).toBe(200);
    try {
      expect(await refusal(second.attachment({ ...base, id: uuidv4() }))).toMatchObject({ reason: 'staff-inactive' });
      // An earlier `at` does not get round it: the moment is never before the dossier's receipt.
      const later = await intake(c, ['Tờ khai']);
      const backdated = signAttach(second.officer!, { ...base, dossierCode: later, id: uuidv4() }, new Date(Date.now() - 86_400_000).toISOString());
      expect(await refusal(backdated)).toMatchObject({ reason: 'staff-inactive' });
      // Attached offline while still active: kept.
      expect((await c.api('POST', PATHS.fileAttach, offline)).status).toBe(200);
    } finally {
      await admin('POST', `/v1/admin/staff/${second.officer!.staffId}/activate`);
    }
    // Nothing refused was attached; the signed one is, with its moment and signature kept.
    expect((await c.api('GET', attachmentsPath(code))).body.attachments.map((a: { id: string }) => a.id)).toEqual([offline.id]);
    const ok = await c.api('POST', PATHS.fileAttach, signed);
    expect(ok.status).toBe(200);
    expect(ok.body.attachment.staffId).toBe(c.officer!.staffId);
    const kept = await gw.db.query<{ signed_at: Date; sig_key_id: string; sig: string }>('select signed_at, sig_key_id, sig from attachments where id = $1', [signed.id]);
    expect(kept[0]).toMatchObject({ sig_key_id: c.officer!.keyId, sig: signed.sig!.value });
    expect(new Date(kept[0]!.signed_at).toISOString()).toBe(signed.at);
  });

  it('withdraws a page attached by mistake as an officer\'s signed act with a reason: kept in the record, gone from the list, the reads and the scorecard', async () => {
    const c = await counter();
    const code = await intake(c, ['Tờ khai']);
    const bytes = fakeJpeg(2500);
    const d = declaration(bytes);
    await c.api('POST', PATHS.files, d);
    expect((await put(c.dev.token, chunkPath(d.sha256, 0), bytes)).body.complete).toBe(true);
    const attach = c.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: d.sha256, name: 'nham.jpg', position: 0 });
    expect((await c.api('POST', PATHS.fileAttach, attach)).status).toBe(200);
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const digitised = async () => (await admin('GET', `${PATHS.adminScorecard}?from=${today}&to=${today}&agency=${A1}`)).body.agencies[0].digitised as number;
    const before = await digitised();
    const w = { id: attach.id, dossierCode: code, reason: 'Nhầm giấy tờ của công dân khác' };
    // Unsigned, signed for another reason, a reason too short, another agency's counter: refused; nothing changes.
    expect((await c.api('POST', PATHS.fileWithdraw, { ...w, staffId: c.officer!.staffId, at: new Date().toISOString() })).body.error.details).toMatchObject({ reason: 'signature-invalid', why: 'missing' });
    expect((await c.api('POST', PATHS.fileWithdraw, { ...signWithdraw(c.officer!, w), reason: 'Lý do khác' })).body.error.details).toMatchObject({ reason: 'signature-invalid', why: 'mismatch' });
    expect((await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, { ...w, reason: 'x' }))).status).toBe(400);
    const foreign = await counter(A2);
    expect((await foreign.api('POST', PATHS.fileWithdraw, signWithdraw(foreign.officer!, w))).status).toBe(404);
    const wrongDossier = await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, { ...w, dossierCode: `${code}9` }));
    expect(wrongDossier.status).toBe(404);
    // The 404 names the attachment (a counter tells it from a route the gateway lacks).
    expect(wrongDossier.body.error.details).toEqual({ attachment: attach.id });
    expect((await c.api('GET', attachmentsPath(code))).body.attachments).toHaveLength(1);
    expect((await c.api('GET', attachmentsPath(code))).body.attachments[0].withdrawn).toBeUndefined();

    const signed = signWithdraw(c.officer!, w);
    const ok = await c.api('POST', PATHS.fileWithdraw, signed);
    expect(ok.status).toBe(200);
    expect(ok.body.attachment.withdrawn).toMatchObject({ staffId: c.officer!.staffId, reason: w.reason });
    // Idempotent: the same answer again, the first withdrawal kept.
    expect((await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, { ...w, reason: 'Lần thứ hai' }))).body.attachment.withdrawn.reason).toBe(w.reason);
    // Marked in the list (so other counters learn it), gone from what counters may read and from
    // the scorecard; kept in the record, signed.
    const listed = (await c.api('GET', attachmentsPath(code))).body.attachments;
    expect(listed).toHaveLength(1);
    expect(listed[0].withdrawn).toMatchObject({ staffId: c.officer!.staffId, reason: w.reason });
    expect((await getBytes(c.dev.token, filePath(d.sha256))).status).toBe(404);
    expect(await digitised()).toBe(before - 1);
    const kept = await gw.db.query<{ withdrawn_by: string; withdraw_sig: string; withdraw_sig_key_id: string }>('select withdrawn_by, withdraw_sig, withdraw_sig_key_id from attachments where id = $1', [attach.id]);
    expect(kept[0]).toEqual({ withdrawn_by: c.officer!.staffId, withdraw_sig: signed.sig.value, withdraw_sig_key_id: c.officer!.keyId });
    // A kiosk-kind device may not.
    const kiosk = fakeKiosk(gw.url, await gw.enroll(A1, { kind: 'kiosk' }));
    expect((await kiosk.api('POST', PATHS.fileWithdraw, signed)).status).toBe(403);
  });

  it('erases the bytes of a file attached by mistake once every page naming it was withdrawn: chunks no other file has leave the store, the record stays, audited', async () => {
    const c = await counter();
    const code = await intake(c, ['Tờ khai', 'Bản sao CCCD']);
    // X: two chunks; Y: X's first chunk and a second of its own (a chunk two files share stays).
    const x = fakeJpeg(FILE_CHUNK_BYTES + 5_000);
    const y = new Uint8Array(FILE_CHUNK_BYTES + 7_000);
    y.set(x.subarray(0, FILE_CHUNK_BYTES));
    y.set(randomBytes(7_000), FILE_CHUNK_BYTES);
    y.set([0xff, 0xd9], y.length - 2);
    const dx = declaration(x);
    const dy = declaration(y);
    for (const [d, bytes] of [[dx, x], [dy, y]] as const) {
      expect((await c.api('POST', PATHS.files, d)).status).toBe(200);
      expect((await put(c.dev.token, chunkPath(d.sha256, 0, 2), bytes)).body.complete).toBe(true);
    }
    const a1 = c.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: dx.sha256, name: 'nham-1.jpg', position: 0 });
    const a2 = c.attachment({ id: uuidv4(), dossierCode: code, component: 'Bản sao CCCD', sha256: dx.sha256, name: 'nham-2.jpg', position: 0 });
    const ay = c.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: dy.sha256, name: 'dung.jpg', position: 1 });
    for (const a of [a1, a2, ay]) expect((await c.api('POST', PATHS.fileAttach, a)).status).toBe(200);
    const erase = (sha256: string, reason = 'Giấy tờ của công dân khác, gắn nhầm') => admin('POST', fileErasePath(sha256), { reason });

    // Not while a page still names it: 409 with the pages in use; nothing removed.
    const busy = await erase(dx.sha256);
    expect(busy.status).toBe(409);
    expect(busy.body.error).toMatchObject({ code: 'file-in-use', details: { attachments: [a1.id, a2.id] } });
    expect((await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, { id: a1.id, dossierCode: code, reason: 'Nhầm giấy tờ của công dân khác' }))).status).toBe(200);
    expect((await erase(dx.sha256)).body.error.details).toEqual({ attachments: [a2.id] });
    expect((await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, { id: a2.id, dossierCode: code, reason: 'Nhầm giấy tờ của công dân khác' }))).status).toBe(200);
    // Without a reason, for a file never declared, by a counter: refused.
    expect((await erase(dx.sha256, '  ')).status).toBe(400);
    expect((await erase('0'.repeat(64))).status).toBe(404);
    expect((await c.api('POST', fileErasePath(dx.sha256), { reason: 'x' })).status).toBe(401);

    const done = await erase(dx.sha256);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      sha256: dx.sha256, attachments: [a1.id, a2.id], dossiers: [code], chunks: 1, bytes: 5_000, shared: 1, reason: 'Giấy tờ của công dân khác, gắn nhầm',
    });
    // X's own chunk is gone from the store; the shared one stays, and Y reads whole.
    expect(await gw.gateway.files.hasChunk(dx.chunks[1]!)).toBe(false);
    expect(await gw.gateway.files.hasChunk(dx.chunks[0]!)).toBe(true);
    const gotY = await getBytes(c.dev.token, filePath(dy.sha256));
    expect(gotY.status).toBe(200);
    expect(sha(gotY.bytes)).toBe(dy.sha256);
    expect((await getBytes(c.dev.token, filePath(dx.sha256))).status).toBe(404);
    // The record stays: the counter's list still shows both pages withdrawn; the admin's says erased, by whom and why.
    expect((await c.api('GET', attachmentsPath(code))).body.attachments.filter((a: { withdrawn?: unknown }) => a.withdrawn)).toHaveLength(2);
    const record = (await admin('GET', adminAttachmentsPath(code))).body.attachments as { id: string; erased: { by: string; reason: string } | null }[];
    expect(record.map((r) => [r.id, r.erased?.reason ?? null]).sort()).toEqual([[a1.id, done.body.reason], [a2.id, done.body.reason], [ay.id, null]].sort());
    expect(record.find((r) => r.id === a1.id)!.erased!.by).toBe(done.body.erasedBy);
    const line = await gw.db.query<{ details: unknown }>("select details from admin_audit where action = 'file.erase' and target = $1", [dx.sha256]);
    expect(line.map((l) => (typeof l.details === 'string' ? JSON.parse(l.details) : l.details))).toEqual([
      { reason: done.body.reason, attachments: [a1.id, a2.id], dossiers: [code], chunks: 1, bytes: 5_000, shared: 1 },
    ]);
    // Again: allowed, nothing left to remove.
    expect((await erase(dx.sha256)).body).toMatchObject({ chunks: 0, bytes: 0, shared: 1 });
    // The same bytes attached again later must be sent again: the declaration holds none.
    expect((await c.api('POST', PATHS.files, dx)).body).toMatchObject({ complete: false, have: [] });
    // Sent again in part, then abandoned: collected as any abandoned upload is (its own chunk
    // leaves the store, the shared one stays), but the declaration is the erasure's record and stays.
    expect((await put(c.dev.token, chunkPath(dx.sha256, 1), chunkOf(x, 1))).body.stored).toBe(true);
    expect(await gw.gateway.files.hasChunk(dx.chunks[1]!)).toBe(true);
    await gw.db.query(`update files set touched_at = now() - interval '400 days' where sha256 = $1`, [dx.sha256]);
    expect((await gw.gateway.fileCollection.run()).files).toBeGreaterThanOrEqual(1);
    expect(await gw.gateway.files.hasChunk(dx.chunks[1]!)).toBe(false);
    expect(await gw.gateway.files.hasChunk(dx.chunks[0]!)).toBe(true);
    const after = (await admin('GET', adminAttachmentsPath(code))).body.attachments as { id: string; erased: { reason: string } | null }[];
    expect(after.find((r) => r.id === a1.id)!.erased!.reason).toBe(done.body.reason);
    // Nothing of it left to collect: the next run passes it by (and ends).
    await gw.gateway.fileCollection.run();
    expect((await gw.db.query('select 1 from files where sha256 = $1', [dx.sha256])).length).toBe(1);
    expect((await c.api('POST', PATHS.files, dx)).body).toMatchObject({ complete: false, have: [] });
    // A dossier the gateway does not have: 404.
    expect((await admin('GET', adminAttachmentsPath(`${code}9`))).status).toBe(404);
  });

  it('scores digitisation per agency: dossiers received in the period with every component listed at intake attached', async () => {
    const c = await counter();
    const full = await intake(c, ['Tờ khai', 'Giấy tờ nhà đất']);
    const half = await intake(c, ['Tờ khai', 'Giấy tờ nhà đất']);
    const upload = async (component: string, code: string) => {
      const bytes = fakeJpeg(1000);
      const d = declaration(bytes);
      await c.api('POST', PATHS.files, d);
      expect((await put(c.dev.token, chunkPath(d.sha256, 0), bytes)).body.complete).toBe(true);
      expect((await c.api('POST', PATHS.fileAttach, c.attachment({ id: uuidv4(), dossierCode: code, component, sha256: d.sha256, name: 'p.jpg', position: 0 }))).status).toBe(200);
    };
    await upload('Tờ khai', full);
    await upload('Giấy tờ nhà đất', full);
    await upload('Tờ khai', half);
    // A dossier refused at intake (status 3) was not received: not counted, as in the service figures.
    await c.lease(10);
    const refused = c.nextCode();
    expect((await c.push([c.create(refused, { documents: ['Tờ khai'], status: 3, note: 'Thiếu tờ khai', fees: [] })])).body.results[0].status).toBe('applied');
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const r = await admin('GET', `${PATHS.adminScorecard}?from=${today}&to=${today}&agency=${A1}`);
    expect(r.status).toBe(200);
    const row = r.body.agencies.find((a: { agency: string }) => a.agency === A1);
    const figures = await admin('GET', `${PATHS.adminFigures}?from=${today}&to=${today}&agency=${A1}`);
    expect(row.dossiers).toBe(figures.body.agencies.find((a: { agency: string }) => a.agency === A1).received);
    // Today's dossiers of A1 from this file: the three intakes above (one complete) plus the first test's (one of two components).
    expect(row.digitised).toBe(1);
    expect(row.dossiers).toBeGreaterThanOrEqual(3);
    expect(row.share).toBeCloseTo(row.digitised / row.dossiers);
    // Devices may not read it.
    expect((await c.api('GET', `${PATHS.adminScorecard}?from=${today}&to=${today}`)).status).toBe(401);
    expect((await admin('GET', `${PATHS.adminScorecard}?from=bad&to=${today}`)).status).toBe(400);
  });

  if (fileKind === 's3') {
    it('answers 503 storage-unavailable while the bucket does not answer, loses nothing, and goes on when it is back', async () => {
      const c = await counter();
      const code = await intake(c, ['Tờ khai']);
      const bytes = fakeJpeg(FILE_CHUNK_BYTES + 777);
      const d = declaration(bytes);
      expect((await c.api('POST', PATHS.files, d)).status).toBe(200);
      expect((await put(c.dev.token, chunkPath(d.sha256, 0), chunkOf(bytes, 0))).body.stored).toBe(true);
      await s3!.stop();
      try {
        const down = await put(c.dev.token, chunkPath(d.sha256, 1), chunkOf(bytes, 1));
        expect(down.status).toBe(503);
        expect(down.body.error).toMatchObject({ code: 'storage-unavailable', message: { vi: expect.stringMatching(/Kho lưu trữ tệp/) } });
        // Not recorded: the counter sends it again.
        expect((await c.api('GET', chunksPath(d.sha256))).body).toMatchObject({ have: [0], complete: false });
      } finally {
        await s3!.restart();
      }
      expect((await put(c.dev.token, chunkPath(d.sha256, 1), chunkOf(bytes, 1))).body).toEqual({ index: 1, stored: true, complete: true });
      const attach = c.attachment({ id: uuidv4(), dossierCode: code, component: 'Tờ khai', sha256: d.sha256, name: 'p.jpg', position: 0 });
      expect((await c.api('POST', PATHS.fileAttach, attach)).status).toBe(200);
      // Reading while the bucket is down: a 503 with its message before any byte, not a cut answer.
      await s3!.stop();
      try {
        const res = await fetch(gw.url + filePath(d.sha256), { headers: { authorization: `Bearer ${c.dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
        expect(res.status).toBe(503);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('storage-unavailable');
      } finally {
        await s3!.restart();
      }
      const got = await getBytes(c.dev.token, filePath(d.sha256));
      expect(got.status).toBe(200);
      expect(sha(got.bytes)).toBe(d.sha256);
    });
  }
});
