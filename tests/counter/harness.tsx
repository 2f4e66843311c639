/**
 * Renders the counter screen with real parts: the host's services and bridge dispatcher (as in
 * tests/citizen/harness), a real KioskDb over fake-indexeddb seeded like an enrolled device
 * (identity, staff with PBKDF2 PIN hashes from the gateway's own `hashPin`, the demo catalog,
 * holidays, a lease for today), the real scan stream, and i18next with the app's namespaces.
 */
import { render, act, fireEvent, screen, type RenderResult } from '@testing-library/react';
import i18next, { type i18n } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import type { RawScan } from '../../src/shared/scan/raw-scan';
import type { DeviceIdentity, Staff } from '../../src/shared/protocol';
import { createHostServices, type HostServices } from '../../src/main/services';
import { AppServicesProvider, type AppServices } from '../../src/renderer/app-services';
import { KioskDb, META, type DossierRow } from '../../src/renderer/db/database';
import { vietnamDay } from '../../src/renderer/db/actions';
import { createScanStream, type ScanStream } from '../../src/renderer/scanners/scan-stream';
import { ScanStreamContext } from '../../src/renderer/scanners/use-scans';
import { CounterApp, type CounterAppProps } from '../../src/renderer/counter/CounterApp';
import counter from '../../src/renderer/i18n/counter';
import sync from '../../src/renderer/i18n/sync';
import scanners from '../../src/renderer/i18n/scanners';
import citizen from '../../src/renderer/i18n/citizen';
import { hashPin } from '../../src/gateway/crypto';
import { DEMO_PROCEDURES } from '../../src/gateway/demo/catalog';
import { bridgeOver, dossierRow, until } from '../citizen/harness';

export { dossierRow, until };

export const AGENCY = '000.17.22.H56';
/** 2026-03-10 10:00 Vietnam time (a Tuesday). */
export const NOW = Date.parse('2026-03-10T03:00:00.000Z');
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

let n = 0;
export const uniqueName = (): string => `counter-${process.pid}-${Date.now()}-${++n}`;

export function makeI18n(lang: 'vi' | 'en' = 'vi'): i18n {
  const inst = i18next.createInstance();
  const ns = { counter, sync, scanners, citizen };
  void inst.use(initReactI18next).init({
    lng: lang, fallbackLng: 'vi', ns: Object.keys(ns), defaultNS: 'counter',
    resources: {
      vi: Object.fromEntries(Object.entries(ns).map(([k, v]) => [k, v.vi])),
      en: Object.fromEntries(Object.entries(ns).map(([k, v]) => [k, v.en])),
    },
    interpolation: { escapeValue: false }, initImmediate: false,
  } as never);
  return inst;
}

export interface Counter {
  db: KioskDb;
  host: HostServices;
  stream: ScanStream;
  i18n: i18n;
  view: RenderResult;
  clock: { now: number };
  scan(text: string, source?: RawScan['source']): void;
  close(): Promise<void>;
}

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

export async function startCounter(opts: { rows?: DossierRow[]; props?: CounterAppProps; db?: KioskDb } = {}): Promise<Counter> {
  const db = opts.db ?? new KioskDb(uniqueName());
  if (!opts.db) {
    await db.open();
    await seedDb(db, opts.rows);
  }
  const host = await createHostServices({ name: 'test', version: '0.0.0', gatewayUrl: null, scanners: [], dataDir: null });
  const bridge = bridgeOver(host);
  const stream = createScanStream({ bridge, dedupeMs: 0 });
  const i18n = makeI18n();
  const clock = { now: NOW };
  const services: AppServices = { kiosk: bridge, scans: stream, db, sync: null, i18n, role: 'counter', now: () => clock.now };
  const view = render(
    <I18nextProvider i18n={i18n}>
      <AppServicesProvider value={services}>
        <ScanStreamContext.Provider value={stream}>
          <CounterApp feeAccount={{ bin: '970415', account: '113366668888', accountName: 'UBND PHUONG HAM RONG' }} {...opts.props} />
        </ScanStreamContext.Provider>
      </AppServicesProvider>
    </I18nextProvider>,
  );
  let at = NOW;
  return {
    db, host, stream, i18n, view, clock,
    scan(text, source = 'serial') {
      act(() => { stream.push({ source, device: 'serial-1', text, at: (at += 1000) }); });
    },
    async close() {
      view.unmount();
      stream.dispose();
      db.close();
      await host.close();
    },
  };
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
