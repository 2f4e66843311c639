/**
 * Garbage collection of abandoned uploads (docs/SYNC-PROTOCOL.md §13; store/files.ts
 * `collectAbandonedFiles`, scheduled by store/maintenance.ts): on PGlite and on the real
 * PostgreSQL server, with the directory store and with the S3 store against a real S3-compatible
 * server (s3rver on loopback). A file declared and never completed, untouched for longer than the
 * age, loses its rows and the chunks no other file names; a recent upload, a complete file and a
 * chunk shared (by content) with either stay; a device that goes on sending the collected file is
 * answered 404 `file-not-declared` with its catalogued message; the run's counts are in the log
 * (no file id), in `fileCollection.last()` and at `GET /v1/admin/files/collection`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestStorage } from '../helpers/gateway';
import { startS3, type TestS3 } from '../helpers/s3';
import { S3FileStore } from '../../src/gateway/files/s3';
import { temporaryDirectoryStore, type FileStore } from '../../src/gateway/files/store';
import { chunkPath, chunksPath, FILE_CHUNK_BYTES, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { STORAGES } from './storages';
import { fakeKiosk } from './kiosk';

const A1 = '000.00.01.H08';
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** A chunk of random bytes that starts as a JPEG does (the files are declared image/jpeg: the
 * gateway checks a completed file's first bytes, whichever chunk comes first). */
const chunk = (): Uint8Array => {
  const b = new Uint8Array(randomBytes(FILE_CHUNK_BYTES));
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  b.set([0xff, 0xd9], b.length - 2);
  return b;
};

/** A file made of the given chunks (the last one cut short), with its declaration. */
function fileOf(chunks: Uint8Array[], tail = 1000) {
  // The last one cut short ends as a JPEG does too (the gateway checks a completed file's end).
  const parts = chunks.map((c, i) => {
    if (i !== chunks.length - 1) return c;
    const last = c.slice(0, c.length - tail);
    last.set([0xff, 0xd9], last.length - 2);
    return last;
  });
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    bytes.set(p, o);
    o += p.length;
  }
  return { parts, d: { sha256: sha(bytes), size: bytes.length, mime: 'image/jpeg', chunkSize: FILE_CHUNK_BYTES, chunks: parts.map(sha) } };
}

const CASES: [string, TestStorage, 'directory' | 's3'][] = STORAGES.flatMap(([name, storage]): [string, TestStorage, 'directory' | 's3'][] => [
  [`${name} + directory`, storage, 'directory'], [`${name} + s3`, storage, 's3'],
]);

describe.each(CASES)('collection of abandoned uploads on %s', (_name, storage, kind) => {
  let gw: TestGateway;
  let s3: TestS3 | null = null;
  /** A second view of the same bytes, to look behind the gateway's back. */
  let look: FileStore;
  const logged: string[] = [];
  beforeAll(async () => {
    let files: FileStore | { s3: ReturnType<TestS3['options']> };
    if (kind === 's3') {
      s3 = await startS3();
      files = { s3: s3.options('gc/') };
      look = new S3FileStore(s3.options('gc/'));
    } else {
      files = temporaryDirectoryStore(mkdtempSync(join(tmpdir(), 'kiosk-gc-')));
      look = files;
    }
    gw = await startGateway({
      storage, seed: 'demo', dossiersPerAgency: 1, strictRateLimitPerMinute: 1000, files,
      // No scheduled run during the test: the test runs it.
      fileCollection: { firstRunMs: 3_600_000 },
      logger: { level: 'info', stream: new Writable({ write(line: Buffer, _enc, done) { logged.push(line.toString()); done(); } }) },
    });
  });
  afterAll(async () => {
    await gw?.close();
    if (kind === 's3') await look?.close();
    await s3?.close();
  });

  const put = async (token: string, path: string, bytes: Uint8Array) => {
    const res = await fetch(gw.url + path, {
      method: 'PUT', body: new Uint8Array(bytes),
      headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/octet-stream' },
    });
    return { status: res.status, body: await res.json() as { complete?: boolean; error?: { code: string; message: { vi: string; en: string } } } };
  };
  const age = (sha256s: string[], days: number) =>
    gw.db.query(`update files set touched_at = now() - ($2::int * interval '1 day') where sha256 = any($1)`, [sha256s, days]);

  it('removes an old incomplete upload and its own chunks; keeps a recent upload, a complete file, and chunks they share with it', async () => {
    const c = fakeKiosk(gw.url, await gw.enroll(A1));
    const shared = chunk();
    const sharedWithRecent = chunk();
    const own = chunk();
    const neverSent = chunk();
    // A: complete. R: recent, incomplete. X: old, incomplete, sharing a chunk with each.
    const a = fileOf([shared, chunk()]);
    const r = fileOf([chunk(), sharedWithRecent, chunk()]);
    const x = fileOf([shared, own, sharedWithRecent, neverSent]);
    for (const f of [a, r, x]) expect((await c.api('POST', PATHS.files, f.d)).status).toBe(200);
    expect((await put(c.dev.token, chunkPath(a.d.sha256, 0, 2), new Uint8Array([...a.parts[0]!, ...a.parts[1]!]))).body.complete).toBe(true);
    expect((await put(c.dev.token, chunkPath(r.d.sha256, 1), r.parts[1]!)).status).toBe(200);
    // X's first three chunks arrive (its first and third were already held: content-addressed).
    expect((await put(c.dev.token, chunkPath(x.d.sha256, 0, 3), new Uint8Array([...x.parts[0]!, ...x.parts[1]!, ...x.parts[2]!]))).body.complete).toBe(false);
    // Untouched for 31 days: X, and the complete A (never collected, however old). R: 29 days.
    await age([x.d.sha256, a.d.sha256], 31);
    await age([r.d.sha256], 29);

    const run = await gw.gateway.fileCollection.run();
    expect(run).toMatchObject({ files: 1, chunks: 1, bytes: FILE_CHUNK_BYTES, shared: 2, maxAgeDays: 30 });
    expect(await gw.gateway.fileCollection.last()).toMatchObject({ files: 1, chunks: 1, bytes: FILE_CHUNK_BYTES, shared: 2 });
    // The same counts for the province console (admin API), and nothing that names a file.
    const status = await fetch(gw.url + PATHS.adminFileCollection, { headers: { authorization: `Bearer ${gw.adminToken}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
    expect(status.status).toBe(200);
    const body = await status.json() as { last: unknown };
    expect(body.last).toEqual(run);
    expect(JSON.stringify(body)).not.toContain(x.d.sha256);
    // X's own chunk is gone; the shared ones and every chunk of A and R stay.
    expect(await look.hasChunk(sha(own))).toBe(false);
    expect(await look.hasChunk(sha(shared))).toBe(true);
    expect(await look.hasChunk(sha(sharedWithRecent))).toBe(true);
    expect(await look.hasChunk(a.d.chunks[1]!)).toBe(true);
    expect((await c.api('GET', chunksPath(a.d.sha256))).body).toMatchObject({ complete: true });
    expect((await c.api('GET', chunksPath(r.d.sha256))).body).toMatchObject({ complete: false, have: [1] });
    const rows = await gw.db.query<{ n: number | string }>('select count(*) as n from file_chunks where sha256 = $1', [x.d.sha256]);
    expect(Number(rows[0]!.n)).toBe(0);

    // The device that sent X and comes back: a clear, catalogued answer, then it declares again.
    const gone = await c.api('GET', chunksPath(x.d.sha256));
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('file-not-declared');
    const more = await put(c.dev.token, chunkPath(x.d.sha256, 3), x.parts[3]!);
    expect(more.status).toBe(404);
    expect(more.body.error?.code).toBe('file-not-declared');
    expect(more.body.error?.message.vi).toMatch(/khai báo lại/);
    expect(more.body.error?.message.en).toMatch(/declare it again/);
    expect((await c.api('POST', PATHS.files, x.d)).body).toMatchObject({ complete: false, have: [] });
    const again = await put(c.dev.token, chunkPath(x.d.sha256, 0, 4), new Uint8Array([...x.parts[0]!, ...x.parts[1]!, ...x.parts[2]!, ...x.parts[3]!]));
    expect(again.body.complete).toBe(true);
    expect(await look.hasChunk(sha(own))).toBe(true);

    // A second run finds nothing more; the log has the counts and no file id.
    expect(await gw.gateway.fileCollection.run()).toMatchObject({ files: 0, chunks: 0 });
    const lines = logged.filter((l) => l.includes('abandoned uploads collected'));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ fileGc: { files: 1, chunks: 1, bytes: FILE_CHUNK_BYTES, shared: 2 } });
    expect(lines.join('\n')).not.toContain(x.d.sha256);
  });

  it('keeps what an upload that raced the removal wrote: the chunk is written again before it is recorded', async () => {
    const c = fakeKiosk(gw.url, await gw.enroll(A1));
    const common = chunk();
    const old = fileOf([common, chunk()]);
    // `common` is the last chunk of `live`: whole (no tail cut), so the same bytes as in `old`.
    const live = fileOf([chunk(), common], 0);
    for (const f of [old, live]) expect((await c.api('POST', PATHS.files, f.d)).status).toBe(200);
    expect((await put(c.dev.token, chunkPath(old.d.sha256, 0), old.parts[0]!)).status).toBe(200);
    await age([old.d.sha256], 40);
    // The live upload's request read the file's row (and the collection epoch) before the run;
    // the run then removes `common` (no record names it yet) …
    const { putChunk } = await import('../../src/gateway/store/files');
    const slow: FileStore = Object.create(look) as FileStore;
    let collected = false;
    slow.putChunks = async (chunks) => {
      if (look.putChunks) await look.putChunks(chunks);
      else for (const p of chunks) await look.putChunk(p.hash, p.bytes);
      if (!collected) {
        collected = true;
        expect((await gw.gateway.fileCollection.run()).chunks).toBe(1);
        expect(await look.hasChunk(sha(common))).toBe(false);
      }
    };
    // … and the upload's record finds the epoch moved and writes the chunk again.
    await putChunk(gw.db, slow, live.d.sha256, 1, live.parts[1]!);
    expect(collected).toBe(true);
    expect(await look.hasChunk(sha(common))).toBe(true);
    expect((await c.api('GET', chunksPath(live.d.sha256))).body).toMatchObject({ have: [1] });
  });
});
