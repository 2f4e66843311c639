/**
 * Property: whatever the interleaving of offline staff actions, sync triggers and link faults,
 * once the link heals every mutation is on the gateway exactly once and the kiosk's dossiers equal
 * the gateway's. Runs are few and short so the file stays well under a minute.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALLOWED_TRANSITIONS, isDossierStatus } from '../../src/shared/domain/status';
import { allIds, kioskDossiers, serverDossiers, serverView, startHarness, type Harness, type Kiosk } from './harness';

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h.close(); });

type Step =
  | { kind: 'intake' }
  | { kind: 'transition'; pick: number; to: number }
  | { kind: 'fault'; fault: 'drop-before' | 'drop-after' | 'timeout' | '500'; count: number }
  | { kind: 'down'; ms: number }
  | { kind: 'sync' }
  | { kind: 'wait'; ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'intake' as const }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('transition' as const), pick: fc.nat(), to: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('fault' as const), fault: fc.constantFrom('drop-before' as const, 'drop-after' as const, 'timeout' as const, '500' as const), count: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('down' as const), ms: fc.integer({ min: 50, max: 600 }) }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'sync' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 150 }) }) },
);

let serial = 0;
async function perform(k: Kiosk, s: Step): Promise<void> {
  switch (s.kind) {
    case 'intake':
      await k.intake(5000 + serial++);
      return;
    case 'transition': {
      const movable = (await k.db.dossiers.toArray()).filter((d) => isDossierStatus(d.status) && ALLOWED_TRANSITIONS[d.status].length > 0);
      const d = movable[s.pick % Math.max(1, movable.length)];
      if (!d || !isDossierStatus(d.status)) return;
      const next = ALLOWED_TRANSITIONS[d.status];
      await k.transition(d.code, next[s.to % next.length]!);
      return;
    }
    case 'fault':
      h.proxy.inject(s.fault, s.count);
      return;
    case 'down':
      h.proxy.down(s.ms);
      return;
    case 'sync':
      k.engine.trigger('manual');
      return;
    case 'wait':
      await new Promise((r) => setTimeout(r, s.ms));
  }
}

describe('sync under random interleavings', () => {
  it('ends with every mutation on the gateway exactly once and the kiosk equal to the gateway', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 14 }), async (steps) => {
        const k = await h.kiosk({ clientTimeoutMs: 400, backoff: { baseMs: 20, capMs: 200 }, watchdogMs: 200 });
        try {
          for (const s of steps) await perform(k, s);
          h.proxy.heal();
          await k.drained(20_000);
          const ids = await allIds(k);
          expect(await serverView(h, k, ids)).toEqual({ applied: ids.length, duplicates: 0, unknown: 0 });
          expect(await kioskDossiers(k)).toEqual(await serverDossiers(h, k));
        } finally {
          h.proxy.heal();
          await h.closeKiosks();
        }
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 6), seed: Number(process.env.PROP_SEED ?? 20251126), endOnFailure: true },
    );
  }, 55_000);
});
