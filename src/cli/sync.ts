/**
 * `npm run --silent sync -- soak --gateway URL --enroll CODE --mutations N [--faults
 * drop,timeout,500,restart,cut-mid] [--link 4g-good|4g-poor|adsl-busy] [--seed S] [--rate R]
 * [--deadline SECONDS] [--staff ID]`
 *
 * Runs the kiosk's own sync engine headless (Dexie over fake-indexeddb) against a gateway, through
 * the fault-injecting proxy and, with `--link`, the link emulator in front of it (kiosk → link →
 * faults → gateway: the faults happen at the gateway's end of a slow line), creating N staff mutations (intakes and status changes) while it
 * syncs, until the outbox drains or the deadline passes. The mutations are an officer's: after
 * the first sync the soak signs in as `--staff` (default: the agency's first counter officer it
 * received) with the PIN in KIOSK_STAFF_PIN (default: the demo counter PIN), through the counter's
 * own sign-in, so the officer's signing key is made, sealed and registered as on a real counter. Prints one JSON line:
 * `{"created","acknowledged","pending","rejected","serverRecords","duplicates","seconds"}` where
 * `serverRecords` (this run's mutations the gateway reports applied) and `duplicates` (ids it
 * applied more than once) are asked of the gateway itself (POST /v1/mutations/status), bypassing
 * the proxy. Errors go to stderr with a non-zero exit.
 *
 * `--files N --file-size MB` (or `--file-size MIN-MAX`, e.g. `2-8`) also attaches N synthetic
 * scans of that size to the soak's dossiers, through the counter's own offline store and file lane
 * under the same faults, and adds `files` to the line: `{created, attached, identical, duplicates,
 * chunksSent, chunksUnanswered, gatewayResends, ackedChunksResent, megabytes}` — `identical`
 * counts files whose bytes at the gateway hash to the original, `duplicates` attachments the
 * gateway holds more than once, `gatewayResends` chunk uploads it received for a chunk it already
 * held (each must be one of `chunksUnanswered`: a send whose answer was lost), and
 * `ackedChunksResent` chunks sent again after their acknowledgement (must be 0).
 */
import 'fake-indexeddb/auto';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { GatewayClient } from '../main/gateway-client/client';
import { MemoryCredentialStore } from '../main/gateway-client/credentials';
import { KioskDb } from '../renderer/db/database';
import { hashCitizenId, intake, transition, type ActionContext } from '../renderer/db/actions';
import { SyncEngine } from '../renderer/sync/engine';
import { ALLOWED_TRANSITIONS, isDossierStatus } from '../shared/domain/status';
import {
  AttachmentList, FileState, MAX_FILE_BYTES, MutationStatusResponse, PATHS, PROTOCOL_HEADER, PROTOCOL_VERSION, attachmentsPath, chunksPath, filePath,
} from '../shared/protocol';
import { attachFile } from '../renderer/db/files';
import { createHash } from 'node:crypto';
import { FAULT_KINDS, seededRandom, startFaultProxy, type FaultKind } from './fault-proxy';
import { LINK_PROFILE_NAMES, isLinkProfileName, startLinkEmulator, type LinkEmulator, type LinkProfileName } from './link-emulator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileSecretStore, KeySealer } from '../main/secrets';
import { signIn } from '../renderer/counter/pin';
import type { KeyVault } from '../renderer/trust/officer-key';
import { DEMO_PINS } from '../gateway/demo/seed';

export interface SoakOptions {
  gateway: string;
  enroll: string;
  mutations: number;
  faults: FaultKind[];
  /** Shape the kiosk's line like this link (default: loopback, unshaped). */
  link?: LinkProfileName;
  seed: number;
  rate: number;
  deadlineSeconds: number;
  /** The officer who acts (default: the first active counter officer of the agency). */
  staff?: string;
  /** Their PIN (default: the demo counter PIN). Never printed. */
  pin?: string;
  /** Synthetic scans to attach and send under the same faults, and their size range (MB). */
  files?: { count: number; minMb: number; maxMb: number };
  log?: (msg: string) => void;
}

/** The host's key sealing over a throw-away data folder, as the counter reaches it over the bridge. */
function hostVault(dir: string): KeyVault {
  const sealer = new KeySealer(new FileSecretStore(dir));
  return {
    seal: async (data) => sealer.seal(Buffer.from(data, 'base64')),
    open: async (sealed) => (await sealer.open(sealed)).toString('base64'),
  };
}

export interface SoakResult {
  created: number;
  acknowledged: number;
  pending: number;
  rejected: number;
  serverRecords: number;
  duplicates: number;
  seconds: number;
  /** With `--link`: bytes carried each way over the emulated line, and its stalls. */
  link?: { profile: string; downBytes: number; upBytes: number; stalls: number };
  /** With `--files`. */
  files?: {
    created: number; attached: number; identical: number; duplicates: number; chunksSent: number;
    chunksUnanswered: number; gatewayResends: number; ackedChunksResent: number; megabytes: number;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const started = Date.now();
  const log = o.log ?? (() => undefined);
  const random = seededRandom(o.seed ^ 0x5eed);
  const proxy = await startFaultProxy({ target: o.gateway, faults: [], rate: 0, seed: o.seed, holdMs: 10_000, restartMs: [300, 2_000] });
  const link: LinkEmulator | null = o.link && o.link !== 'loopback' ? await startLinkEmulator({ target: proxy.url, profile: o.link, seed: o.seed }) : null;
  const store = new MemoryCredentialStore();
  // The engine gives each request its own deadline from the line it measured (at least 5 s, more
  // for a large page or batch on a slow line: renderer/sync/link.ts); 3 s is the client's default.
  const client = new GatewayClient({ store, timeoutMs: 3_000, appVersion: 'soak' });
  const db = new KioskDb(`soak-${process.pid}-${started}`);
  const hostDir = mkdtempSync(path.join(tmpdir(), 'kiosk-soak-host-'));
  const intakes = Math.ceil(o.mutations / 2);
  const engine = new SyncEngine({
    db, transport: client, appVersion: 'soak',
    backoff: { baseMs: 100, capMs: 2_000 }, watchdogMs: 1_000, requestTimeoutMs: 5_000,
    leases: { target: Math.min(9_000, intakes + 20), lowWater: Math.min(9_000, intakes + 10) },
    retention: false,
    files: {},
  });
  const scans: { sha256: string; code: string; id: string }[] = [];
  try {
    // A lost enrollment answer would burn the single-use code: enroll before faults start.
    const identity = await client.enroll({ url: link?.url ?? proxy.url, code: o.enroll, deviceName: 'soak', kind: 'counter' });
    await engine.afterEnrollment(identity);
    proxy.setRandom(o.faults, o.faults.length ? o.rate : 0);
    await engine.start();
    const deadline = started + o.deadlineSeconds * 1000;
    // Intake needs the catalog and a code lease: wait for a first successful sync.
    while ((await db.leases.count()) === 0 || (await db.procedures.count()) === 0) {
      if (Date.now() > deadline) throw new Error('máy chủ tỉnh chưa gửi danh mục thủ tục hoặc dải mã trước hạn / no catalog or code lease from the gateway before the deadline');
      const s = await engine.syncNow();
      if (s.phase === 'idle' && s.lastError === null && (await db.procedures.count()) === 0) {
        throw new Error('máy chủ tỉnh chưa có danh mục thủ tục (chạy với --seed demo) / the gateway has no procedure catalog to receive dossiers for (serve it with --seed demo)');
      }
      await sleep(50);
    }
    const procedures = (await db.procedures.toArray()).filter((p) => p.active);
    const officers = (await db.staff.toArray()).filter((st) => st.active && st.role !== 'technician').sort((a, b) => a.id.localeCompare(b.id));
    const staffId = o.staff ?? officers[0]?.id;
    if (!staffId) throw new Error('máy chủ tỉnh chưa gửi cán bộ một cửa nào của cơ quan này (chạy với --seed demo, hoặc tạo: gateway -- staff create) / the gateway sent no counter officer for this agency (serve it with --seed demo, or create one: gateway -- staff create)');
    const signedIn = await signIn(db, staffId, o.pin ?? DEMO_PINS.counter, engine.now(), hostVault(hostDir));
    if (!signedIn.ok || !signedIn.signer) throw new Error(`không đăng nhập được với ${staffId} / could not sign in as ${staffId} (${signedIn.ok ? 'không có khóa ký / no signing key' : signedIn.reason})`);
    log(`đã đăng nhập / signed in: ${staffId}`);
    const ctx: ActionContext = { db, staffId, signer: signedIn.signer, now: engine.now };
    const ids: string[] = [];
    let made = 0;
    for (let i = 0; i < o.mutations; i++) {
      const movable = random() < 0.5 ? await pickMovable(db, random) : null;
      if (movable) {
        ids.push((await transition(ctx, movable)).mutationId);
      } else {
        const p = procedures[Math.floor(random() * procedures.length)]!;
        const citizenId = String(100_000_000_000 + Math.floor(random() * 899_999_999_999));
        const r = await intake(ctx, {
          procedureCode: p.code,
          applicant: {
            name: `Công Dân Thử ${i}`, idHash: await hashCitizenId(identity.idSalt, citizenId), idMasked: `*********${citizenId.slice(-3)}`,
            birthDate: '1990', sex: 'unknown', address: 'Xã Thử Nghiệm, Tuyên Quang', phone: null, email: null,
          },
          appointmentAt: new Date(engine.now() + (p.processingDays + 3) * 86_400_000).toISOString(),
        });
        ids.push(r.mutationId);
      }
      made++;
      if (i % 25 === 0) await sleep(1);
    }
    log(`đã tạo / created: ${made}`);
    let fileBytes = 0;
    if (o.files && o.files.count > 0) {
      const codes = (await db.dossiers.toArray()).map((d) => d.code).filter((c) => c.includes('-'));
      for (let i = 0; i < o.files.count; i++) {
        const size = Math.round((o.files.minMb + random() * (o.files.maxMb - o.files.minMb)) * 1024 * 1024);
        const bytes = syntheticScan(size, random);
        fileBytes += size;
        const code = codes[i % codes.length]!;
        const att = await attachFile(db, { dossierCode: code, component: `Thành phần ${1 + (i % 3)}`, file: new Blob([bytes], { type: 'image/jpeg' }), name: `trang-${i + 1}.jpg`, signer: signedIn.signer });
        scans.push({ sha256: att.sha256, code, id: att.id });
      }
      log(`đã đính kèm / attached: ${scans.length} tệp / files (${Math.round(fileBytes / 1024 / 1024)} MB)`);
    }
    const lane = engine.files!;
    while (Date.now() < deadline) {
      const s = engine.status.getSnapshot();
      const f = lane.getSnapshot();
      const waiting = scans.length > 0 ? await db.attachments.where('state').equals('pending').count() : 0;
      if (s.pending === 0 && s.phase === 'idle' && waiting === 0 && f.pending === 0) break;
      await sleep(200);
    }
    await engine.stop();
    proxy.setRandom([], 0);
    const states = await db.outbox.toArray();
    const count = (st: string[]) => states.filter((r) => st.includes(r.state)).length;
    const server = await askGateway(o.gateway, store, ids);
    const files = scans.length > 0 ? await askGatewayFiles(o.gateway, store, scans) : null;
    return {
      created: made,
      acknowledged: count(['done', 'conflict', 'dismissed']),
      pending: count(['pending']),
      rejected: count(['rejected']),
      serverRecords: server.applied,
      duplicates: server.duplicates,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      ...(link ? { link: { profile: link.profile.name, downBytes: link.stats.down.bytes, upBytes: link.stats.up.bytes, stalls: link.stats.down.stalls + link.stats.up.stalls } } : {}),
      ...(files ? {
        files: {
          created: scans.length, attached: files.attached, identical: files.identical, duplicates: files.duplicates,
          chunksSent: engine.files!.stats.chunksSent, chunksUnanswered: engine.files!.stats.chunksUnanswered,
          gatewayResends: files.resent, ackedChunksResent: engine.files!.stats.ackedResent, megabytes: Math.round(fileBytes / 1024 / 1024),
        },
      } : {}),
    };
  } finally {
    await engine.stop();
    db.close();
    await link?.close();
    await proxy.close();
    rmSync(hostDir, { recursive: true, force: true });
  }
}

/** A dossier of ours that can still move on, with a status it may move to (domain rule). */
async function pickMovable(db: KioskDb, random: () => number): Promise<{ code: string; to: number } | null> {
  const rows = await db.dossiers.where('status').anyOf(2, 4, 5, 6, 9).limit(200).toArray();
  const candidates = rows.filter((d) => isDossierStatus(d.status) && ALLOWED_TRANSITIONS[d.status].length > 0);
  const d = candidates[Math.floor(random() * candidates.length)];
  if (!d || !isDossierStatus(d.status)) return null;
  const next = ALLOWED_TRANSITIONS[d.status];
  return { code: d.code, to: next[Math.floor(random() * next.length)]! };
}

/** Asks the gateway directly (not through the proxy) what it applied for our ids. */
async function askGateway(gateway: string, store: MemoryCredentialStore, ids: string[]): Promise<{ applied: number; duplicates: number }> {
  const cred = await store.load();
  if (!cred) throw new Error('mất chứng thư thiết bị / lost the device credential');
  const direct = new MemoryCredentialStore();
  await direct.save({ ...cred, gatewayUrl: gateway });
  const client = new GatewayClient({ store: direct, timeoutMs: 30_000 });
  let applied = 0;
  let duplicates = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const res = await client.request({ method: 'POST', path: PATHS.mutationStatus, body: { ids: ids.slice(i, i + 1000) } });
    const parsed = MutationStatusResponse.safeParse(res.body);
    if (res.status !== 200 || !parsed.success) throw new Error(`hỏi trạng thái thay đổi thất bại / mutation status query failed (${res.status})`);
    for (const item of parsed.data.items) {
      if (item.status === 'applied' && item.effects >= 1) applied++;
      if (item.effects > 1) duplicates++;
    }
  }
  return { applied, duplicates };
}

/** A synthetic scan of `size` bytes: a JPEG signature, then seeded noise (incompressible, like a photo). */
function syntheticScan(size: number, random: () => number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(size);
  const words = new Uint32Array(b.buffer, 0, Math.floor(size / 4));
  let x = Math.floor(random() * 0xffffffff) | 1;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    words[i] = x >>> 0;
  }
  b.set([0xff, 0xd8, 0xff, 0xe0]);
  b.set([0xff, 0xd9], b.length - 2);
  return b;
}

/** Asks the gateway directly: each file's bytes (hashed), the dossiers' attachments, the chunk resends it saw. */
async function askGatewayFiles(gateway: string, store: MemoryCredentialStore, made: { sha256: string; code: string; id: string }[]): Promise<{ attached: number; identical: number; duplicates: number; resent: number }> {
  const cred = await store.load();
  if (!cred) throw new Error('mất chứng thư thiết bị / lost the device credential');
  const direct = new MemoryCredentialStore();
  await direct.save({ ...cred, gatewayUrl: gateway });
  const client = new GatewayClient({ store: direct, timeoutMs: 60_000 });
  const ours = new Set(made.map((m) => m.id));
  const seen = new Map<string, number>();
  for (const code of new Set(made.map((m) => m.code))) {
    const res = await client.request({ method: 'GET', path: attachmentsPath(code) });
    if (res.status !== 200) continue;
    for (const a of AttachmentList.parse(res.body).attachments) if (ours.has(a.id)) seen.set(a.id, (seen.get(a.id) ?? 0) + 1);
  }
  let identical = 0;
  let resent = 0;
  for (const sha256 of new Set(made.map((m) => m.sha256))) {
    const res = await fetch(new URL(filePath(sha256), gateway), { headers: { authorization: `Bearer ${cred.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
    if (res.ok && res.body) {
      const h = createHash('sha256');
      const reader = res.body.getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) h.update(r.value);
      if (h.digest('hex') === sha256) identical += made.filter((m) => m.sha256 === sha256).length;
    } else {
      await res.body?.cancel();
    }
    const st = await client.request({ method: 'GET', path: chunksPath(sha256) });
    if (st.status === 200) resent += FileState.parse(st.body).resent ?? 0;
  }
  return { attached: seen.size, identical, duplicates: [...seen.values()].filter((n) => n > 1).length, resent };
}

function die(message: string, code = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

const USAGE = 'Cách dùng / usage: sync soak --gateway URL --enroll CODE --mutations N [--faults drop,timeout,500,restart,cut-mid] [--link 4g-good|4g-poor|adsl-busy] [--seed S] [--rate R] [--deadline SECONDS] [--staff ID] [--files N --file-size MB|MIN-MAX]\n'
  + '(mã PIN của cán bộ: KIOSK_STAFF_PIN, mặc định PIN cán bộ một cửa của dữ liệu mẫu / the officer\'s PIN: KIOSK_STAFF_PIN, default the demo counter PIN)';

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'help' || argv.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (command !== 'soak') die(USAGE);
  let v: Record<string, string | undefined>;
  try {
    v = parseArgs({
      args: rest,
      options: {
        gateway: { type: 'string' }, enroll: { type: 'string' }, mutations: { type: 'string' },
        faults: { type: 'string' }, link: { type: 'string' }, seed: { type: 'string' }, rate: { type: 'string' }, deadline: { type: 'string' }, staff: { type: 'string' },
        files: { type: 'string' }, 'file-size': { type: 'string' },
      },
    }).values as Record<string, string | undefined>;
  } catch (err) {
    die(`Tham số không hợp lệ / invalid arguments: ${(err as Error).message}\n${USAGE}`);
  }
  const mutations = Number(v.mutations);
  if (!v.gateway || !v.enroll || !Number.isInteger(mutations) || mutations < 1) die(USAGE);
  const faults = (v.faults ?? '').split(',').map((f) => f.trim()).filter((f) => f.length > 0);
  const bad = faults.filter((f) => !(FAULT_KINDS as readonly string[]).includes(f));
  if (bad.length) die(`Lỗi giả lập không rõ / unknown fault(s): ${bad.join(', ')} (có / known: ${FAULT_KINDS.join(', ')})`);
  if (v.link !== undefined && !isLinkProfileName(v.link)) die(`Kiểu đường truyền không rõ / unknown link profile: ${v.link} (có / known: ${LINK_PROFILE_NAMES.join(', ')})`);
  let files: SoakOptions['files'];
  if (v['file-size'] !== undefined && v.files === undefined) die(`--file-size chỉ đi cùng --files N / --file-size goes with --files N\n${USAGE}`);
  if (v.files !== undefined) {
    const count = Number(v.files);
    const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(v['file-size'] ?? '2-8');
    if (!Number.isInteger(count) || count < 1 || !m) die(`--files N --file-size MB|MIN-MAX\n${USAGE}`);
    const minMb = Number(m[1]);
    const maxMb = Number(m[2] ?? m[1]);
    if (!(minMb > 0) || maxMb < minMb || maxMb * 1024 * 1024 > MAX_FILE_BYTES) die(`--file-size: từ 0 đến ${MAX_FILE_BYTES / 1024 / 1024} MB, MIN ≤ MAX / between 0 and ${MAX_FILE_BYTES / 1024 / 1024} MB, MIN ≤ MAX`);
    files = { count, minMb, maxMb };
  }
  const result = await runSoak({
    gateway: v.gateway,
    enroll: v.enroll,
    mutations,
    faults: faults as FaultKind[],
    ...(v.link !== undefined && isLinkProfileName(v.link) ? { link: v.link } : {}),
    seed: v.seed === undefined ? 1 : Number(v.seed) || 0,
    rate: v.rate === undefined ? 0.15 : Number(v.rate),
    deadlineSeconds: v.deadline === undefined ? Math.max(120, Math.ceil(mutations / 20)) + (files ? files.count * files.maxMb * 2 : 0) : Number(v.deadline),
    ...(v.staff ? { staff: v.staff } : {}),
    ...(process.env.KIOSK_STAFF_PIN ? { pin: process.env.KIOSK_STAFF_PIN } : {}),
    ...(files ? { files } : {}),
    log: (m) => process.stderr.write(`${m}\n`),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => die(`sync: Lỗi / error: ${err instanceof Error ? err.message : String(err)}`, 1),
  );
}
