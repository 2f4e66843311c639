/**
 * The technician console's "broken storage kept" row in real Chromium (docs/RELIABILITY.md, storage loss): a
 * counter whose kiosk database was overwritten with garbage while Chromium was down (the
 * storage-loss case (b), tests/helpers/storage-loss.ts) starts again; the host keeps the broken
 * files for support (src/main/storage/broken-storage.ts) and the staff see the recovery notice.
 * The technician then opens the console on the same device: the Health panel lists the copy the
 * host kept (its folder, size and file count, as `storage.broken` answers) and the recovery, with
 * axe (WCAG 2.1 AA) on the panel and a screenshot (test-output/screenshots/technician-storage-*.png).
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../helpers/axe';
import { signIn, startCrashRig, until, waitSynced, type CrashRig } from '../helpers/host-process';
import { breakKioskDatabase, keptByHost } from '../helpers/storage-loss';
import { DEMO_PINS } from '../../src/gateway/demo/seed';
import consoleText from '../../src/renderer/i18n/console';

const vi = consoleText.vi;
const PIN = '284917';
let rig: CrashRig;

beforeAll(async () => {
  rig = await startCrashRig({ dossiersPerAgency: 5 });
  await signIn(rig.page, DEMO_PINS.counter);
  await waitSynced(rig.page);
}, 90_000);

afterAll(async () => {
  await rig?.close();
});

describe('technician console: broken storage kept', () => {
  it('lists the copy the host kept of a corrupted kiosk database, with the recovery', async () => {
    expect(keptByHost(rig.dataDir)).toHaveLength(0);
    const { page } = await breakKioskDatabase(rig);
    await signIn(page, DEMO_PINS.counter);
    await page.getByTestId('storage-recovery-notice').waitFor({ timeout: 30_000 });
    await until(() => keptByHost(rig.dataDir).length === 1, 15_000, 'the host keeps the broken files');
    const [copy] = keptByHost(rig.dataDir);
    expect(copy!.manifest).toMatchObject({ reason: 'corrupt', copied: true });
    const bytes = [...copy!.files.values()].reduce((n, b) => n + b.length, 0);

    // The technician opens the console on the same device (first run: sets the PIN).
    await page.goto(`${rig.host.url}#/technician`);
    await page.getByTestId('pin-confirm').waitFor({ timeout: 15_000 });
    await page.getByTestId('pin-input').fill(PIN);
    await page.getByTestId('pin-confirm').fill(PIN);
    await page.getByTestId('pin-submit').click();
    await page.getByTestId('technician-console').waitFor({ timeout: 10_000 });

    const panel = page.getByTestId('panel-health');
    const row = panel.getByTestId('storage-broken-copy');
    await until(async () => (await row.count()) === 1, 15_000, 'the kept copy listed');
    const text = (await row.textContent())!;
    expect(text).toContain(`thư mục ${copy!.name}`);
    // Megabytes written the Vietnamese way (decimal comma), the time in Vietnam time.
    expect(text).toContain(`${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1_048_576)} MB (${copy!.files.size} tệp)`);
    expect(text).toMatch(/\d\d giờ \d\d phút/);
    // The row's label (the dt before it) and the recovery beside it.
    expect(await panel.getByText(vi.health.brokenKept).count()).toBe(1);
    await until(async () => ((await panel.getByTestId('storage-recoveries').textContent()) ?? '').includes(vi.health.recoveryCorrupt), 15_000, 'the recovery listed');

    await row.scrollIntoViewIfNeeded();
    // Readable in the panel's column at 1366×768: the value keeps most of the width (the labels
    // once took it all and the value wrapped a word per line).
    const dd = (await panel.getByTestId('storage-broken-kept').boundingBox())!;
    const dl = (await panel.getByTestId('storage-broken-kept').locator('xpath=..').boundingBox())!;
    expect(dd.width).toBeGreaterThan(dl.width * 0.5);
    await expectNoAxeViolations(page, { label: 'technician health panel with broken storage kept', include: '[data-testid="panel-health"]' });
    mkdirSync('test-output/screenshots', { recursive: true });
    await page.screenshot({ path: 'test-output/screenshots/technician-storage-broken-kept.png' });
    await panel.getByTestId('storage-health').screenshot({ path: 'test-output/screenshots/technician-storage-health.png' });
  }, 120_000);
});
