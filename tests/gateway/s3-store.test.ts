/**
 * The S3 file store (src/gateway/files/s3.ts) against a real S3-compatible server (s3rver on
 * loopback): chunks at `<prefix>chunks/ab/<sha256>`, an idempotent put, reads checked against the
 * key, a missing chunk, and a bucket that does not answer (a typed, catalogued 503 error that
 * never carries the credentials), then answers again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { S3FileStore, s3OptionsFromUrl } from '../../src/gateway/files/s3';
import { GatewayError } from '../../src/gateway/errors';
import { startS3, type TestS3 } from '../helpers/s3';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

describe('S3FileStore on a local S3-compatible server', () => {
  let s3: TestS3;
  let raw: S3Client;
  beforeAll(async () => {
    s3 = await startS3();
    const o = s3.options();
    raw = new S3Client({ endpoint: o.endpoint, region: o.region, forcePathStyle: true, credentials: o.credentials });
  });
  afterAll(async () => {
    raw?.destroy();
    await s3?.close();
  });

  it('stores a chunk once under its hash and prefix, says it has it, reads it back', async () => {
    const store = new S3FileStore(s3.options('province/files'));
    const bytes = new Uint8Array(randomBytes(256 * 1024));
    const h = sha(bytes);
    expect(await store.hasChunk(h)).toBe(false);
    await store.putChunk(h, bytes);
    await store.putChunk(h, bytes); // a resend: kept as it is
    expect(await store.hasChunk(h)).toBe(true);
    expect(sha(await store.readChunk(h))).toBe(h);
    // One object, where the layout says.
    const listed = await raw.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: 'province/files/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual([`province/files/chunks/${h.slice(0, 2)}/${h}`]);
    expect(listed.Contents?.[0]?.Size).toBe(bytes.byteLength);
    // A second store on another prefix of the same bucket does not see it.
    expect(await new S3FileStore(s3.options('other/')).hasChunk(h)).toBe(false);
    await store.close();
  });

  it('refuses a key that is not a SHA-256, a missing chunk, and a chunk damaged in the bucket', async () => {
    const store = new S3FileStore(s3.options('p/'));
    await expect(store.putChunk('../etc/passwd', new Uint8Array(1))).rejects.toThrow(/SHA-256/);
    const absent = sha(new Uint8Array(randomBytes(10)));
    await expect(store.readChunk(absent)).rejects.toThrow(/missing/);
    // Bytes changed behind the gateway's back are not served as the chunk.
    const bytes = new Uint8Array(randomBytes(1000));
    const h = sha(bytes);
    await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: store.key(h), Body: new Uint8Array(1000) }));
    await expect(store.readChunk(h)).rejects.toThrow(/damaged/);
    const got = await raw.send(new GetObjectCommand({ Bucket: s3.bucket, Key: store.key(h) }));
    expect((await got.Body!.transformToByteArray()).byteLength).toBe(1000);
    await store.close();
  });

  it('answers storage-unavailable (503, catalogued, no credentials) while the server is down, and works again after', async () => {
    const store = new S3FileStore({ ...s3.options('down/'), credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
    await store.check!();
    const bytes = new Uint8Array(randomBytes(5000));
    const h = sha(bytes);
    await s3.stop();
    try {
      const err = await store.putChunk(h, bytes).then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(GatewayError);
      const g = err as GatewayError;
      expect(g.code).toBe('storage-unavailable');
      expect(g.status).toBe(503);
      expect(g.body().error.message.vi).toMatch(/Kho lưu trữ tệp/);
      expect(g.cause).toMatchObject({ op: 'head', message: expect.stringMatching(/ECONNREFUSED/) });
      expect(JSON.stringify({ ...g.body(), cause: g.cause })).not.toContain('S3RVER');
      await expect(store.readChunk(h)).rejects.toMatchObject({ code: 'storage-unavailable' });
      await expect(store.hasChunk(h)).rejects.toMatchObject({ code: 'storage-unavailable' });
      await expect(store.check!()).rejects.toMatchObject({ code: 'storage-unavailable' });
    } finally {
      await s3.restart();
    }
    await store.putChunk(h, bytes);
    expect(sha(await store.readChunk(h))).toBe(h);
    await store.close();
  });

  it('answers storage-unavailable for a bucket that does not exist or refuses the credentials', async () => {
    const noBucket = new S3FileStore({ ...s3.options(), bucket: 'no-such-bucket' });
    await expect(noBucket.check!()).rejects.toMatchObject({ code: 'storage-unavailable', cause: { status: 404 } });
    await expect(noBucket.putChunk(sha(new Uint8Array(1)), new Uint8Array(1))).rejects.toMatchObject({ code: 'storage-unavailable' });
    await noBucket.close();
    // An access key the server does not know (s3rver checks the key id, not the signature).
    const wrongKey = new S3FileStore({ ...s3.options(), credentials: { accessKeyId: 'UNKNOWNKEY', secretAccessKey: 'not-the-secret' } });
    const err = await wrongKey.putChunk(sha(new Uint8Array(2)), new Uint8Array(2)).then(() => null, (e: unknown) => e) as GatewayError;
    expect(err.code).toBe('storage-unavailable');
    expect(err.cause).toMatchObject({ status: 403 });
    expect(JSON.stringify(err.cause)).not.toContain('not-the-secret');
    await wrongKey.close();
  });

  it('reads `s3://bucket/prefix` with the endpoint from the flag or KIOSK_S3_ENDPOINT', () => {
    expect(s3OptionsFromUrl('s3://b/x/y', undefined, {})).toEqual({ bucket: 'b', prefix: 'x/y' });
    expect(s3OptionsFromUrl('s3://b', undefined, { KIOSK_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toEqual({ bucket: 'b', endpoint: 'http://127.0.0.1:9000' });
    expect(s3OptionsFromUrl('s3://b/', 'http://h:1', { KIOSK_S3_ENDPOINT: 'http://other' })).toEqual({ bucket: 'b', endpoint: 'http://h:1' });
    expect(s3OptionsFromUrl('/var/lib/files', undefined, {})).toBeNull();
    expect(s3OptionsFromUrl('s3://', undefined, {})).toBeNull();
    expect(new S3FileStore({ bucket: 'b', prefix: '/a/b' }).key('0'.repeat(64))).toBe(`a/b/chunks/00/${'0'.repeat(64)}`);
  });
});
