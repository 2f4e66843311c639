/**
 * The provincial gateway run inside `npm start` (and the e2e tests): PGlite in a data directory,
 * demo data seeded once, listening on loopback. `enrollCode` lets the host enroll itself so the
 * demo works without a technician.
 */
import { mkdirSync } from 'node:fs';
import { createGateway } from '../src/gateway/gateway';
import { acquire, pgliteDir, updateLock } from '../src/gateway/datadir';
import { seedDemo } from '../src/gateway/demo/seed';
import { DEMO_AGENCIES } from '../src/gateway/demo/catalog';
import { createAdminToken, createEnrollCode } from '../src/gateway/store/devices';
import { newId } from '../src/gateway/crypto';

export interface EmbeddedGateway {
  url: string;
  /** The first demo commune, which the demo kiosk enrolls with. */
  agency: string;
  /** A code for a device of `kind` (default counter) of the demo agency. */
  enrollCode(counter?: string, kind?: 'counter' | 'kiosk'): Promise<string>;
  close(): Promise<void>;
}

export async function startEmbeddedGateway(dataDir: string | null, opts: { port?: number; dossiersPerAgency?: number } = {}): Promise<EmbeddedGateway> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true });
    const lock = acquire(dataDir, { role: 'serve' });
    if (!lock.ok) throw new Error(`the gateway data directory ${dataDir} is used by process ${lock.holder.pid}`);
    release = lock.release;
  }
  const gateway = await createGateway({ storage: dataDir ? { kind: 'pglite', dataDir: pgliteDir(dataDir) } : { kind: 'pglite' }, logger: false });
  let url: string;
  try {
    await seedDemo(gateway.db, { dossiersPerAgency: opts.dossiersPerAgency });
    url = await gateway.listen(opts.port ?? 0);
    // As `gateway serve` does: the command line (`gateway -- admin create`, `staff set-pin`…) run
    // beside `npm start` goes through this server with a token only the lock file (0600) holds.
    if (dataDir) updateLock(dataDir, { role: 'serve', url, adminToken: (await createAdminToken(gateway.db, `serve-${newId()}`)).token });
  } catch (err) {
    await gateway.close();
    release();
    throw err;
  }
  const agency = DEMO_AGENCIES[0]!.code;
  return {
    url,
    agency,
    async enrollCode(counter = 'Quầy 1', kind: 'counter' | 'kiosk' = 'counter') {
      return (await createEnrollCode(gateway.db, { agency, counter, kind })).code;
    },
    async close() {
      await gateway.close();
      release();
    },
  };
}
