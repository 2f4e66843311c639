/**
 * The citizen kiosk on the shared screen harness (tests/helpers/render-screen): the host's own
 * services and bridge dispatcher (with a real GatewayClient), Dexie over fake-indexeddb, the real
 * scan stream and the app's translations. What is the kiosk's own: cached rows, its role, its
 * props, and `t` for the `citizen` namespace.
 */
import type { HostServices } from '../../src/main/services';
import { META, type KioskDb, type DossierRow } from '../../src/renderer/db/database';
import { toCitizenView } from '../../src/shared/dossier';
import type { DeviceIdentity } from '../../src/shared/protocol';
import { CitizenKiosk, type CitizenKioskProps } from '../../src/renderer/citizen/CitizenKiosk';
import { renderScreen, translator, type Screen } from '../helpers/render-screen';
import type { CallHandlers } from '../helpers/test-bridge';
import { AGENCY, NOW } from '../helpers/screen-fixtures';

export { AGENCY, NOW, PERSON, dossierRow } from '../helpers/screen-fixtures';
export { until } from '../helpers/render-screen';

export type Kiosk = Screen & { db: KioskDb };

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
export async function startKiosk(opts: { rows?: DossierRow[]; props?: CitizenKioskProps; now?: number; host?: HostServices; device?: 'kiosk' | 'counter'; calls?: CallHandlers } = {}): Promise<Kiosk> {
  const s = await renderScreen(<CitizenKiosk {...opts.props} />, {
    host: opts.host,
    ...(opts.calls ? { calls: opts.calls } : {}),
    role: 'kiosk',
    now: opts.now ?? NOW,
    ns: 'citizen',
    prepare: async ({ db }) => {
      if ((opts.device ?? 'kiosk') === 'kiosk') {
        await db!.setMeta(META.identity, KIOSK_IDENTITY);
        if (opts.rows) await db!.citizenDossiers.bulkPut(opts.rows.map((r) => toCitizenView(r, KIOSK_IDENTITY.agency.name)));
      } else if (opts.rows) {
        await db!.dossiers.bulkPut(opts.rows);
      }
    },
  });
  return s as Kiosk;
}

export const t = translator('citizen');
