/**
 * One gateway process for the multi-process outbox test (tests/gateway/outbox-processes.test.ts):
 * `node --import tsx tests/helpers/outbox-process.ts '<json config>'`. Opens the gateway on the
 * given PostgreSQL database (migrations, start-up upgrades, demo seeding, as `serve` does) with
 * two adapters: `test-portal`, which POSTs rows the test writes itself to a counting server
 * (naming this process in a header), and the national-portal adapter towards the fake portal
 * (tests/helpers/fake-portal.ts) for the changes kiosks push to this process over HTTP.
 * Prints one JSON line `{"ready":true,"url":…}` once it listens; SIGTERM closes it.
 */
import { createGateway } from '../../src/gateway/gateway';
import { seedDemo } from '../../src/gateway/demo/seed';
import type { ProvincialAdapter } from '../../src/gateway/adapters/types';
import { nationalPortalAdapter, type PortalConfig } from '../../src/gateway/adapters/national-portal';

interface Config { databaseUrl: string; portalUrl: string; name: string; dossiersPerAgency: number; nationalPortal: PortalConfig }
const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;

const adapter: ProvincialAdapter = {
  name: 'test-portal',
  // Only rows the test writes itself: accepted changes go to the national portal.
  map: () => [],
  async deliver(payload) {
    const res = await fetch(cfg.portalUrl, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-worker': cfg.name },
      body: JSON.stringify(payload), signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`portal answered ${res.status}`);
  },
};

const gw = await createGateway({
  storage: { kind: 'pg', url: cfg.databaseUrl, poolSize: 4 },
  logger: false,
  adapters: [adapter, nationalPortalAdapter(cfg.nationalPortal)],
  outboxIntervalMs: 20,
  outboxBackoffMs: 20,
});
await seedDemo(gw.db, { dossiersPerAgency: cfg.dossiersPerAgency });
const url = await gw.listen(0);
process.stdout.write(`${JSON.stringify({ ready: true, name: cfg.name, url })}\n`);
process.on('SIGTERM', () => {
  void gw.close().then(() => process.exit(0));
});
