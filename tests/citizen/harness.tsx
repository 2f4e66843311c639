/**
 * Renders the citizen kiosk with real parts: the host's own services and bridge dispatcher (the
 * very handlers both hosts use, with a real GatewayClient), Dexie over fake-indexeddb, the real
 * scan stream, and i18next with the `citizen` namespace. Only the WebSocket between page and host
 * is left out.
 */
import { render, act, type RenderResult } from '@testing-library/react';
import i18next, { type i18n } from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import { BridgeError, type KioskBridge, type EventName } from '../../src/shared/bridge/contract';
import type { RawScan } from '../../src/shared/scan/raw-scan';
import { createDispatcher } from '../../src/main/bridge/dispatcher';
import { createHostServices, type HostServices } from '../../src/main/services';
import { AppServicesProvider, type AppServices } from '../../src/renderer/app-services';
import { KioskDb, META, type DossierRow } from '../../src/renderer/db/database';
import { toCitizenView } from '../../src/shared/dossier';
import type { DeviceIdentity } from '../../src/shared/protocol';
import { createScanStream, type ScanStream } from '../../src/renderer/scanners/scan-stream';
import { ScanStreamContext } from '../../src/renderer/scanners/use-scans';
import { CitizenKiosk, type CitizenKioskProps } from '../../src/renderer/citizen/CitizenKiosk';
import citizen from '../../src/renderer/i18n/citizen';
import { maskCitizenId } from '../../src/shared/privacy/mask';

let n = 0;
export const uniqueName = (): string => `citizen-${process.pid}-${Date.now()}-${++n}`;

/** 2026-03-10 10:00 Vietnam time. */
export const NOW = Date.parse('2026-03-10T03:00:00.000Z');
export const AGENCY = '000.17.22.H56';

// Synthetic person: the test checks that none of these reach the DOM.
export const PERSON = {
  name: 'Nguyễn Văn Thử',
  citizenId: '001095012345',
  phone: '0912345678',
  address: 'Số 7 Ngõ Thử Nghiệm, Phường Hàm Rồng, Thanh Hóa',
};

export function dossierRow(code: string, status: number, extra: Partial<DossierRow> = {}): DossierRow {
  return {
    code, agencyCode: AGENCY, procedureCode: '1.001193', procedureName: 'Đăng ký khai sinh',
    applicant: {
      name: PERSON.name, idHash: 'ab'.repeat(32), idMasked: maskCitizenId(PERSON.citizenId), birthDate: '1995-07-12',
      sex: 'male', address: PERSON.address, phone: PERSON.phone, email: 'thu@example.invalid',
    },
    channel: 1, status, documents: ['Tờ khai'],
    receivedAt: '2026-03-05T02:00:00.000Z',
    // Monday 16 March 2026, 16:00 in Vietnam.
    appointmentAt: '2026-03-16T09:00:00.000Z',
    finishedAt: status >= 9 ? '2026-03-09T02:00:00.000Z' : null,
    returnedAt: status === 10 ? '2026-03-10T02:00:00.000Z' : null,
    fees: [{ id: 'f1', name: 'Lệ phí đăng ký', amount: 50000, paid: false, paidAt: null, method: null, reference: null }],
    supplements: status === 5 ? [{ name: 'Bản sao giấy chứng sinh', requestedAt: '2026-03-06T02:00:00.000Z', note: 'Bản sao chưa rõ' }] : [],
    rating: null, timeline: [], updatedAt: '2026-03-09T02:00:00.000Z', version: 2, pendingOps: 0,
    ...extra,
  };
}

export function makeI18n(lang: 'vi' | 'en' = 'vi'): i18n {
  const inst = i18next.createInstance();
  void inst.use(initReactI18next).init({
    lng: lang, fallbackLng: 'vi', ns: ['citizen'], defaultNS: 'citizen',
    resources: { vi: { citizen: citizen.vi }, en: { citizen: citizen.en } },
    interpolation: { escapeValue: false }, initAsync: false,
  });
  return inst;
}

/** The renderer's view of the host: the real dispatcher over the real host services. */
export function bridgeOver(host: HostServices): KioskBridge {
  const dispatcher = createDispatcher(host.handlers, { authorise: host.authorise });
  return {
    async call(name, input) {
      const r = await dispatcher.dispatch(name, input);
      if (!r.ok) throw new BridgeError(r.error.code, r.error.message);
      return r.value as never;
    },
    on(event: EventName, handler) {
      return host.events.subscribe((name, payload) => { if (name === event) (handler as (p: unknown) => void)(payload); });
    },
  };
}

export interface Kiosk {
  db: KioskDb;
  host: HostServices;
  bridge: KioskBridge;
  stream: ScanStream;
  i18n: i18n;
  view: RenderResult;
  /** A scan as a serial scanner would deliver it. */
  scan(text: string, source?: RawScan['source']): void;
  close(): Promise<void>;
}

/** The kiosk-kind device the citizen screen runs on (it holds citizen views only). */
export const KIOSK_IDENTITY: DeviceIdentity = {
  deviceId: 'dev-kiosk-1', deviceName: 'Ki-ốt', kind: 'kiosk', agency: { code: AGENCY, name: 'UBND phường Hàm Rồng' },
  counter: null, province: { code: 'H56', name: 'Thanh Hóa' }, idSalt: 'test-salt',
};

/**
 * `rows` are the agency's dossiers: a kiosk-kind device (the default, as deployed) holds them as
 * the feed sends them to it, their citizen views; `device: 'counter'` keeps the full rows (a
 * counter used as a kiosk in development).
 */
export async function startKiosk(opts: { rows?: DossierRow[]; props?: CitizenKioskProps; now?: number; host?: HostServices; device?: 'kiosk' | 'counter' } = {}): Promise<Kiosk> {
  const db = new KioskDb(uniqueName());
  await db.open();
  if ((opts.device ?? 'kiosk') === 'kiosk') {
    await db.setMeta(META.identity, KIOSK_IDENTITY);
    if (opts.rows) await db.citizenDossiers.bulkPut(opts.rows.map((r) => toCitizenView(r, KIOSK_IDENTITY.agency.name)));
  } else if (opts.rows) {
    await db.dossiers.bulkPut(opts.rows);
  }
  const host = opts.host ?? await createHostServices({ name: 'test', version: '0.0.0', gatewayUrl: null, scanners: [], dataDir: null });
  const bridge = bridgeOver(host);
  const stream = createScanStream({ bridge, dedupeMs: 0 });
  const i18n = makeI18n();
  const now = opts.now ?? NOW;
  const services: AppServices = { kiosk: bridge, scans: stream as never, db, sync: null, i18n, role: 'kiosk', now: () => now };
  const view = render(
    <I18nextProvider i18n={i18n}>
      <AppServicesProvider value={services}>
        <ScanStreamContext.Provider value={stream}>
          <CitizenKiosk {...opts.props} />
        </ScanStreamContext.Provider>
      </AppServicesProvider>
    </I18nextProvider>,
  );
  let at = now;
  return {
    db, host, bridge, stream, i18n, view,
    scan(text, source = 'serial') {
      act(() => { stream.push({ source, device: 'serial-1', text, at: (at += 1000) }); });
    },
    async close() {
      view.unmount();
      stream.dispose();
      db.close();
      if (!opts.host) await host.close();
    },
  };
}

/** Lets IndexedDB and promises run (fake-indexeddb schedules with setImmediate, which the idle
 * tests leave real) until `check` holds. Bounded by real time (process.hrtime, which fake timers
 * leave alone), not by a count of turns: on a loaded machine WebCrypto's PBKDF2 and IndexedDB
 * take many more turns than on an idle one. */
export async function until(check: () => boolean, maxMs = 15_000): Promise<void> {
  const deadline = process.hrtime.bigint() + BigInt(maxMs) * 1_000_000n;
  while (process.hrtime.bigint() < deadline) {
    if (check()) return;
    await act(async () => { await new Promise((r) => setImmediate(r)); });
  }
  if (check()) return;
  throw new Error('condition not reached');
}

const shared = makeI18n();
export const t = (key: string, vars: Record<string, unknown> = {}): string => shared.t(key, vars) as string;
