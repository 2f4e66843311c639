/**
 * "Needs attention" in the built app, in real Chromium over the browser host, enrolled with the
 * real gateway: two actions the gateway answered with a refusal and a conflict are listed as
 * cards with what to do, axe-core (WCAG 2.1 AA) finds nothing, and a screenshot is kept. The two
 * outbox rows are written into the page's own IndexedDB as the sync engine leaves such rows (what
 * the gateway refuses, and when, is tested over HTTP in tests/gateway and tests/sync); dismissing
 * one here removes it from the list and from the store. The idle lock's warning (WCAG 2.2.1) is
 * shown on the same screen with the page's clock run forward (Playwright's fake clock): a
 * screenshot, axe, a key takes it away, and the quiet spell's end locks the counter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { v7 as uuidv7 } from 'uuid';
import { startApp, type TestApp } from '../helpers/app';
import { expectNoAxeViolations } from '../helpers/axe';
import { signIn } from '../helpers/host-process';
import { DEMO_PINS } from '../../src/gateway/demo/seed';

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ role: 'counter', dossiersPerAgency: 5, open: false });
  await app.page.goto(app.url);
}, 60_000);

afterAll(async () => { await app?.close(); });

/** An outbox row as the sync engine leaves one the gateway answered with `state`. */
function answered(state: 'rejected' | 'conflict', code: string, staffId: string) {
  const now = Date.now();
  return {
    id: uuidv7(), type: 'dossier.transition', at: new Date(now - 60_000).toISOString(), staffId,
    payload: { code, from: 9, to: 10, note: null, supplements: [] }, dossierCode: code, state, createdAt: now - 60_000,
    attempts: 1, lastAttemptAt: now, schema: 3, doneAt: null,
    outcome: {
      status: state, reason: state === 'conflict' ? 'status-changed' : 'transition-not-allowed', at: now,
      message: { vi: 'Hồ sơ đã được chuyển sang trạng thái khác trên máy chủ tỉnh.', en: 'The dossier was moved on at the province.' },
    },
  };
}

describe('needs attention at the counter', () => {
  it('lists a refused and a conflicting action with what to do; axe finds nothing; dismiss clears one', async () => {
    const { page } = app;
    await signIn(page, DEMO_PINS.counter);
    const [d] = await app.gateway.db.query<{ code: string }>('select code from dossiers where agency_code = $1 order by code limit 1', [app.agency]);
    const [staff] = await app.gateway.db.query<{ id: string }>("select id from staff where agency_code = $1 order by id limit 1", [app.agency]);
    const rows = [answered('rejected', d!.code, staff!.id), answered('conflict', d!.code, staff!.id)];
    await page.evaluate(async (rs) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => { const r = indexedDB.open('kiosk'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      await new Promise<void>((ok, fail) => {
        const tx = db.transaction('outbox', 'readwrite');
        for (const row of rs) tx.objectStore('outbox').add(row);
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
      db.close();
    }, rows);
    // Written beside the app's own connection: the page reads them when it opens the store again.
    await page.reload();
    await signIn(page, DEMO_PINS.counter);
    await expect.poll(() => page.getByTestId('sync-attention').getAttribute('data-count'), { timeout: 15_000 }).toBe('2');
    await page.getByTestId('sync-attention').click();
    const items = page.getByTestId('attention-item');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.first().textContent()).toContain(d!.code);
    expect(await page.getByTestId('attention-retry').count()).toBe(1);

    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/counter-attention.png' });
    await expectNoAxeViolations(page, { label: 'counter needs attention', include: '[data-testid="attention"]' });

    await page.locator('[data-testid="attention-item"][data-state="conflict"] [data-testid="attention-dismiss"]').click();
    await expect.poll(() => items.count()).toBe(1);
  }, 90_000);

  it('warns 20 s before the idle lock (screenshot, axe), a key keeps the session, a quiet spell locks it', async () => {
    const { page } = app;
    // The page's timers and Date under a clock the test moves (installed before the app's scripts run).
    await page.clock.install();
    await page.reload();
    await signIn(page, DEMO_PINS.counter);
    const warning = page.getByTestId('idle-warning');
    expect(await warning.count()).toBe(0);
    // Five minutes' lock, warned 20 s before: 4 min 41 s of quiet shows the warning.
    await page.clock.fastForward('04:41');
    await warning.waitFor({ timeout: 10_000 });
    expect(await warning.getAttribute('role')).toBe('alert');
    expect(await warning.textContent()).toMatch(/20/);
    await page.screenshot({ path: 'test-output/screenshots/counter-idle-warning.png' });
    await expectNoAxeViolations(page, { label: 'counter idle warning', include: '[data-testid="idle-warning"]' });
    // Any key is activity: the warning goes and the quiet spell starts again.
    await page.keyboard.press('Shift');
    await warning.waitFor({ state: 'detached', timeout: 10_000 });
    await page.clock.fastForward('04:41');
    await warning.waitFor({ timeout: 10_000 });
    // "Tiếp tục làm việc" does the same; then five quiet minutes lock the counter.
    await page.getByTestId('idle-stay').click();
    await warning.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await page.getByTestId('counter-signin').count()).toBe(0);
    await page.clock.fastForward('05:01');
    await page.getByTestId('counter-signin').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('pin').count()).toBe(1);
  }, 90_000);
});
