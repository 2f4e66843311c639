/**
 * One gateway process for the multi-process outbox test (tests/gateway/outbox-processes.test.ts):
 * `node --import tsx tests/helpers/outbox-process.ts '<json config>'`. Opens the gateway on the
 * given PostgreSQL database (migrations, start-up upgrades, demo seeding, as `serve` does) with
 * one adapter that POSTs each outbox payload to the fake portal, naming this process in a header.
 * Prints one JSON line `{"ready":true,"worker":…}` once its delivery loop runs; SIGTERM closes it.
 */
import { createGateway } from '../../src/gateway/gateway';
import { seedDemo } from '../../src/gateway/demo/seed';
import type { ProvincialAdapter } from '../../src/gateway/adapters/types';

interface Config { databaseUrl: string; portalUrl: string; name: string; dossiersPerAgency: number }
const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;

const adapter: ProvincialAdapter = {
  name: 'test-portal',
  map: ({ dossier }) => [{ ref: dossier.code, payload: { ref: dossier.code, status: dossier.status } }],
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
  adapters: [adapter],
  outboxIntervalMs: 20,
  outboxBackoffMs: 20,
});
await seedDemo(gw.db, { dossiersPerAgency: cfg.dossiersPerAgency });
process.stdout.write(`${JSON.stringify({ ready: true, name: cfg.name })}\n`);
process.on('SIGTERM', () => {
  void gw.close().then(() => process.exit(0));
});
