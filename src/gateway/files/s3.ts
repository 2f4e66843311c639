/**
 * The file store of a province: S3-compatible object storage (Amazon S3, MinIO, Ceph RGW, a
 * cloud's own), through the AWS SDK's S3 client. Same contract as `DirectoryFileStore`
 * (files/store.ts): content-addressed chunks, one object each at `<prefix>chunks/ab/<sha256>`.
 *
 * - `putChunk` asks first (HEAD) and writes only a chunk the bucket lacks, so a resent chunk costs
 *   no upload and a versioned bucket gains no version; the PUT carries the chunk's SHA-256
 *   (`x-amz-checksum-sha256`) and S3 refuses bytes damaged on the way. Two gateways writing the
 *   same chunk at once write the same bytes: harmless.
 * - `readChunk` checks what it read against the key before handing it over.
 * - `deleteChunk` (the collection of abandoned uploads, store/files.ts) asks first, then deletes;
 *   in a versioned bucket the older versions stay until the bucket's own lifecycle rules end them.
 * - One chunk (256 KB) in memory at a time, never a whole file.
 * - The bucket unreachable (connection refused or timed out, DNS, TLS, wrong credentials, no such
 *   bucket, 5xx): `GatewayError('storage-unavailable')`, answered 503 with its catalogued message
 *   (the counter sends the chunk again later); the cause goes to the log with the S3 error's name,
 *   message and status only, never the credentials. A chunk the database records but the bucket
 *   lacks: a plain error (500 `internal`), the data is damaged.
 *
 * Credentials: `credentials` if given, else the SDK's default chain (`AWS_ACCESS_KEY_ID` /
 * `AWS_SECRET_ACCESS_KEY`, a profile, an instance role). Region: `region`, else `AWS_REGION`, else
 * `us-east-1` (S3-compatible servers mostly ignore it).
 */
import { createHash } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { FileStore } from './store';
import { GatewayError } from '../errors';

export interface S3FileStoreOptions {
  bucket: string;
  /** Key prefix, e.g. `kiosk/` (a missing trailing slash is added). */
  prefix?: string;
  /** An S3-compatible server's URL (MinIO, Ceph, …); absent: Amazon S3 of `region`. */
  endpoint?: string;
  region?: string;
  /** `bucket` in the path rather than the host name; default: true when `endpoint` is given. */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Per request: connecting, then waiting for the answer (default 5 s and 30 s). */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Tries per operation, the SDK's own retries with backoff included (default 3). */
  maxAttempts?: number;
}

const HASH = /^[0-9a-f]{64}$/;
function checkHash(hash: string): void {
  if (!HASH.test(hash)) throw new Error('not a SHA-256 chunk key');
}

/** What of an S3 failure may be logged: its name, message and HTTP status (no request, no config). */
export function s3Cause(err: unknown): { name: string; message: string; status?: number } {
  if (err instanceof Error) {
    const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    return { name: err.name, message: err.message, ...(status === undefined ? {} : { status }) };
  }
  return { name: 'unknown', message: String(err) };
}

const unavailable = (op: string, err: unknown): GatewayError => {
  const g = new GatewayError('storage-unavailable', { store: 's3' });
  g.cause = { op, ...s3Cause(err) };
  return g;
};

const isNotFound = (err: unknown): boolean =>
  err instanceof S3ServiceException && (err.name === 'NotFound' || err.name === 'NoSuchKey') && err.$metadata.httpStatusCode === 404;

export class S3FileStore implements FileStore {
  readonly kind = 's3' as const;
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;

  constructor(opts: S3FileStoreOptions) {
    if (!opts.bucket) throw new Error('S3 file store: no bucket');
    this.bucket = opts.bucket;
    this.prefix = opts.prefix ? opts.prefix.replace(/^\/+/, '').replace(/\/*$/, '/') : '';
    this.client = new S3Client({
      region: opts.region ?? process.env.AWS_REGION ?? 'us-east-1',
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      forcePathStyle: opts.forcePathStyle ?? opts.endpoint !== undefined,
      ...(opts.credentials ? { credentials: opts.credentials } : {}),
      maxAttempts: opts.maxAttempts ?? 3,
      requestHandler: { connectionTimeout: opts.connectTimeoutMs ?? 5_000, requestTimeout: opts.requestTimeoutMs ?? 30_000 },
      // Checksums only where S3 requires them (and ours, below): the SDK's default CRC32 trailers
      // are not understood by every S3-compatible server.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  /** The object key of a chunk. */
  key(hash: string): string {
    checkHash(hash);
    return `${this.prefix}chunks/${hash.slice(0, 2)}/${hash}`;
  }

  async putChunk(hash: string, bytes: Uint8Array): Promise<void> {
    const Key = this.key(hash);
    if (await this.hasChunk(hash)) return;
    try {
      await this.client.send(new PutObjectCommand({
        Bucket: this.bucket, Key, Body: bytes, ContentLength: bytes.byteLength, ContentType: 'application/octet-stream',
        ChecksumSHA256: Buffer.from(hash, 'hex').toString('base64'),
      }));
    } catch (err) {
      throw unavailable('put', err);
    }
  }

  async hasChunk(hash: string): Promise<boolean> {
    const Key = this.key(hash);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw unavailable('head', err);
    }
  }

  async readChunk(hash: string): Promise<Uint8Array> {
    const Key = this.key(hash);
    let bytes: Uint8Array;
    try {
      const res = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      if (!res.Body) throw new Error('empty answer');
      bytes = await res.Body.transformToByteArray();
    } catch (err) {
      if (isNotFound(err)) throw new Error(`chunk ${hash} missing from the file store`);
      throw unavailable('get', err);
    }
    if (createHash('sha256').update(bytes).digest('hex') !== hash) throw new Error(`chunk ${hash} damaged in the file store`);
    return bytes;
  }

  /** Asks first (HEAD), so that the answer says whether it was there; DELETE itself is idempotent. */
  async deleteChunk(hash: string): Promise<boolean> {
    const Key = this.key(hash);
    if (!(await this.hasChunk(hash))) return false;
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (err) {
      if (isNotFound(err)) return false;
      throw unavailable('delete', err);
    }
    return true;
  }

  /** Whether the bucket answers with these credentials (for `serve` to warn at start). */
  async check(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw unavailable('bucket', err);
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}

/**
 * `s3://bucket/prefix` (the `serve --files` form) to store options; null when `spec` is not an
 * s3 URL. The endpoint: `endpoint`, else `KIOSK_S3_ENDPOINT`; credentials and region stay with
 * the SDK's own variables.
 */
export function s3OptionsFromUrl(spec: string, endpoint?: string, env: NodeJS.ProcessEnv = process.env): S3FileStoreOptions | null {
  const m = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(spec);
  if (!m) return null;
  const ep = endpoint ?? env.KIOSK_S3_ENDPOINT;
  return { bucket: m[1]!, ...(m[2] ? { prefix: m[2] } : {}), ...(ep ? { endpoint: ep } : {}) };
}
