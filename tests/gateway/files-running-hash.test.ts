/**
 * Completing a file without reading it back (src/gateway/files/running-hash.ts): the gateway keeps
 * each file's whole-file SHA-256 as its chunks arrive in order, holds chunks that come a little
 * ahead, and reads back from the store only what its running hash lacks — chunks too far out of
 * order, or sent before a restart. The whole file is still checked against its id every time.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../src/gateway/db/pglite';
import { migrate } from '../../src/gateway/db/migrations';
import type { Db } from '../../src/gateway/db/types';
import { declareFile, fileState, putChunk } from '../../src/gateway/store/files';
import { DirectoryFileStore, temporaryDirectoryStore } from '../../src/gateway/files/store';
import { runningHashesOf } from '../../src/gateway/files/running-hash';
import type { Device } from '../../src/gateway/store/devices';
import { FILE_CHUNK_BYTES } from '../../src/shared/protocol';
import { pgliteTemplate } from '../helpers/gateway';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const device: Device = { id: 'dev-running-hash', name: 'test', kind: 'counter', agencyCode: '000.00.01.H08', counter: null };

function file(chunks: number) {
  const bytes = new Uint8Array(randomBytes(chunks * FILE_CHUNK_BYTES - 1000));
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  bytes.set([0xff, 0xd9], bytes.length - 2);
  const hashes: string[] = [];
  for (let o = 0; o < bytes.length; o += FILE_CHUNK_BYTES) hashes.push(sha(bytes.subarray(o, o + FILE_CHUNK_BYTES)));
  const run = (index: number, count = 1) => bytes.subarray(index * FILE_CHUNK_BYTES, (index + count) * FILE_CHUNK_BYTES);
  return { bytes, run, d: { sha256: sha(bytes), size: bytes.length, mime: 'image/jpeg' as const, chunkSize: FILE_CHUNK_BYTES, chunks: hashes } };
}

/** A directory store that counts the chunks read from it. */
function counting(store: DirectoryFileStore): DirectoryFileStore & { reads: number } {
  const s = store as DirectoryFileStore & { reads: number };
  s.reads = 0;
  const read = store.readChunk.bind(store);
  s.readChunk = async (h) => {
    s.reads++;
    return read(h);
  };
  return s;
}

describe('the running whole-file hash', () => {
  let db: Db;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-running-hash-'));
  beforeAll(async () => {
    db = await openPglite(undefined, await pgliteTemplate());
    await migrate(db);
  });
  afterAll(async () => {
    await db.close();
    await temporaryDirectoryStore(dir).close();
  });

  it('completes a file sent in order, in runs, without reading a chunk back', async () => {
    const store = counting(new DirectoryFileStore(dir));
    const f = file(7);
    await declareFile(db, device, f.d);
    expect((await putChunk(db, store, f.d.sha256, 0, f.run(0, 3), 3)).complete).toBe(false);
    expect((await putChunk(db, store, f.d.sha256, 3, f.run(3, 3), 3)).complete).toBe(false);
    expect((await putChunk(db, store, f.d.sha256, 6, f.run(6), 1)).complete).toBe(true);
    expect(store.reads).toBe(0);
    expect(runningHashesOf(store).stats).toMatchObject({ fed: 7, readBack: 0 });
    expect((await fileState(db, f.d.sha256))?.complete).toBe(true);
    // Forgotten once complete.
    expect(runningHashesOf(store).size).toEqual({ files: 0, heldBytes: 0 });
  });

  it('holds chunks that come a little ahead, reads back only those that came too far out of order', async () => {
    const store = counting(new DirectoryFileStore(dir));
    const running = runningHashesOf(store, { aheadChunks: 2 });
    const f = file(8);
    await declareFile(db, device, f.d);
    // Runs in flight answered out of order: 2 before 0–1 (held), then 0–1 (2 follows at once).
    await putChunk(db, store, f.d.sha256, 2, f.run(2), 1);
    expect(running.size.heldBytes).toBe(FILE_CHUNK_BYTES);
    await putChunk(db, store, f.d.sha256, 0, f.run(0, 2), 2);
    expect(running.size.heldBytes).toBe(0);
    // 7 is too far ahead of 3 to be held; 6 is held after 3–4 arrived; 5 closes the gap.
    await putChunk(db, store, f.d.sha256, 7, f.run(7), 1);
    await putChunk(db, store, f.d.sha256, 3, f.run(3, 2), 2);
    await putChunk(db, store, f.d.sha256, 6, f.run(6), 1);
    expect((await putChunk(db, store, f.d.sha256, 5, f.run(5), 1)).complete).toBe(true);
    // Only chunk 7 came back from the store.
    expect(store.reads).toBe(1);
    expect(running.stats).toMatchObject({ readBack: 1, dropped: 1 });
  });

  it('after a restart in the middle, reads back what came before it, and still refuses a file that is not its id', async () => {
    const before = counting(new DirectoryFileStore(dir));
    const f = file(6);
    await declareFile(db, device, f.d);
    await putChunk(db, before, f.d.sha256, 0, f.run(0, 3), 3);
    // The gateway restarts: a new store object, nothing of the running hash kept.
    const after = counting(new DirectoryFileStore(dir));
    await putChunk(db, after, f.d.sha256, 3, f.run(3, 2), 2);
    expect((await putChunk(db, after, f.d.sha256, 5, f.run(5), 1)).complete).toBe(true);
    // Chunks 0–2 (sent before it) are read back; 3–5 were held for the gap and hashed from memory.
    expect(after.reads).toBe(3);
    expect(runningHashesOf(after).stats.readBack).toBe(3);

    // A declaration whose chunks do not make its id, sent in order: refused from the running
    // hash alone, the declaration dropped.
    const g = file(3);
    const wrong = { ...g.d, sha256: sha(new Uint8Array(randomBytes(64))) };
    const store = counting(new DirectoryFileStore(dir));
    await declareFile(db, device, wrong);
    await putChunk(db, store, wrong.sha256, 0, g.run(0, 2), 2);
    await expect(putChunk(db, store, wrong.sha256, 2, g.run(2), 1)).rejects.toMatchObject({ code: 'file-rejected', details: { reason: 'file-hash-mismatch' } });
    expect(store.reads).toBe(0);
    expect(await fileState(db, wrong.sha256)).toBeNull();
  });
});
