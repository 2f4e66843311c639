/**
 * The province console's figures page on PostgreSQL (KIOSK_TEST_PG_URL): a province of 100
 * agencies and 100,000 dossiers (1,000 each, received over the last 30 days), the gateway
 * in-process on loopback, an admin signed in with a session cookie. Timed: the one call the
 * figures page makes (`GET /v1/admin/figures`) for the whole province over the period, for one
 * agency, and for the current month; p95 over 60 calls each, after 5 unmeasured ones. Target:
 * ≤ 300 ms p95. What makes it fast: migration 9's per-agency, per-day pre-aggregate
 * (`dossier_day_figures`, kept by a trigger) and the open dossiers' partial index, read
 * index-only (store/figures.ts). `--quick`: 20 agencies × 500.
 */
import type { BenchOptions, Metric } from './types';
import { percentile } from './stats';
import { freshDatabase, TEST_PG_URL } from '../tests/helpers/gateway';
import { createGateway } from '../src/gateway/gateway';
import { seedCatalog, seedDossiers } from '../src/gateway/demo/seed';
import { ensureAgency } from '../src/gateway/store/devices';
import { createAdminAccount } from '../src/gateway/store/console';
import { refreshStatistics } from '../src/gateway/store/maintenance';
import { PROTOCOL_HEADER, PROTOCOL_VERSION, SESSION_COOKIE } from '../src/shared/protocol';

const PASSWORD = 'bench-mat-khau-quan-tri';

export async function run(opts: BenchOptions): Promise<Metric[]> {
  const agencies = opts.quick ? 20 : 100;
  const perAgency = opts.quick ? 500 : 1000;
  const fresh = await freshDatabase(TEST_PG_URL);
  const gw = await createGateway({ storage: { kind: 'pg', url: fresh.url }, rateLimitPerMinute: 1_000_000 });
  try {
    const seeded = Date.now();
    await seedCatalog(gw.db);
    for (let i = 0; i < agencies; i++) {
      const code = `000.${String(Math.floor(i / 10)).padStart(2, '0')}.${String(i % 10).padStart(2, '0')}.H99`;
      await ensureAgency(gw.db, code, `UBND xã thử nghiệm ${i + 1}`);
      await seedDossiers(gw.db, code, perAgency, { seed: 7000 + i, analyze: false });
    }
    // The steady state of a server: autovacuum has visited the bulk-loaded tables (PostgreSQL 13+
    // vacuums insert-only tables too), so the open dossiers' index is read without heap fetches.
    await gw.db.query('vacuum analyze dossiers');
    await gw.db.query('vacuum analyze dossier_day_figures');
    await refreshStatistics(gw.db);
    const seedSeconds = (Date.now() - seeded) / 1000;
    await createAdminAccount(gw.db, { username: 'bench', password: PASSWORD, role: 'province', agency: null }, 'bench');
    const url = await gw.listen(0);
    const login = await fetch(`${url}/v1/admin/session`, {
      method: 'POST', headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({ username: 'bench', password: PASSWORD }),
    });
    const cookie = new RegExp(`${SESSION_COOKIE}=[A-Za-z0-9_-]+`).exec(login.headers.get('set-cookie') ?? '')?.[0];
    if (!cookie) throw new Error(`sign-in failed: ${login.status}`);
    const vnDay = (ms: number): string => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10);
    const today = vnDay(Date.now());
    const periods = {
      province: `from=${vnDay(Date.now() - 40 * 86_400_000)}&to=${today}`,
      agency: `agency=000.05.05.H99&from=${vnDay(Date.now() - 40 * 86_400_000)}&to=${today}`,
      month: `from=${today.slice(0, 8)}01&to=${today}`,
    };
    const metrics: Metric[] = [];
    let received = 0;
    for (const [name, q] of Object.entries(periods)) {
      const samples: number[] = [];
      for (let i = 0; i < 65; i++) {
        const t0 = performance.now();
        const res = await fetch(`${url}/v1/admin/figures?${q}`, { headers: { cookie, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
        const body = (await res.json()) as { total: { received: number } };
        if (!res.ok) throw new Error(`figures ${res.status}`);
        if (i >= 5) samples.push(performance.now() - t0);
        if (name === 'province') received = body.total.received;
      }
      metrics.push({
        name: `figures ${name} p95`, value: percentile(samples, 95), target: 300, unit: 'ms', better: 'lower',
        note: `${agencies} agencies × ${perAgency} dossiers on PostgreSQL; p50 ${percentile(samples, 50).toFixed(1)} ms`,
      });
    }
    metrics.push({ name: 'dossiers counted (province period)', value: received, target: null, unit: 'dossiers', better: 'higher',
      note: `seeded in ${seedSeconds.toFixed(0)} s (status 3, refused at intake, is not counted)` });
    return metrics;
  } finally {
    await gw.close();
    await fresh.drop();
  }
}
