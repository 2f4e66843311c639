/**
 * The counter screen on the shared screen harness (tests/helpers/render-screen): the host's
 * services and bridge dispatcher, the real scan stream and the app's translations. What is the
 * counter's own: a KioskDb seeded like an enrolled device (identity, staff with PBKDF2 PIN hashes
 * from the gateway's own `hashPin`, the demo catalog, a lease for today), a clock the test moves,
 * the fee account prop, and signing in through the real form.
 */
import { fireEvent, screen } from '@testing-library/react';
import type { DeviceIdentity, Staff } from '../../src/shared/protocol';
import { KioskDb, META, type DossierRow } from '../../src/renderer/db/database';
import { vietnamDay } from '../../src/renderer/db/actions';
import { CounterApp, type CounterAppProps } from '../../src/renderer/counter/CounterApp';
import { hashPin } from '../../src/gateway/crypto';
import { DEMO_PROCEDURES } from '../../src/gateway/demo/catalog';
import { renderScreen, uniqueDbName, until, type Screen } from '../helpers/render-screen';
import { AGENCY, NOW } from '../helpers/screen-fixtures';

import type { SyncEngine } from '../../src/renderer/sync/engine';
import type { HostServices } from '../../src/main/services';
export { AGENCY, NOW, dossierRow } from '../helpers/screen-fixtures';
export { until };

export const PIN = '270419';
// Minimum iterations the protocol allows: the hash format is the real one, only cheaper to test.
const PIN_HASH = hashPin(PIN, 1000);

export const STAFF: Staff[] = [
  { id: 'c1', agencyCode: AGENCY, name: 'Nguyễn Thị Lan', title: '', role: 'counter', pin: PIN_HASH, proofSalt: 'test-proof-salt-0001', active: true, updatedAt: '2026-01-01T00:00:00.000Z' },
  { id: 'c2', agencyCode: AGENCY, name: 'Ma Văn Hùng', title: '', role: 'counter', pin: PIN_HASH, proofSalt: 'test-proof-salt-0001', active: true, updatedAt: '2026-01-01T00:00:00.000Z' },
  { id: 't1', agencyCode: AGENCY, name: 'Hoàng Đức Minh', title: '', role: 'technician', pin: PIN_HASH, proofSalt: 'test-proof-salt-0001', active: true, updatedAt: '2026-01-01T00:00:00.000Z' },
];

export const IDENTITY: DeviceIdentity = {
  deviceId: 'dev-counter-1', deviceName: 'Quầy 1', kind: 'counter',
  agency: { code: AGENCY, name: 'UBND phường Hàm Rồng' }, counter: 'Quầy 1',
  province: { code: 'H56', name: 'Thanh Hóa' }, idSalt: 'test-salt',
};

// Synthetic CCCD (fake number, invented person).
export const CCCD = '001095012345||Trần Thị Thử|17051995|Nữ|Số 9, Thôn Thử Nghiệm, Xã Tân Trào, Tỉnh Tuyên Quang|01072021';
/** "Huỳnh Hiếu Thuận" as UTF-8 read as Big5 (DOMAIN.md §2). */
export const MOJIBAKE_CCCD = '001095012345||Hu廙軟h Hi廕簑 Thu廕要|17051995|Nam|Số 9, Xã Tân Trào|01072021';

export const uniqueName = (): string => uniqueDbName('counter');

export type Counter = Screen & { db: KioskDb };

export async function seedDb(db: KioskDb, rows: DossierRow[] = []): Promise<void> {
  await db.setMeta(META.identity, IDENTITY);
  await db.staff.bulkPut(STAFF);
  const at = '2026-01-01T00:00:00.000Z';
  await db.procedures.bulkPut(DEMO_PROCEDURES.map((p) => ({ ...p, active: true, updatedAt: at })));
  const day = vietnamDay(NOW);
  await db.leases.put({
    id: 'lease-1', agencyCode: AGENCY, day, first: 21, last: 60, next: 21,
    issuedAt: at, expiresAt: '2026-03-10T16:59:59.999Z', releasedAt: null,
  });
  if (rows.length) await db.dossiers.bulkPut(rows);
}

export async function startCounter(opts: { rows?: DossierRow[]; props?: CounterAppProps; db?: KioskDb; sync?: SyncEngine; host?: HostServices } = {}): Promise<Counter> {
  const fee = { bin: '970415', account: '113366668888', accountName: 'UBND PHUONG HAM RONG' };
  const s = await renderScreen(<CounterApp feeAccount={fee} {...opts.props} />, {
    db: opts.db,
    ...(opts.sync ? { sync: opts.sync } : {}),
    ...(opts.host ? { host: opts.host } : {}),
    now: NOW,
    ns: 'counter',
    // A database handed over is already seeded (a reload keeps what was stored).
    prepare: opts.db ? undefined : ({ db }) => seedDb(db!, opts.rows),
  });
  return s as Counter;
}

/** Signs in as `staffId` with `pin` through the real form. */
export async function enterPin(staffId: string, pin: string): Promise<void> {
  await until(() => screen.queryByTestId(`staff-${staffId}`) !== null);
  fireEvent.click(screen.getByTestId(`staff-${staffId}`));
  fireEvent.change(screen.getByTestId('pin'), { target: { value: pin } });
  fireEvent.click(screen.getByTestId('sign-in'));
}

/** Signs in through the real form and waits for the workspace. */
export async function signInAs(staffId = 'c1', pin = PIN): Promise<void> {
  await enterPin(staffId, pin);
  await until(() => screen.queryByTestId('workspace') !== null);
}

/** Picks the first procedure the intake's search finds for `query` (typed as an officer would). */
export async function chooseProcedure(query: string): Promise<void> {
  fireEvent.change(screen.getByTestId('procedure-search'), { target: { value: query } });
  await until(() => screen.queryAllByTestId('procedure-option').length > 0);
  fireEvent.click(screen.getAllByTestId('procedure-option')[0]!);
}

/** Scans the test CCCD, waits for the intake it opens, and picks the first procedure found for `query`. */
export async function intakeFromCard(c: Screen, query: string): Promise<void> {
  c.scan(CCCD);
  await until(() => screen.queryByTestId('intake') !== null);
  await chooseProcedure(query);
}
