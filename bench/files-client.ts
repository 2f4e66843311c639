/**
 * The counter's side of bench/files.bench.ts on its own thread (a worker): a counter is another
 * machine, so its work (Dexie over fake-indexeddb, reading and checking each run, the gateway
 * client) must not share the gateway's thread, where it would be counted as the gateway's. Both
 * the file lane and the bare PUT it is compared with are sent from here.
 *
 * Messages: `{ id, op: 'make', mb }` → a scan-like file of `mb` MiB kept under `id`;
 * `{ id, op: 'put', url, file, store }` → seconds of one bare PUT of that file;
 * `{ id, op: 'lane', url, file, code, name, parallel, bridge }` → seconds for the lane to send it
 * (declare and every chunk) until the gateway confirmed it. Answers `{ id, value }` or `{ id, error }`.
 * Imported in the main thread (no parent port there) for `scan` and `lane` alone.
 */
import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { GatewayClient } from '../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../src/main/gateway-client/credentials';
import { KioskDb } from '../src/renderer/db/database';
import { attachFile } from '../src/renderer/db/files';
import { FileLane } from '../src/renderer/sync/files';
import { createBridgeTransport } from '../src/renderer/sync/transport';
import { GatewayRequest } from '../src/shared/bridge/contract';

const MB = 1024 * 1024;
const files = new Map<number, Blob>();

/** A scan-like file (random bytes between the JPEG start and end markers) of `size` bytes. */
export function scan(size: number): Blob {
  const b = new Uint8Array(randomBytes(size));
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  b.set([0xff, 0xd9], b.length - 2);
  return new Blob([b], { type: 'image/jpeg' });
}

async function put(url: string, blob: Blob, store: boolean): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/bench/${store ? 'store' : 'sink'}`, {
    method: 'PUT', body: blob, headers: { 'content-type': store ? 'application/x-bench-store' : 'application/x-bench' }, duplex: 'half',
  } as RequestInit);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`sink answered ${res.status}`);
  return (performance.now() - t0) / 1000;
}

/**
 * Seconds for the file lane of a counter enrolled with `code` to send `blob` (declare and every
 * chunk) until the gateway confirmed it; `sample` is called every 20 ms meanwhile (the memory figure).
 */
export async function lane(url: string, blob: Blob, code: string, name: string, parallel: number, bridge: boolean, sample?: () => void): Promise<number> {
  const client = new GatewayClient({ store: new MemoryCredentialStore(), timeoutMs: 120_000, appVersion: 'bench' });
  await client.enroll({ url, code, deviceName: name, kind: 'counter' });
  const db = new KioskDb(`${name}-${process.pid}-${Date.now()}`);
  await db.open();
  try {
    const att = await attachFile(db, { dossierCode: '000.00.01.H08-000000-0000', component: 'Tờ khai', file: blob, name: `${name}.jpg`, signer: null });
    // `bridge`: as in the app, the renderer's bridge transport (each run as base64 in one call)
    // and the call checked against the bridge contract, then the host's gateway client.
    const transport = bridge ? createBridgeTransport(async (req) => client.request(GatewayRequest.parse(req))) : client;
    const l = new FileLane({ db, transport, requestTimeoutMs: 120_000, watchdogMs: 60_000, parallel });
    const t0 = performance.now();
    await l.start();
    const timer = sample ? setInterval(sample, 20) : null;
    try {
      for (;;) {
        const f = await db.files.get(att.sha256);
        if (f?.state === 'complete') break;
        if (f?.state === 'failed') throw new Error('upload refused');
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      if (timer) clearInterval(timer);
    }
    const s = (performance.now() - t0) / 1000;
    await l.stop();
    return s;
  } finally {
    db.close();
  }
}

type Message =
  | { id: number; op: 'make'; mb: number }
  | { id: number; op: 'put'; url: string; file: number; store: boolean }
  | { id: number; op: 'lane'; url: string; file: number; code: string; name: string; parallel: number; bridge: boolean };

parentPort?.on('message', (m: Message) => {
  const file = (n: number): Blob => {
    const b = files.get(n);
    if (!b) throw new Error(`no file ${n}`);
    return b;
  };
  const work = async (): Promise<number> => {
    if (m.op === 'make') {
      files.set(m.id, scan(m.mb * MB));
      return m.id;
    }
    if (m.op === 'put') return put(m.url, file(m.file), m.store);
    return lane(m.url, file(m.file), m.code, m.name, m.parallel, m.bridge);
  };
  work().then((value) => parentPort?.postMessage({ id: m.id, value }), (e: unknown) => parentPort?.postMessage({ id: m.id, error: String(e) }));
});
