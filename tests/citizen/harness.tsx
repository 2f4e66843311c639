/**
 * The citizen kiosk on the shared screen harness (tests/helpers/render-screen): the host's own
 * services and bridge dispatcher (with a real GatewayClient), Dexie over fake-indexeddb, the real
 * scan stream and the app's translations. What is the kiosk's own: cached rows, its role, its
 * props, and `t` for the `citizen` namespace.
 */
import type { HostServices } from '../../src/main/services';
import type { KioskDb, DossierRow } from '../../src/renderer/db/database';
import { CitizenKiosk, type CitizenKioskProps } from '../../src/renderer/citizen/CitizenKiosk';
import { renderScreen, translator, type Screen } from '../helpers/render-screen';
import { NOW } from '../helpers/screen-fixtures';

export { AGENCY, NOW, PERSON, dossierRow } from '../helpers/screen-fixtures';
export { until } from '../helpers/render-screen';

export type Kiosk = Screen & { db: KioskDb };

export async function startKiosk(opts: { rows?: DossierRow[]; props?: CitizenKioskProps; now?: number; host?: HostServices } = {}): Promise<Kiosk> {
  const s = await renderScreen(<CitizenKiosk {...opts.props} />, {
    host: opts.host,
    role: 'kiosk',
    now: opts.now ?? NOW,
    ns: 'citizen',
    prepare: async ({ db }) => { if (opts.rows) await db!.dossiers.bulkPut(opts.rows); },
  });
  return s as Kiosk;
}

export const t = translator('citizen');
