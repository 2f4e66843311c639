/**
 * The counter's offline file store and the file lane against the real gateway behind the fault
 * proxy (docs/SYNC-PROTOCOL.md §13): files kept in IndexedDB with the attachment that announces
 * them, sent in chunks that survive cuts and restarts without resending an acknowledged chunk,
 * attached only once complete, the mutation queue never waiting behind them; bad input refused
 * with its catalogued message before anything is stored.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness, type Kiosk } from './harness';
import { attachFile, evictConfirmedFiles, FileError, hashFile, signPendingAttachments, withdrawPage } from '../../src/renderer/db/files';
import { chunkResends } from '../../src/gateway/store/files';
import { SyncEngine } from '../../src/renderer/sync/engine';
import { GatewayClient } from '../../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../../src/main/gateway-client/credentials';
import { BRIDGE_FILE_CHUNKS, BRIDGE_MAX_REQUEST_BYTES, FILE_CHUNK_BYTES, attachmentsPath, chunksPath, filePath, type Attachment } from '../../src/shared/protocol';
import { localized } from '../../src/shared/messages';
import { createBridgeTransport, type SyncTransport } from '../../src/renderer/sync/transport';
import { FileLane } from '../../src/renderer/sync/files';
import { GatewayRequest } from '../../src/shared/bridge/contract';
import { fromBase64, toBase64 } from '../../src/shared/base64';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
/** A synthetic scan: a JPEG signature, random bytes, the JPEG end marker. */
function scan(size: number): Uint8Array {
  const b = new Uint8Array(randomBytes(size));
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  b.set([0xff, 0xd9], b.length - 2);
  return b;
}
const blobOf = (b: Uint8Array, type = 'image/jpeg'): Blob => new Blob([new Uint8Array(b)], { type });

async function until(what: string, ok: () => Promise<boolean> | boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('files at the counter', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => h?.close());
  afterEach(async () => h.closeKiosks());

  /** The gateway's own view, bypassing the proxy. */
  async function direct(k: Kiosk): Promise<GatewayClient> {
    const store = new MemoryCredentialStore();
    await store.save({ ...(await k.store.load())!, gatewayUrl: h.directUrl });
    return new GatewayClient({ store, timeoutMs: 30_000 });
  }
  async function gatewayBytes(k: Kiosk, sha256: string): Promise<string> {
    const cred = (await k.store.load())!;
    const res = await fetch(h.directUrl + filePath(sha256), { headers: { authorization: `Bearer ${cred.token}`, 'x-kiosk-protocol': '1' } });
    expect(res.status).toBe(200);
    return sha(new Uint8Array(await res.arrayBuffer()));
  }

  it('carries chunks across the bridge as base64 and back, byte for byte', () => {
    for (const n of [0, 1, 2, 3, 32_765, 32_766, 32_767, FILE_CHUNK_BYTES]) {
      const b = new Uint8Array(randomBytes(n));
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(sha(fromBase64(toBase64(b)))).toBe(sha(b));
    }
    expect(GatewayRequest.safeParse({ method: 'PUT', path: '/v1/files/x/chunks/0', bytes64: toBase64(new Uint8Array(FILE_CHUNK_BYTES)) }).success).toBe(true);
    // A run of BRIDGE_FILE_CHUNKS chunks fits one bridge call; a byte more does not.
    expect(GatewayRequest.safeParse({ method: 'PUT', path: '/v1/files/x/chunks/0?count=4', bytes64: toBase64(new Uint8Array(BRIDGE_MAX_REQUEST_BYTES)) }).success).toBe(true);
    expect(GatewayRequest.safeParse({ method: 'PUT', path: '/v1/files/x/chunks/0?count=4', bytes64: toBase64(new Uint8Array(BRIDGE_MAX_REQUEST_BYTES + 3)) }).success).toBe(false);
    expect(createBridgeTransport(async () => ({ status: 200, body: null })).maxRequestBytes).toBe(BRIDGE_MAX_REQUEST_BYTES);
  });

  it('sends runs of chunks to a gateway that takes them (through the host bridge too, within its message and the bandwidth cap), one chunk per request to an older gateway', async () => {
    const k = await h.kiosk({ files: false });
    const code = await k.intake(1);
    const client = await direct(k);
    const send = async (bytes: Uint8Array, how: 'runs' | 'older-gateway' | 'bridge' | 'bridge-capped') => {
      const att = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(bytes), name: `${how}.jpg`, signer: k.signer });
      const puts: string[] = [];
      // Through the bridge: the renderer's own bridge transport (base64 in the call), the call
      // checked against the bridge contract as the host does, then the host's gateway client.
      const bridge = createBridgeTransport(async (req) => {
        if (req.method === 'PUT') puts.push(req.path);
        return client.request(GatewayRequest.parse(req));
      });
      const wrapped: SyncTransport = how.startsWith('bridge') ? bridge : {
        async request(req) {
          if (req.method === 'PUT') puts.push(req.path);
          const res = await client.request(req);
          // An older gateway: its FileState says nothing of runs.
          if (how === 'older-gateway' && res.body && typeof res.body === 'object' && 'chunksPerRequest' in res.body) {
            const { chunksPerRequest: _gone, ...rest } = res.body as Record<string, unknown>;
            return { ...res, body: rest };
          }
          return res;
        },
      };
      const lane = new FileLane({ db: k.db, transport: wrapped, parallel: 1, watchdogMs: 60_000, ...(how === 'bridge-capped' ? { bytesPerSecond: 2 * FILE_CHUNK_BYTES } : {}) });
      await lane.start();
      await until(`${how} attached`, async () => (await k.db.attachments.get(att.id))?.state === 'attached');
      await lane.stop();
      expect(await gatewayBytes(k, att.sha256)).toBe(sha(bytes));
      expect(lane.stats.ackedResent).toBe(0);
      expect((await client.request({ method: 'GET', path: chunksPath(att.sha256) })).body).toMatchObject({ complete: true, resent: 0 });
      expect(lane.stats.chunksSent).toBe(Math.ceil(bytes.length / FILE_CHUNK_BYTES));
      return { puts, requests: lane.stats.requestsSent };
    };
    const size = 12 * FILE_CHUNK_BYTES + 999;
    const runs = await send(scan(size), 'runs');
    expect(runs.requests).toBeLessThan(13);
    expect(runs.puts.some((p) => /\?count=\d+$/.test(p))).toBe(true);
    const one = await send(scan(size), 'older-gateway');
    expect(one.requests).toBe(13);
    expect(one.puts.every((p) => !p.includes('count='))).toBe(true);
    // The bridge: runs, none longer than one bridge call carries.
    const counts = (puts: string[]) => puts.map((p) => Number(/\?count=(\d+)$/.exec(p)?.[1] ?? 1));
    const bridged = await send(scan(size), 'bridge');
    expect(bridged.requests).toBeLessThan(13);
    expect(Math.max(...counts(bridged.puts))).toBeGreaterThan(1);
    expect(Math.max(...counts(bridged.puts))).toBeLessThanOrEqual(BRIDGE_FILE_CHUNKS);
    // A cap of two chunks a second: runs of at most what the cap lets through in a second.
    const capped = await send(scan(size), 'bridge-capped');
    expect(Math.max(...counts(capped.puts))).toBeLessThanOrEqual(2);
  }, 60_000);

  it('refuses bad input before storing it, each with its message in both languages', async () => {
    const k = await h.kiosk({ files: false });
    const code = await k.intake(1);
    const refused = async (file: Blob): Promise<FileError> => {
      const err = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file, name: 'x', signer: null }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FileError);
      return err as FileError;
    };
    expect((await refused(new Blob([]))).code).toBe('file-empty');
    // 2 GB: refused from its size; a read of any byte would throw a different error.
    const huge = { size: 2 * 1024 ** 3, type: 'application/pdf', slice: () => { throw new Error('read'); } } as unknown as Blob;
    const tooLarge = await refused(huge);
    expect(tooLarge.code).toBe('file-too-large');
    expect(localized('file', 'file-too-large', tooLarge.params).vi).toContain('2048 MB');
    expect((await refused(new Blob(['Biên bản họp, không phải ảnh'], { type: 'image/jpeg' }))).code).toBe('file-type');
    // A PDF cut short (a copy stopped, a scanner still writing): no end-of-file marker near its end.
    const whole = `%PDF-1.4\n1 0 obj << >> endobj\n${'% trang quét\n'.repeat(200)}startxref\n9\n%%EOF\n`;
    const cut = await refused(new Blob([whole.slice(0, whole.length - 20)], { type: 'application/pdf' }));
    expect(cut.code).toBe('file-truncated');
    expect(localized('file', 'file-truncated').vi).toContain('máy quét chưa ghi xong');
    // A picture that only begins like one (a PNG signature, then 300 bytes of noise: no IEND at its end).
    const broken = new Uint8Array(308);
    broken.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    broken.set(randomBytes(300), 8);
    expect((await refused(new Blob([broken], { type: 'image/png' }))).code).toBe('file-truncated');
    // A file that vanishes or changes on disk while it is read (Chromium's NotReadableError).
    const changing = {
      size: 600_000, type: 'image/jpeg',
      slice: (s: number) => ({ arrayBuffer: async () => {
        if (s === 0) return new Uint8Array([0xff, 0xd8, 0xff, 0xe0]).buffer;
        throw new DOMException('The file changed', 'NotReadableError');
      } }),
    } as unknown as Blob;
    expect((await refused(changing)).code).toBe('file-changed');
    expect(await k.db.files.count()).toBe(0);
    expect(await k.db.attachments.count()).toBe(0);
    // The same PDF whole is taken.
    await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: new Blob([whole], { type: 'application/pdf' }), name: 'to-khai.pdf', signer: k.signer });
    expect(await k.db.attachments.count()).toBe(1);
  });

  it('sends files through cuts and timeouts, resumes after a restart without resending an acknowledged chunk, and never holds up the mutation queue', async () => {
    const k = await h.kiosk({ files: { bytesPerSecond: 512 * 1024 } });
    const code = await k.intake(2);
    await k.drained();
    const lane = k.engine.files!;
    const big = scan(8 * FILE_CHUNK_BYTES + 777); // 9 chunks, ~2 MB: 4 s at the cap
    const small = scan(FILE_CHUNK_BYTES - 5);
    const a1 = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(big), name: 'to-khai.jpg', signer: k.signer });
    // Same content again on another component: one file, two attachments.
    await attachFile(k.db, { dossierCode: code, component: 'Bản sao CCCD', file: blobOf(big), name: 'cccd.jpg', signer: k.signer });
    await attachFile(k.db, { dossierCode: code, component: 'Bản sao CCCD', file: blobOf(small), name: 'cccd-2.jpg', signer: k.signer });
    expect(await k.db.files.count()).toBe(2);
    expect((await k.db.files.get(a1.sha256))!.blob!.size).toBe(big.length);

    // While the capped upload runs, intakes still go out at once.
    await until('upload under way', () => lane.stats.chunksAcked >= 1);
    const later = await k.intake(3);
    await k.drained();
    expect(k.engine.status.getSnapshot().pending).toBe(0);
    expect(lane.getSnapshot().pending).toBeGreaterThan(0);
    expect(lane.getSnapshot().current).toMatchObject({ dossierCode: code, size: big.length });

    // A restart of the counter mid-file: a new engine on the same database resumes after the
    // chunks acknowledged so far.
    await k.engine.stop();
    const ackedBefore = (await k.db.files.get(a1.sha256))!.acked.length;
    expect(ackedBefore).toBeGreaterThan(0);
    const engine2 = new SyncEngine({
      db: k.db, transport: k.client, appVersion: 'test', backoff: { baseMs: 50, capMs: 300 }, watchdogMs: 500,
      requestTimeoutMs: 2_000, retention: false, leases: false, files: {},
    });
    // Cuts on the way: answers lost after the gateway stored the chunk, requests lost before,
    // answers that never come; the gateway restarting.
    h.proxy.inject('drop-after', 2, (m, p) => m === 'PUT' && p.includes('/chunks/'));
    h.proxy.inject('drop-before', 1, (m, p) => m === 'PUT' && p.includes('/chunks/'));
    h.proxy.inject('timeout', 1, (m, p) => m === 'PUT' && p.includes('/chunks/'));
    h.proxy.inject('500', 1, (m, p) => m === 'POST' && p.endsWith('/attach'));
    await engine2.start();
    try {
      await until('all attached', async () => (await k.db.attachments.where('state').equals('attached').count()) === 3);
      const s = engine2.files!.stats;
      expect(s.ackedResent).toBe(0);
      // Every chunk the gateway received twice is one whose answer was lost.
      const resends = await chunkResends(h.gw.db, [a1.sha256, sha(small)]);
      expect(resends).toBeLessThanOrEqual(s.chunksUnanswered);
      expect(s.chunksUnanswered).toBeGreaterThanOrEqual(3);
      // Byte-identical at the gateway, once per content, on the right components.
      expect(await gatewayBytes(k, a1.sha256)).toBe(sha(big));
      expect(await gatewayBytes(k, sha(small))).toBe(sha(small));
      const list = (await (await direct(k)).request({ method: 'GET', path: attachmentsPath(code) })).body as { attachments: Attachment[] };
      expect(list.attachments.map((a) => [a.component, a.name]).sort()).toEqual([['Bản sao CCCD', 'cccd-2.jpg'], ['Bản sao CCCD', 'cccd.jpg'], ['Tờ khai', 'to-khai.jpg']]);
      expect(engine2.files!.getSnapshot()).toMatchObject({ pending: 0, pendingBytes: 0, failed: 0 });
      expect(later).toBeTruthy();

      // Evicted locally only after the gateway confirmed, and only once old enough.
      expect(await evictConfirmedFiles(k.db, 60_000)).toBe(0);
      expect(await evictConfirmedFiles(k.db, 0, Date.now() + 1)).toBe(2);
      expect((await k.db.files.get(a1.sha256))!.blob).toBeNull();
    } finally {
      await engine2.stop();
    }
  });

  it('waits for a dossier still in the mutation queue, and refuses for good a file whose stored bytes changed (over the bridge\'s contract)', async () => {
    // As in the app: each request crosses the bridge's contract (chunks as base64, checked by its
    // schema) before the host's gateway client sends the raw bytes.
    const k = await h.kiosk({ files: {}, transport: (client) => createBridgeTransport(async (req) => client.request(GatewayRequest.parse(req))) });
    // Offline intake: the dossier reaches the gateway only when the line is back.
    h.proxy.down();
    const code = await k.intake(4);
    const bytes = scan(3 * FILE_CHUNK_BYTES);
    const att = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(bytes), signer: k.signer });
    const other = await attachFile(k.db, { dossierCode: code, component: 'Giấy tờ khác', file: blobOf(scan(5000)), signer: k.signer });
    // The bytes kept for `other` change under the lane (a disk fault): caught before a byte is sent.
    const f = (await k.db.files.get(other.sha256))!;
    await k.db.files.update(other.sha256, { blob: blobOf(scan(f.size)) });
    h.proxy.up();
    k.engine.files!.trigger(true);
    await k.drained();
    await until('attached', async () => (await k.db.attachments.get(att.id))!.state === 'attached');
    await until('refused', async () => (await k.db.attachments.get(other.id))!.state === 'failed');
    expect((await k.db.files.get(other.sha256))!.failure!.reason).toBe('file-changed');
    expect(await gatewayBytes(k, att.sha256)).toBe(sha(bytes));
    expect(k.engine.files!.getSnapshot().failed).toBe(1);
    expect((await hashFile(blobOf(bytes))).chunks).toHaveLength(3);
  });

  it('attaches only what an officer signed: an unsigned page is sent but waits for its officer\'s sign-in; one refused for its signature is kept as refused, and the lane goes on', async () => {
    const k = await h.kiosk({ files: {} });
    const code = await k.intake(1);
    // Stored without a signed-in key (an older version's row, a session whose key did not open).
    const unsigned = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(scan(9000)), name: 'unsigned.jpg', signer: null, staffId: k.signer.staffId });
    expect(unsigned.sig).toBeNull();
    // Signed, then its signature damaged on the device: the gateway refuses it for good.
    const damaged = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(scan(7000)), name: 'damaged.jpg', signer: k.signer });
    await k.db.attachments.update(damaged.id, { sig: { ...damaged.sig!, value: 'A'.repeat(86) } });
    const fine = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(scan(5000)), name: 'fine.jpg', signer: k.signer });
    expect(fine.sig?.keyId).toBe(k.signer.keyId);
    k.engine.files!.trigger(true);
    await until('the signed page attached', async () => (await k.db.attachments.get(fine.id))!.state === 'attached');
    await until('the damaged page refused', async () => (await k.db.attachments.get(damaged.id))!.state === 'failed');
    expect((await k.db.attachments.get(damaged.id))!.refusal?.reason).toBe('signature-invalid');
    // The unsigned page's bytes went (they are anyone's); attaching waits for its officer.
    await until('the unsigned page\'s file sent', async () => (await k.db.files.get(unsigned.sha256))!.state === 'complete');
    await k.engine.files!.whenIdle();
    expect((await k.db.attachments.get(unsigned.id))!.state).toBe('pending');
    const seen = async () => ((await (await direct(k)).request({ method: 'GET', path: attachmentsPath(code) })).body as { attachments: Attachment[] }).attachments;
    expect((await seen()).map((a) => a.name)).toEqual(['fine.jpg']);
    // Another officer's sign-in signs nothing of it; its own officer's signs it, and it goes.
    expect(await signPendingAttachments(k.db, { ...k.signer, staffId: 'someone-else' })).toBe(0);
    expect(await signPendingAttachments(k.db, k.signer)).toBe(1);
    await until('the unsigned page attached once signed', async () => (await k.db.attachments.get(unsigned.id))!.state === 'attached');
    const attached = await seen();
    expect(attached.map((a) => a.name).sort()).toEqual(['fine.jpg', 'unsigned.jpg']);
    expect(attached.every((a) => a.staffId === k.signer.staffId)).toBe(true);
    // Kept as it was stored: the moment is the page's own, not the sign-in's.
    expect((await k.db.attachments.get(unsigned.id))!.at).toBe(new Date(unsigned.createdAt).toISOString());

    // Signed with a key the gateway has not registered yet: held, as staff mutations are. (The
    // engine, which would register it, is stopped; a lane of its own sends.)
    await k.engine.stop();
    const lane = new FileLane({ db: k.db, transport: await direct(k), parallel: 1, watchdogMs: 60_000 });
    await lane.start();
    const keyRow = (await k.db.staffKeys.get(k.signer.staffId))!;
    expect(keyRow.keyId).toBe(k.signer.keyId);
    await k.db.staffKeys.update(k.signer.staffId, { registeredAt: null });
    const held = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(scan(3000)), name: 'held.jpg', signer: k.signer });
    lane.trigger(true);
    await until('the held page\'s file sent', async () => (await k.db.files.get(held.sha256))!.state === 'complete');
    await lane.whenIdle();
    expect((await k.db.attachments.get(held.id))!.state).toBe('pending');
    await k.db.staffKeys.update(k.signer.staffId, { registeredAt: keyRow.registeredAt });
    lane.trigger(true);
    await until('the held page attached once its key is registered', async () => (await k.db.attachments.get(held.id))!.state === 'attached');

    // Signed with a key the gateway does not know (refused, replaced): the signature goes, the page
    // waits for its officer's next sign-in, which signs it again; nothing is lost.
    const staleKey: typeof k.signer = { ...k.signer, keyId: 'Z'.repeat(43), sign: async (m) => ({ keyId: 'Z'.repeat(43), value: (await k.signer.sign(m)).value }) };
    const stale = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(scan(3500)), name: 'stale.jpg', signer: staleKey });
    lane.trigger(true);
    await until('the stale signature dropped', async () => (await k.db.attachments.get(stale.id))!.sig === null);
    expect((await k.db.attachments.get(stale.id))!).toMatchObject({ state: 'pending', refusal: { reason: 'signature-invalid' } });
    expect(await signPendingAttachments(k.db, k.signer)).toBe(1);
    await until('re-signed and attached', async () => (await k.db.attachments.get(stale.id))!.state === 'attached');
    expect((await k.db.attachments.get(stale.id))!.refusal).toBeNull();
    await lane.stop();
  });

  it('withdraws attached pages as the officer\'s signed act, offline too: its own and one another counter attached; the gateway keeps the record, the list loses them', async () => {
    const k = await h.kiosk({ files: {} });
    const code = await k.intake(1);
    const mine = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(scan(6000)), name: 'nham.jpg', signer: k.signer });
    await until('attached', async () => (await k.db.attachments.get(mine.id))!.state === 'attached');
    // Another counter of the agency attaches a page to the same dossier.
    const other = await h.kiosk({ files: {}, officer: 1 });
    await other.engine.syncNow();
    const theirs = await attachFile(other.db, { dossierCode: code, component: 'Giấy tờ khác', file: blobOf(scan(4000)), name: 'cua-quay-khac.jpg', signer: other.signer });
    await until('attached there', async () => (await other.db.attachments.get(theirs.id))!.state === 'attached');
    const listed = await k.engine.remoteAttachments(code);
    expect(listed.map((a) => a.name).sort()).toEqual(['cua-quay-khac.jpg', 'nham.jpg']);

    // Offline: both withdrawals are kept, signed, and wait.
    h.proxy.down();
    const row = (await k.db.attachments.get(mine.id))!;
    expect(await withdrawPage(k.db, row, '  Nhầm giấy tờ của công dân khác ', k.signer)).toBe(true);
    const remote = listed.find((a) => a.id === theirs.id)!;
    expect(await withdrawPage(k.db, { ...remote, createdAt: 0, state: 'attached', attachedAt: 0 }, 'Ảnh mờ, không đọc được', k.signer)).toBe(true);
    // Not twice, and not without a signed-in officer.
    expect(await withdrawPage(k.db, row, 'Lần nữa', k.signer)).toBe(false);
    await expect(withdrawPage(k.db, row, 'Không ai ký', null)).rejects.toMatchObject({ code: 'not-signed-in' });
    const queued = (await k.db.attachments.get(mine.id))!;
    expect(queued).toMatchObject({ state: 'withdrawing', withdrawal: { reason: 'Nhầm giấy tờ của công dân khác', staffId: k.signer.staffId, doneAt: null } });
    expect(queued.withdrawal!.sig!.keyId).toBe(k.signer.keyId);
    // The sync bar counts them while they wait.
    await until('two withdrawals counted', () => k.engine.files!.getSnapshot().withdrawals === 2);
    h.proxy.up();
    k.engine.files!.trigger(true);
    await until('withdrawn', async () => (await k.db.attachments.where('state').equals('withdrawn').count()) === 2);
    await until('no withdrawal counted', () => k.engine.files!.getSnapshot().withdrawals === 0);
    expect((await k.engine.remoteAttachments(code)).map((a) => a.withdrawn?.reason).sort()).toEqual(['Nhầm giấy tờ của công dân khác', 'Ảnh mờ, không đọc được']);
    // The other counter learns it when it next asks: its own row is withdrawn too, with the reason.
    expect((await other.db.attachments.get(theirs.id))!.state).toBe('attached');
    await other.engine.remoteAttachments(code);
    expect((await other.db.attachments.get(theirs.id))!).toMatchObject({ state: 'withdrawn', withdrawal: { reason: 'Ảnh mờ, không đọc được', staffId: k.signer.staffId } });
    const kept = await h.gw.db.query<{ id: string; withdrawn_by: string; withdraw_reason: string }>(
      'select id, withdrawn_by, withdraw_reason from attachments where dossier_code = $1', [code]);
    expect(kept.sort((a, b) => (a.id === theirs.id ? -1 : b.id === theirs.id ? 1 : 0))).toEqual([
      { id: theirs.id, withdrawn_by: k.signer.staffId, withdraw_reason: 'Ảnh mờ, không đọc được' },
      { id: mine.id, withdrawn_by: k.signer.staffId, withdraw_reason: 'Nhầm giấy tờ của công dân khác' },
    ]);
    // A withdrawn page's Blob may be evicted like a confirmed one.
    expect(await evictConfirmedFiles(k.db, 0, Date.now() + 1000)).toBeGreaterThanOrEqual(1);
  });

  it('declares again and sends it all by itself when the gateway collected the upload as abandoned: mid-upload (file-not-declared) and after weeks offline', async () => {
    const k = await h.kiosk({ files: false });
    const code = await k.intake(1);
    const client = await direct(k);
    const age = (sha256: string) => h.gw.db.query(`update files set touched_at = now() - interval '31 days' where sha256 = $1`, [sha256]);

    // Mid-upload: the gateway collects the declaration between two requests of the lane.
    const bytes = scan(6 * FILE_CHUNK_BYTES + 321);
    const att = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(bytes), name: 'mid.jpg', signer: k.signer });
    let puts = 0;
    const answers: { status: number; code?: string }[] = [];
    const collecting: SyncTransport = {
      async request(req) {
        if (req.method === 'PUT' && ++puts === 2) {
          await age(att.sha256);
          expect((await h.gw.fileCollection.run()).files).toBe(1);
        }
        const res = await client.request(req);
        if (req.method === 'PUT') answers.push({ status: res.status, code: (res.body as { error?: { code: string } } | null)?.error?.code });
        return res;
      },
    };
    const lane = new FileLane({ db: k.db, transport: collecting, parallel: 1, watchdogMs: 60_000, backoff: { baseMs: 60_000, capMs: 60_000 } });
    await lane.start();
    // No backoff of a minute: the lane declared again at once.
    await until('attached after the collection', async () => (await k.db.attachments.get(att.id))?.state === 'attached', 20_000);
    await lane.stop();
    expect(answers[1]).toEqual({ status: 404, code: 'file-not-declared' });
    expect(lane.stats.redeclared).toBe(1);
    expect(lane.getSnapshot().lastError).toBeNull();
    expect(await gatewayBytes(k, att.sha256)).toBe(sha(bytes));

    // After weeks offline: chunks acknowledged before, collected since; the lane learns it from the
    // declaration's answer and sends them again.
    const later = scan(5 * FILE_CHUNK_BYTES + 99);
    const att2 = await attachFile(k.db, { dossierCode: code, component: 'Tờ khai', file: blobOf(later), name: 'later.jpg', signer: k.signer });
    let sent = 0;
    const cut: SyncTransport = {
      // Runs of at most 2 chunks, so that the line goes before the file is whole.
      maxRequestBytes: 2 * FILE_CHUNK_BYTES,
      async request(req) {
        if (req.method === 'PUT' && ++sent > 2) throw new Error('offline');
        return client.request(req);
      },
    };
    const first = new FileLane({ db: k.db, transport: cut, parallel: 1, watchdogMs: 60_000, backoff: { baseMs: 60_000, capMs: 60_000 } });
    await first.start();
    await until('cut', () => first.getSnapshot().lastError !== null);
    await first.stop();
    const acked = (await k.db.files.get(att2.sha256))!.acked;
    expect(acked.length).toBeGreaterThan(0);
    await age(att2.sha256);
    expect((await h.gw.fileCollection.run()).files).toBe(1);
    const back = new FileLane({ db: k.db, transport: client, parallel: 1, watchdogMs: 60_000 });
    await back.start();
    await until('attached after weeks offline', async () => (await k.db.attachments.get(att2.id))?.state === 'attached', 20_000);
    await back.stop();
    expect(back.stats.lostByGateway).toBe(acked.length);
    expect(back.stats.chunksSent).toBe(6);
    expect(await gatewayBytes(k, att2.sha256)).toBe(sha(later));
  }, 90_000);
});
