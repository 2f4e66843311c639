/** Local-only fixtures for sync tests: a fresh database seeded as an enrolled counter would be. */
import type { DBCore, DBCoreMutateRequest } from 'dexie';
import { KioskDb } from '../../src/renderer/db/database';
import { vietnamDay } from '../../src/renderer/db/actions';
import type { Migration } from '../../src/renderer/db/migrations';
import type { DeviceIdentity, Procedure } from '../../src/shared/protocol';

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

/** A database seeded with identity, one procedure and a lease for today (no gateway). */
export async function seededDb(opts: { migrations?: readonly Migration[]; count?: number; now?: number; beforeOpen?: (db: KioskDb) => void } = {}): Promise<KioskDb> {
  const db = new KioskDb(uniqueName(), opts.migrations ? { migrations: opts.migrations } : {});
  opts.beforeOpen?.(db);
  await db.open();
  const now = opts.now ?? Date.now();
  await db.meta.put({ key: 'identity', value: IDENTITY });
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
