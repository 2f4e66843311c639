/**
 * A real S3-compatible server for tests: s3rver (the S3 REST API over a folder), on a random
 * loopback port, with one bucket, in a temporary folder removed on close. No system package.
 *
 *   const s3 = await startS3();
 *   const store = new S3FileStore(s3.options('kiosk/'));
 *   … await s3.stop(); await s3.restart();  // the same port and folder: the bucket goes away and comes back
 *   await s3.close();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3FileStoreOptions } from '../../src/gateway/files/s3';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  port: number;
  /** Store options for this server (fixed test credentials, path-style, few retries). */
  options(prefix?: string): S3FileStoreOptions;
  /** Stops the server, keeping its folder (the bucket is unreachable until `restart`). */
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startS3(bucket = 'kiosk-files'): Promise<TestS3> {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-s3-'));
  const make = (port: number) => new S3rver({ port, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  let server: S3rver | null = make(0);
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint, bucket, port,
    options: (prefix) => ({
      bucket, endpoint, region: 'us-east-1', forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      maxAttempts: 2, connectTimeoutMs: 2_000, requestTimeoutMs: 10_000, ...(prefix ? { prefix } : {}),
    }),
    async stop() {
      await server?.close();
      server = null;
    },
    async restart() {
      await server?.close();
      server = make(port);
      await server.run();
    },
    async close() {
      await server?.close();
      server = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
