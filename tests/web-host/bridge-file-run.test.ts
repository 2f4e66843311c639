/**
 * The browser host's bridge carries a run of file chunks in one call (docs/SYNC-PROTOCOL.md §13):
 * a `gateway.request` with BRIDGE_FILE_CHUNKS chunks as base64 reaches the host's handler byte for
 * byte over the real WebSocket; a run one byte longer is refused by the contract; a message over
 * the host's limit closes the connection.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startWebHost, type WebHost } from '../../src/main/web-host/server';
import { EventHub, type Handlers } from '../../src/main/bridge/dispatcher';
import { BRIDGE_MAX_REQUEST_BYTES } from '../../src/shared/protocol/files';
import { MAX_WIRE_MESSAGE } from '../../src/shared/bridge/wire';

let host: WebHost | null = null;
afterEach(async () => { await host?.close(); host = null; });

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

it('carries a run of up to BRIDGE_FILE_CHUNKS chunks in one gateway.request call, and no more', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'webhost-run-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html><head><title>k</title></head><body></body></html>');
  const bridgeFile = path.join(dir, 'bridge.js');
  writeFileSync(bridgeFile, '/* bridge */');
  const received: string[] = [];
  const handlers = {
    'gateway.request': (req: { path: string; bytes64?: string }) => {
      const bytes = Buffer.from(req.bytes64 ?? '', 'base64');
      received.push(sha(bytes));
      return { status: 200, body: { path: req.path, size: bytes.length } };
    },
  } as unknown as Handlers;
  host = await startWebHost({ services: { handlers, authorise: () => undefined, events: new EventHub(), close: async () => {} }, rendererDir: dir, pageBridgeFile: bridgeFile });
  const ws = await new Promise<WebSocket>((resolve, reject) => {
    const s = new WebSocket(`ws://127.0.0.1:${host!.port}/bridge?token=${host!.token}`, { origin: host!.url.slice(0, -1) });
    s.once('open', () => resolve(s));
    s.once('error', reject);
  });
  const next = () => new Promise<Record<string, unknown>>((r) => ws.once('message', (d) => r(JSON.parse(d.toString()))));
  const run = new Uint8Array(randomBytes(BRIDGE_MAX_REQUEST_BYTES));
  const call = (id: number, bytes: Uint8Array) => JSON.stringify({ t: 'call', id, name: 'gateway.request', input: { method: 'PUT', path: '/v1/files/x/chunks/0?count=4', bytes64: Buffer.from(bytes).toString('base64') } });
  expect(call(1, run).length).toBeLessThan(MAX_WIRE_MESSAGE);
  ws.send(call(1, run));
  expect(await next()).toEqual({ t: 'result', id: 1, ok: true, value: { status: 200, body: { path: '/v1/files/x/chunks/0?count=4', size: BRIDGE_MAX_REQUEST_BYTES } } });
  expect(received).toEqual([sha(run)]);
  // Three bytes more than a run: the contract refuses it before the handler sees it.
  ws.send(call(2, new Uint8Array(BRIDGE_MAX_REQUEST_BYTES + 3)));
  expect(await next()).toMatchObject({ id: 2, ok: false, error: { code: 'invalid-input' } });
  expect(received).toHaveLength(1);
  // A message over the host's limit: the connection is closed (1009, message too big), and the
  // host's process does not throw (vitest reports an unhandled error if it does).
  const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
  ws.send('x'.repeat(MAX_WIRE_MESSAGE + 1));
  expect(await closed).toBe(1009);
});
