/**
 * `npm run sync -- soak --files N --file-size MB` in small (the acceptance run, 50 files of
 * 2–8 MB, is in docs/PERFORMANCE.md): the counter's own file lane against the real gateway under
 * drops, timeouts, 500s and restarts. Every file arrives byte-identical and attached once, no
 * acknowledged chunk is sent again, and each chunk the gateway received twice is one whose answer
 * the counter never got.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../helpers/gateway';
import { runSoak } from '../../src/cli/sync';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ seed: 'demo', dossiersPerAgency: 2 });
}, 60_000);
afterAll(async () => gw?.close());

it('sends every file whole and once under faults, without resending an acknowledged chunk', async () => {
  const { code } = await gw.createEnrollCode('000.00.01.H08');
  const r = await runSoak({
    gateway: gw.url, enroll: code, mutations: 20, faults: ['drop', 'timeout', '500', 'restart'], seed: 3, rate: 0.2,
    deadlineSeconds: 240, files: { count: 6, minMb: 0.3, maxMb: 1.2 },
  });
  expect(r.pending).toBe(0);
  expect(r.duplicates).toBe(0);
  expect(r.files).toBeDefined();
  const f = r.files!;
  expect(f).toMatchObject({ created: 6, attached: 6, identical: 6, duplicates: 0, ackedChunksResent: 0 });
  expect(f.gatewayResends).toBeLessThanOrEqual(f.chunksUnanswered);
}, 300_000);
