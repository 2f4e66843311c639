/** Local-only fixtures for sync tests: a fresh database seeded as an enrolled counter would be. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { KioskDb } from '../../src/renderer/db/database';
import { vietnamDay, type ActionContext } from '../../src/renderer/db/actions';
import type { Migration } from '../../src/renderer/db/migrations';
import { signIn } from '../../src/renderer/counter/pin';
import type { KeyVault, OfficerSigner } from '../../src/renderer/trust/officer-key';
import { FileSecretStore, KeySealer } from '../../src/main/secrets';
import { hashPin } from '../../src/gateway/crypto';
import type { DeviceIdentity, Procedure, Staff } from '../../src/shared/protocol';

let n = 0;
export function uniqueName(prefix = 'kiosk-test'): string {
  return `${prefix}-${process.pid}-${Date.now()}-${++n}`;
}

export const AGENCY = '000.17.22.H56';

export const IDENTITY: DeviceIdentity = {
  deviceId: 'dev-local',
  deviceName: 'Quầy 1',
  kind: 'counter',
  agency: { code: AGENCY, name: 'UBND xã Thử Nghiệm' },
  counter: 'Quầy 1',
  province: { code: 'H56', name: 'Tỉnh Thử Nghiệm' },
  idSalt: 'salt',
};

export const PROCEDURE: Procedure = {
  code: '1.001193',
  name: 'Đăng ký khai sinh',
  field: 'Hộ tịch',
  processingDays: 3,
  fees: [{ id: 'f1', name: 'Lệ phí', amount: 8000 }],
  documents: ['Tờ khai'],
  active: true,
  updatedAt: '2025-01-01T00:00:00.000Z',
};

export const OFFICER_PIN = '270419';
/** A counter officer as the feed sends one (a cheap PIN hash: the format is the real one). */
export const OFFICER: Staff = {
  id: 'staff-1', agencyCode: AGENCY, name: 'Nguyễn Thị Lan', title: '', role: 'counter', pin: hashPin(OFFICER_PIN, 1000),
  proofSalt: 'test-proof-salt-0001', active: true, updatedAt: '2025-01-01T00:00:00.000Z',
};

/** The host's key sealing (keys.seal / keys.open) over a fresh data folder, as a renderer sees it. */
export function testVault(): KeyVault {
  const sealer = new KeySealer(new FileSecretStore(mkdtempSync(path.join(tmpdir(), 'kiosk-keys-'))));
  return {
    seal: async (data) => sealer.seal(Buffer.from(data, 'base64')),
    open: async (sealed) => (await sealer.open(sealed)).toString('base64'),
  };
}

/** Signs `staffId` in through the counter's real sign-in (PIN check, key made or opened). */
export async function signInOfficer(db: KioskDb, opts: { staffId?: string; pin?: string; vault?: KeyVault } = {}): Promise<OfficerSigner> {
  const r = await signIn(db, opts.staffId ?? OFFICER.id, opts.pin ?? OFFICER_PIN, Date.now(), opts.vault ?? testVault());
  if (!r.ok || !r.signer) throw new Error(`sign-in failed: ${JSON.stringify(r)}`);
  return r.signer;
}

/** An action context for a signed-in officer. */
export async function officerCtx(db: KioskDb, opts: { staffId?: string; pin?: string; vault?: KeyVault; now?: () => number } = {}): Promise<ActionContext> {
  const signer = await signInOfficer(db, opts);
  return { db, staffId: signer.staffId, signer, now: opts.now ?? Date.now };
}

/** A database seeded with identity, the officer, one procedure and a lease for today (no gateway). */
export async function seededDb(opts: { migrations?: readonly Migration[]; count?: number; now?: number; beforeOpen?: (db: KioskDb) => void } = {}): Promise<KioskDb> {
  const db = new KioskDb(uniqueName(), opts.migrations ? { migrations: opts.migrations } : {});
  opts.beforeOpen?.(db);
  await db.open();
  const now = opts.now ?? Date.now();
  await db.meta.put({ key: 'identity', value: IDENTITY });
  await db.staff.put(OFFICER);
  await db.procedures.put(PROCEDURE);
  await db.leases.put({
    id: 'lease-1', agencyCode: AGENCY, day: vietnamDay(now), first: 1, last: opts.count ?? 50, next: 1,
    issuedAt: new Date(now).toISOString(), expiresAt: new Date(now + 86_400_000).toISOString(), releasedAt: null,
  });
  return db;
}

export const applicant = (i: number) => ({
  name: `Nguyễn Văn Thử ${i}`,
  idHash: (i.toString(16).padStart(2, '0')).repeat(32).slice(0, 64),
  idMasked: '*********001',
  birthDate: '1990-01-01',
  sex: 'male' as const,
  address: 'Thôn 1, Xã Thử Nghiệm, Tuyên Quang',
  phone: null,
  email: null,
});

/** Storage faults injected at the Dexie edge (DBCore), where IndexedDB itself would fail. */
export function installStorageFaults(db: KioskDb): { failWrites(tables: string[] | 'all', name?: string): void; heal(): void } {
  let failing: { tables: string[] | 'all'; name: string } | null = null;
  db.use({
    stack: 'dbcore',
    name: 'storage-faults',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(tableName: string) {
        const t = down.table(tableName);
        return {
          ...t,
          mutate(req: DBCoreMutateRequest) {
            if (failing && (failing.tables === 'all' || failing.tables.includes(tableName))) {
              return Promise.reject(new DOMException('The quota has been exceeded.', failing.name));
            }
            return t.mutate(req);
          },
        };
      },
    }),
  });
  return {
    failWrites(tables, name = 'QuotaExceededError') { failing = { tables, name }; },
    heal() { failing = null; },
  };
}
