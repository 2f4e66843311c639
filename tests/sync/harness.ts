/**
 * A real gateway on loopback (PGlite), the fault proxy in front of it, and kiosks made of the real
 * parts: Dexie over fake-indexeddb, the host's GatewayClient, the sync engine. Nothing is mocked.
 */
import { createGateway, type Gateway } from '../../src/gateway/gateway';
import { upsertProcedures } from '../../src/gateway/store/catalog';
import { createEnrollCode, ensureAgency } from '../../src/gateway/store/devices';
import { DEMO_PINS, demoStaffIds, seedStaff } from '../../src/gateway/demo/seed';
import type { Db } from '../../src/gateway/db/types';
import { GatewayClient } from '../../src/main/gateway-client/client';
import { MemoryCredentialStore } from '../../src/main/gateway-client/credentials';
import { hashCitizenId, intake, transition, type ActionContext } from '../../src/renderer/db/actions';
import { KioskDb, type DossierRow } from '../../src/renderer/db/database';
import { SyncEngine, type SyncEngineOptions } from '../../src/renderer/sync/engine';
import type { SyncTransport } from '../../src/renderer/sync/transport';
import { ChangesPage, MutationStatusResponse, PATHS, type DeviceIdentity, type DeviceKind, type Dossier, type Procedure } from '../../src/shared/protocol';
import { startFaultProxy, type FaultProxy } from '../../src/cli/fault-proxy';
import { startGateway } from '../helpers/gateway';
import type { OfficerSigner } from '../../src/renderer/trust/officer-key';
import { AGENCY, signInOfficer, testVault, uniqueName } from './fixtures';

/** The agency's demo counter officers (seeded in the harness's gateway) and their PIN. */
export const OFFICERS = demoStaffIds(AGENCY).counter;
export const OFFICER_PIN = DEMO_PINS.counter;

export const PROCEDURES: Procedure[] = [
  { code: '1.001193', name: 'Đăng ký khai sinh', field: 'Hộ tịch', processingDays: 3, fees: [{ id: 'f1', name: 'Lệ phí', amount: 8000 }], documents: ['Tờ khai'], active: true, updatedAt: '2025-01-01T00:00:00.000Z' },
  { code: '1.000894', name: 'Đăng ký kết hôn', field: 'Hộ tịch', processingDays: 0, fees: [], documents: ['Tờ khai'], active: true, updatedAt: '2025-01-01T00:00:00.000Z' },
];

export interface Kiosk {
  db: KioskDb;
  client: GatewayClient;
  store: MemoryCredentialStore;
  engine: SyncEngine;
  identity: DeviceIdentity;
  /** The officer signed in on this kiosk (through the counter's real sign-in: key made, sealed, registered by sync). */
  signer: OfficerSigner;
  ctx: ActionContext;
  intake(i: number): Promise<string>;
  transition(code: string, to: number): Promise<string>;
  /** Waits until nothing is pending and the engine is idle. */
  drained(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface Harness {
  gw: Gateway;
  /** The gateway's own address (bypasses the proxy). */
  directUrl: string;
  proxy: FaultProxy;
  enrollCode(agency?: string, kind?: DeviceKind): Promise<string>;
  kiosk(opts?: Partial<Omit<SyncEngineOptions, 'transport'>> & {
    transport?: (client: GatewayClient) => SyncTransport; beforeOpen?: (db: KioskDb) => void; clientTimeoutMs?: number;
    /** Which of the agency's demo counter officers signs in (default the first). */
    officer?: 0 | 1;
  }): Promise<Kiosk>;
  /** A consistent copy of the gateway's database, taken while it runs. */
  backup(): Promise<Blob>;
  /** Stops the gateway (finishing in-flight batches) and starts it on `backup`, behind the same proxy. */
  restore(backup: Blob): Promise<void>;
  /** Stops and closes every kiosk made so far (between tests, so idle engines do not load the gateway). */
  closeKiosks(): Promise<void>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const first = await startGateway();
  let gw = first.gateway;
  await upsertProcedures(gw.db, PROCEDURES);
  // The agency's officers, with their PIN verifiers (sent to counters) and proof keys (kept here).
  await ensureAgency(gw.db, AGENCY);
  await seedStaff(gw.db, AGENCY);
  const proxy = await startFaultProxy({ target: first.url, holdMs: 10_000 });
  const kiosks: Kiosk[] = [];

  const h: Harness = {
    gw, directUrl: first.url, proxy,
    async enrollCode(agency = AGENCY, kind: DeviceKind = 'counter') {
      return (await createEnrollCode(gw.db, { agency, kind })).code;
    },
    async kiosk(opts = {}) {
      const store = new MemoryCredentialStore();
      const client = new GatewayClient({ store, timeoutMs: opts.clientTimeoutMs ?? 2_000, appVersion: 'test' });
      const db = new KioskDb(uniqueName('kiosk'));
      opts.beforeOpen?.(db);
      await db.open();
      const identity = await client.enroll({ url: proxy.url, code: await h.enrollCode(), deviceName: 'test' });
      const { transport, beforeOpen: _b, clientTimeoutMs: _t, officer = 0, ...rest } = opts;
      const engine = new SyncEngine({
        db, transport: transport ? transport(client) : client, appVersion: 'test',
        backoff: { baseMs: 50, capMs: 500 }, watchdogMs: 500, requestTimeoutMs: 3_000, retention: false,
        // Each kiosk holds numbers for today and tomorrow; an agency has 9,999 a day to share.
        leases: { target: 120, lowWater: 60 },
        ...rest,
      });
      await engine.afterEnrollment(identity);
      await engine.start();
      // Intake needs the catalog and a code lease from the first sync, sign-in the staff it brings.
      await engine.whenIdle();
      const signer = await signInOfficer(db, { staffId: OFFICERS[officer], pin: OFFICER_PIN, vault: testVault() });
      const ctx: ActionContext = { db, staffId: signer.staffId, signer, now: engine.now };
      const k: Kiosk = {
        db, client, store, engine, identity, signer, ctx,
        async intake(i) {
          const citizenId = String(100_000_000_000 + i);
          const r = await intake(ctx, {
            procedureCode: PROCEDURES[i % 2]!.code,
            applicant: {
              name: `Công Dân ${i}`, idHash: await hashCitizenId(identity.idSalt, citizenId), idMasked: null,
              birthDate: null, sex: 'unknown', address: 'Xã Thử, Tuyên Quang', phone: null, email: null, citizenId,
            },
            appointmentAt: new Date(engine.now() + 5 * 86_400_000).toISOString(),
          });
          return r.code;
        },
        async transition(code, to) {
          return (await transition(ctx, { code, to })).mutationId;
        },
        async drained(timeoutMs = 30_000) {
          const until = Date.now() + timeoutMs;
          await engine.whenIdle();
          if (engine.status.getSnapshot().retryAt === null) await engine.syncNow();
          for (;;) {
            const s = engine.status.getSnapshot();
            if (s.pending === 0 && s.phase === 'idle' && !engine.isRunning) return;
            if (Date.now() > until) throw new Error(`not drained: ${JSON.stringify(s)}`);
            await new Promise((r) => setTimeout(r, 25));
          }
        },
        async close() {
          await engine.stop();
          db.close();
        },
      };
      kiosks.push(k);
      return k;
    },
    async backup() {
      return (gw.db as Db & { dump(): Promise<Blob> }).dump();
    },
    async restore(backup) {
      await gw.close();
      gw = await createGateway({ storage: { kind: 'pglite', template: backup } });
      h.gw = gw;
      h.directUrl = await gw.listen(0);
      proxy.retarget(h.directUrl);
    },
    async closeKiosks() {
      for (const k of kiosks.splice(0)) await k.close();
      h.proxy.heal();
    },
    async close() {
      for (const k of kiosks) await k.close();
      await proxy.close();
      await gw.close();
    },
  };
  return h;
}

/** What the gateway recorded for these mutation ids (asked directly, not through the proxy). */
export async function serverView(h: Harness, k: Kiosk, ids: string[]): Promise<{ applied: number; duplicates: number; unknown: number }> {
  const cred = (await k.store.load())!;
  const store = new MemoryCredentialStore();
  await store.save({ ...cred, gatewayUrl: h.directUrl });
  const client = new GatewayClient({ store, timeoutMs: 10_000 });
  let applied = 0, duplicates = 0, unknown = 0;
  for (let i = 0; i < ids.length; i += 1000) {
    const res = await client.request({ method: 'POST', path: PATHS.mutationStatus, body: { ids: ids.slice(i, i + 1000) } });
    for (const it of MutationStatusResponse.parse(res.body).items) {
      if (it.status === 'applied') applied++;
      if (it.effects > 1) duplicates++;
      if (!it.known) unknown++;
    }
  }
  return { applied, duplicates, unknown };
}

/** Every dossier of the kiosk's agency as the gateway has them (a full feed read, directly). */
export async function serverDossiers(h: Harness, k: Kiosk): Promise<Map<string, Dossier>> {
  const cred = (await k.store.load())!;
  const store = new MemoryCredentialStore();
  await store.save({ ...cred, gatewayUrl: h.directUrl });
  const client = new GatewayClient({ store, timeoutMs: 10_000 });
  const out = new Map<string, Dossier>();
  let cursor: string | undefined;
  for (;;) {
    const res = await client.request({ method: 'GET', path: `${PATHS.changes}?limit=1000${cursor ? `&cursor=${cursor}` : ''}` });
    const page = ChangesPage.parse(res.body);
    for (const it of page.items) if (it.type === 'dossier') out.set(it.data.code, it.data);
    cursor = page.cursor;
    if (!page.hasMore) return out;
  }
}

/** The kiosk's rows with local bookkeeping removed, comparable with the server's. */
export async function kioskDossiers(k: Kiosk): Promise<Map<string, Dossier>> {
  const rows: DossierRow[] = await k.db.dossiers.toArray();
  return new Map(rows.map(({ pendingOps: _p, pulledEpoch: _e, base: _b, ...d }) => [d.code, d]));
}

export function allIds(k: Kiosk): Promise<string[]> {
  return k.db.outbox.toArray().then((rows) => rows.map((r) => r.id));
}
