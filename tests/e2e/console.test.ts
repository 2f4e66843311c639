/**
 * The province console for real: the gateway on loopback over the real PostgreSQL server serving
 * the built console at /console/, the first admin created by the `gateway admin create` command,
 * and real Chromium at 1366×768. The admin signs in and sees a fleet of 50 devices with the 3
 * silent ones and the 2 with a backlog flagged, issues an enrollment code whose QR code (decoded
 * from the page's pixels, as a camera would) enrolls a kiosk, resets an officer's PIN, sees the
 * portal outbox and retries an item, and reads an agency's on-time rate, checked against a SQL
 * count. Screenshots go to test-output/screenshots/console-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { apiClient, startGateway, TEST_PG_URL, type TestGateway } from '../helpers/gateway';
import { launchChromium } from '../helpers/browser';
import { ensureBuilt } from '../helpers/build';
import { expectNoAxeViolations } from '../helpers/axe';
import { DEMO_AGENCIES } from '../../src/gateway/demo/catalog';
import { demoStaffIds } from '../../src/gateway/demo/seed';
import { createEnrollCode, enroll } from '../../src/gateway/store/devices';
import { chunkPath, FILE_CHUNK_BYTES, parseEnrollQr, PATHS, PORTAL_ENV, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../src/shared/protocol';
import { contrast } from '../ui/contrast';
import { loadPackagedZxingWasm } from '../camera-corpus/wasm-node';
import { zxingWasmEngine } from '../../src/renderer/scanners/camera/engine-zxing-wasm';
import text from '../../src/renderer/i18n/province';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { fakeKiosk } from '../gateway/kiosk';
import { registerDemoOfficer, signWithdraw } from '../helpers/staff-keys';
import { applyQueueEvent, emptyQueue, planQueueAction, type QueueAction, type QueueEvent } from '../../src/shared/queue';
import { fillDay } from '../helpers/day-field';

const vi = text.vi;
const SHOTS = path.join(process.cwd(), 'test-output', 'screenshots');
const tid = (id: string) => `[data-testid="${id}"]`;
const A = DEMO_AGENCIES[0]!.code;
const PASSWORD = 'mat-khau-quan-tri-tinh-2026';
/** Clock skews other than the fleet's (i % 7) × 150 ms: Máy 05 is 40 ms behind (rounds to zero), Máy 06 1.25 s behind. */
const SKEW_MS: Record<number, number> = { 4: -40, 5: -1250 };

let gw: TestGateway;
let browser: Browser;
let page: Page;

/** A dossier of agency A with one page attached at a counter and withdrawn by its officer (signed, with a reason). */
async function withdrawnPage(): Promise<{ code: string; sha256: string }> {
  const dev = await gw.enroll(A);
  // The agency's second demo officer: the first one's PIN was reset above.
  const c = fakeKiosk(gw.url, dev, await registerDemoOfficer(gw.url, dev, 1));
  await c.lease(5);
  const code = c.nextCode();
  expect((await c.push([c.create(code, { documents: ['Tờ khai'] })])).body.results[0].status).toBe('applied');
  const bytes = new Uint8Array(randomBytes(3_000));
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  bytes.set([0xff, 0xd9], bytes.length - 2);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  expect((await c.api('POST', PATHS.files, { sha256, size: bytes.length, mime: 'image/jpeg', chunkSize: FILE_CHUNK_BYTES, chunks: [sha256] })).status).toBe(200);
  const put = await fetch(gw.url + chunkPath(sha256, 0), {
    method: 'PUT', body: bytes, headers: { authorization: `Bearer ${dev.token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/octet-stream' },
  });
  expect(put.status).toBe(200);
  const id = randomUUID();
  expect((await c.api('POST', PATHS.fileAttach, c.attachment({ id, dossierCode: code, component: 'Tờ khai', sha256, name: 'to-khai.jpg', position: 0 }))).status).toBe(200);
  expect((await c.api('POST', PATHS.fileWithdraw, signWithdraw(c.officer!, { id, dossierCode: code, reason: 'Nhầm giấy tờ của công dân khác' }))).status).toBe(200);
  return { code, sha256 };
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `console-${name}.png`) });
}

/**
 * The fleet's row actions are in view without guessing: the first row's last button lies inside
 * the window and the table's frame, nothing covers it, and a table wider than its frame says so
 * above it; the keyboard reaches both buttons from the row (arrow keys, as in any grid).
 */
async function expectActionsInView(label: string): Promise<void> {
  // The page itself never scrolls sideways: what does not fit scrolls inside the table's frame.
  expect(await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth })), label)
    .toEqual({ scrollWidth: page.viewportSize()!.width, innerWidth: page.viewportSize()!.width });
  const frame = page.locator(tid('pc-fleet-table'));
  const row = page.locator(tid('pc-fleet-row')).first();
  const last = row.locator(tid('pc-revoke'));
  await last.scrollIntoViewIfNeeded();
  const f = (await frame.boundingBox())!;
  const b = (await last.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(b.x, label).toBeGreaterThanOrEqual(f.x);
  expect(b.x + b.width, label).toBeLessThanOrEqual(Math.min(viewport.width, f.x + f.width));
  expect(await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.closest('[data-testid="pc-revoke"]') !== null, [b.x + b.width / 2, b.y + b.height / 2]), label).toBe(true);
  const wide = await frame.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
  expect(await page.locator(tid('pc-fleet-scroll-hint')).isVisible(), label).toBe(wide);
  // The keyboard: from the row's first cell, → reaches the history button, then revoke.
  await row.locator('[role="rowheader"]').click();
  const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
  let presses = 0;
  while ((await focused()) !== 'pc-history' && presses++ < 20) await page.keyboard.press('ArrowRight');
  expect(await focused(), label).toBe('pc-history');
  await page.keyboard.press('ArrowRight');
  expect(await focused(), label).toBe('pc-revoke');
  // Every column is reachable: scrolled to its end, the frame shows the scanners' column.
  await frame.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  const scanners = (await page.getByRole('columnheader', { name: text.vi.fleet.scanners }).or(page.getByRole('columnheader', { name: text.en.fleet.scanners })).boundingBox())!;
  const actions = (await page.locator(`${tid('pc-fleet-table')} th`).last().boundingBox())!;
  expect(scanners.x + scanners.width, label).toBeLessThanOrEqual(actions.x + 1);
  await frame.evaluate((el) => { el.scrollLeft = 0; });
}

/** `rgb(11, 61, 145)` as `#0b3d91`. */
function hex(rgb: string): string {
  const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(rgb);
  if (!m) throw new Error(`not an rgb() colour: ${rgb}`);
  return `#${[m[1], m[2], m[3]].map((c) => Number(c).toString(16).padStart(2, '0')).join('')}`;
}

/**
 * The figures' two charts: every tick's text lies inside its chart's drawing and frame (nothing
 * clipped), each agency's tick carries the agency's whole name as its title, and the stacked
 * series differ in more than hue: distinct fills, each 3:1 against the chart's surface and against
 * the series stacked next to it.
 */
async function expectChartsReadable(label: string, names: string[]): Promise<void> {
  for (const id of ['pc-chart-outcome', 'pc-chart-channels']) {
    const chart = page.locator(tid(id));
    await chart.scrollIntoViewIfNeeded();
    const svg = (await chart.locator('.recharts-wrapper > svg.recharts-surface').boundingBox())!;
    const frame = (await chart.boundingBox())!;
    const ticks = chart.locator('.recharts-cartesian-axis-tick-label text');
    const n = await ticks.count();
    expect(n, `${label} ${id}`).toBeGreaterThan(names.length);
    for (let i = 0; i < n; i++) {
      const b = (await ticks.nth(i).boundingBox())!;
      const where = `${label} ${id} tick "${await ticks.nth(i).textContent()}"`;
      for (const box of [svg, frame]) {
        expect(b.x, where).toBeGreaterThanOrEqual(box.x - 0.5);
        expect(b.y, where).toBeGreaterThanOrEqual(box.y - 0.5);
        expect(b.x + b.width, where).toBeLessThanOrEqual(box.x + box.width + 0.5);
        expect(b.y + b.height, where).toBeLessThanOrEqual(box.y + box.height + 0.5);
      }
    }
    expect((await chart.locator(`${tid('pc-chart-tick')} title`).allTextContents()).sort(), `${label} ${id}`).toEqual([...names].sort());
    // The series as the legend draws them, in stacking order; every bar drawn wears one of them.
    const order = id === 'pc-chart-channels' ? [vi.figures.inPerson, vi.figures.online, vi.figures.post] : [vi.figures.onTime, vi.figures.late];
    const { legend, bars, surface } = await chart.evaluate((fig) => {
      const base = (fill: string): string => {
        const m = /^url\("?[^#"]*#([^")]+)"?\)$/.exec(fill);
        return m ? getComputedStyle(document.getElementById(m[1]!)!.querySelector('rect')!).fill : fill;
      };
      return {
        legend: [...fig.querySelectorAll('.recharts-legend-item')].map((item) => {
          const fill = getComputedStyle(item.querySelector('.recharts-legend-icon')!).fill;
          return { name: item.textContent ?? '', fill, colour: base(fill) };
        }),
        bars: [...fig.querySelectorAll('.recharts-bar-rectangles .recharts-rectangle')].map((r) => getComputedStyle(r).fill),
        surface: getComputedStyle(fig).backgroundColor,
      };
    });
    const series = order.map((name) => legend.find((l) => l.name === name)!);
    expect(series.every(Boolean), `${label} ${id} legend ${JSON.stringify(legend)}`).toBe(true);
    const fills = series.map((x) => x.fill);
    const colours = series.map((x) => x.colour);
    expect(new Set(fills).size, `${label} ${id} fills ${fills.join(' ')}`).toBe(fills.length);
    expect(new Set(colours).size, `${label} ${id} colours ${colours.join(' ')}`).toBe(colours.length);
    expect(bars.length, `${label} ${id}`).toBeGreaterThan(0);
    for (const b of bars) expect(fills, `${label} ${id}`).toContain(b);
    for (const c of colours) expect(contrast(hex(c), hex(surface)), `${label} ${id} ${c} on ${surface}`).toBeGreaterThanOrEqual(3);
    if (id === 'pc-chart-channels') {
      for (let i = 1; i < colours.length; i++) {
        expect(contrast(hex(colours[i - 1]!), hex(colours[i]!)), `${label} ${colours[i - 1]} next to ${colours[i]}`).toBeGreaterThanOrEqual(3);
      }
    }
  }
}

describe('province console in Chromium', { timeout: 90_000 }, () => {
  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SHOTS, { recursive: true });
    gw = await startGateway({ storage: { databaseUrl: TEST_PG_URL }, seed: 'demo', dossiersPerAgency: 60 });
    // A fleet of 50 devices over the first 5 agencies: 3 silent for 20 minutes, 2 with a backlog.
    for (let i = 0; i < 50; i++) {
      const agency = DEMO_AGENCIES[i % 5]!.code;
      const kind = i % 4 === 3 ? 'kiosk' : 'counter';
      const { code } = await createEnrollCode(gw.db, { agency, kind, counter: `Quầy ${i + 1}` });
      const dev = await enroll(gw.db, { code, deviceName: `Máy ${String(i + 1).padStart(2, '0')}`, kind, appVersion: '0.1.0' });
      const silent = i < 3;
      const pending = i === 10 || i === 11 ? 5 + i : 0;
      // One working device's camera fails: the scanner-error filter finds it.
      const scanner = i === 20 ? { id: 'camera-1', state: 'error', lastError: 'camera-denied' } : { id: 'serial-1', state: 'ready', lastError: null };
      const hb = { pending, oldestPendingMs: pending ? 45 * 60_000 : null, rejected: 0, appVersion: '0.1.0', scanners: [scanner], lastSyncAt: null, lastError: null, clientTime: new Date().toISOString() };
      await gw.db.query(`update devices set heartbeat = $2, skew_ms = $3, last_seen_at = now() - make_interval(mins => $4), last_upload_at = now() - interval '5 minutes' where id = $1`,
        [dev.deviceId, JSON.stringify(hb), SKEW_MS[i] ?? (i % 7) * 150, silent ? 20 : 0]);
      // The device with a backlog has a day of heartbeats behind it, its backlog growing.
      if (i === 10) {
        await gw.db.query(`insert into device_heartbeats (device_id, at, pending, oldest_pending_ms, skew_ms, scanner_error)
          select $1, now() - make_interval(mins => 15 * k), greatest(0, 15 - k), 60000, 150, false from generate_series(0, 95) k`, [dev.deviceId]);
      }
    }
    // The portal outbox: one failing item of agency A.
    const ref = (await gw.db.query<{ code: string }>('select code from dossiers where agency_code = $1 order by code limit 1', [A]))[0]!.code;
    await gw.db.query(`insert into outbox (adapter, ref, payload, attempts, next_attempt_at, last_error, last_error_code)
      values ('national-portal', $1, '{"service":"DongBoHoSoMC"}', 3, now() + interval '1 hour', 'HTTP 503', 'portal-unavailable')`, [ref]);
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  it('creates the first admin with the command line (password from stdin)', () => {
    const r = spawnSync('npx', ['tsx', 'src/cli/gateway.ts', 'admin', 'create', '--database-url', gw.databaseUrl!, '--username', 'tinh.admin', '--role', 'province'],
      { input: `${PASSWORD}\n`, encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim()) as { username: string; role: string };
    expect(out).toMatchObject({ username: 'tinh.admin', role: 'province', agency: null });
    expect(r.stdout).not.toContain(PASSWORD);
    // A short password is refused with a message.
    const bad = spawnSync('npx', ['tsx', 'src/cli/gateway.ts', 'admin', 'create', '--database-url', gw.databaseUrl!, '--username', 'ngan', '--role', 'province'],
      { input: 'ngan\n', encoding: 'utf8', timeout: 120_000 });
    expect(bad.status).toBe(2);
    // The policy's words in both languages, not the schema validator's English.
    expect(bad.stderr).toContain('Mật khẩu phải có ít nhất 12 ký tự');
    expect(bad.stderr).toContain('at least 12 characters');
  }, 240_000);

  it('signs in, refusing a wrong password in Vietnamese first', async () => {
    // Opening the sign-in page asks whether it is signed in and is told "no": no request answers 401, no console error.
    const answers: string[] = [];
    const errors: string[] = [];
    const onResponse = (r: { status(): number; url(): string }) => answers.push(`${r.status()} ${r.url()}`);
    const onConsole = (m: { type(): string; text(): string }) => { if (m.type() === 'error') errors.push(m.text()); };
    page.on('response', onResponse);
    page.on('console', onConsole);
    await page.goto(`${gw.url}/console/`);
    await page.locator(tid('pc-username')).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);
    page.off('console', onConsole);
    expect(answers.some((a) => a.endsWith(PATHS.adminSessionState))).toBe(true);
    expect(answers.filter((a) => a.startsWith('401 '))).toEqual([]);
    expect(errors).toEqual([]);
    await shot('login');
    await page.fill(tid('pc-username'), 'tinh.admin');
    await page.fill(tid('pc-password'), 'sai-mat-khau-roi');
    await page.click(tid('pc-login'));
    await expect.poll(() => page.locator(tid('pc-login-error')).textContent(), { timeout: 20_000 }).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    await page.fill(tid('pc-password'), PASSWORD);
    await page.click(tid('pc-login'));
    await page.locator(tid('pc-fleet')).waitFor({ timeout: 20_000 });
    // The cookie is HttpOnly: the page's script cannot read it.
    expect(await page.evaluate(() => document.cookie)).toBe('');
  });

  it('shows the fleet of 50 with the 3 silent and the 2 with a backlog flagged, and filters them', async () => {
    await expect.poll(() => page.locator(tid('pc-fleet-row')).count(), { timeout: 30_000 }).toBe(50);
    expect(await page.locator(`${tid('pc-fleet-table')} [data-flag="stale"]`).count()).toBe(3);
    expect(await page.locator(`${tid('pc-fleet-table')} [data-flag="backlog"]`).count()).toBe(2);
    expect(await page.locator(tid('pc-fleet-summary')).textContent()).toBe('50 thiết bị · 3 mất liên lạc · 2 còn tồn đọng');
    await shot('fleet');
    // Clock skew in seconds, in the screen's locale: one that rounds to zero is "0,0 s", never "-0,0 s" or "-0.0 s".
    const skews = await page.locator(tid('pc-skew')).allTextContents();
    expect(skews).toHaveLength(50);
    for (const s of skews) expect(s).toMatch(/^-?\d+,\d s$/);
    expect(skews.filter((s) => /^-0,0/.test(s))).toEqual([]);
    const skewOf = (name: string) => page.locator(`${tid('pc-fleet-row')}:has-text("${name}") ${tid('pc-skew')}`).textContent();
    expect(await skewOf('Máy 05')).toBe('0,0 s');
    expect(await skewOf('Máy 06')).toBe(`${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(-1.25)} s`);
    expect(await skewOf('Máy 07')).toBe('0,9 s');
    await expectNoAxeViolations(page);
    await expectActionsInView('fleet 1366');
    // At 1920 × 1080 the whole table fits, with no note.
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expect.poll(() => page.locator(tid('pc-fleet-table')).evaluate((el) => el.scrollWidth <= el.clientWidth + 1), { timeout: 10_000 }).toBe(true);
    await expectActionsInView('fleet 1920');
    await shot('fleet-1920x1080');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.check(tid('pc-filter-stale'));
    await expect.poll(() => page.locator(tid('pc-fleet-row')).count(), { timeout: 10_000 }).toBe(3);
    await page.uncheck(tid('pc-filter-stale'));
    await page.check(tid('pc-filter-backlog'));
    await expect.poll(() => page.locator(tid('pc-fleet-row')).count(), { timeout: 10_000 }).toBe(2);
    await shot('fleet-backlog');
    // A device's heartbeats of the last day, as a chart.
    await page.locator(`${tid('pc-fleet-row')}:has-text("Máy 11") ${tid('pc-history')}`).click();
    await page.locator(`${tid('pc-history-dialog')} .recharts-line`).waitFor({ timeout: 20_000 });
    await shot('fleet-history');
    await page.keyboard.press('Escape');
    await page.locator(tid('pc-history-dialog')).waitFor({ state: 'detached', timeout: 10_000 });
    await page.uncheck(tid('pc-filter-backlog'));
    await page.check(tid('pc-filter-scanner'));
    await expect.poll(() => page.locator(tid('pc-fleet-row')).count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator(tid('pc-fleet-row')).textContent()).toContain('camera-1');
    await page.uncheck(tid('pc-filter-scanner'));
  });

  it('issues an enrollment code, shown large and as a QR code that enrolls a kiosk', async () => {
    await page.getByRole('tab', { name: vi.tabs.enroll }).click();
    // A typo in the agency code: no code, and the field says the province has no such agency.
    await page.fill(tid('pc-enroll-agency'), 'garbage');
    await page.click(tid('pc-enroll-submit'));
    await expect.poll(() => page.locator(tid('pc-enroll-agency-error')).textContent(), { timeout: 10_000 })
      .toContain(vi.enroll.unknownAgency.replace('{{code}}', 'GARBAGE'));
    await page.fill(tid('pc-enroll-agency'), A);
    await page.selectOption(tid('pc-enroll-kind'), 'kiosk');
    await page.fill(tid('pc-enroll-counter'), 'Sảnh chờ');
    await page.click(tid('pc-enroll-submit'));
    const qr = page.locator(tid('pc-enroll-qr'));
    await qr.waitFor({ timeout: 20_000 });
    const shown = (await page.locator(tid('pc-enroll-code')).textContent())!;
    expect(shown).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await shot('enroll');
    // Read the QR code from the pixels on screen, as the technician console's camera does.
    const png = PNG.sync.read(await qr.screenshot());
    await loadPackagedZxingWasm();
    const decoded = await zxingWasmEngine()({ data: new Uint8ClampedArray(png.data), width: png.width, height: png.height } as never);
    const enrollment = parseEnrollQr(decoded!.text);
    expect(enrollment).toEqual({ gatewayUrl: gw.url, code: shown, kind: 'kiosk' });
    const r = await apiClient(enrollment!.gatewayUrl)('POST', '/v1/enroll', { code: enrollment!.code, deviceName: 'Ki-ốt sảnh', kind: enrollment!.kind, appVersion: '0.1.0' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'kiosk', counter: 'Sảnh chờ', agency: { code: A } });
  });

  it('resets an officer\'s PIN', { timeout: 90_000 }, async () => {
    const officer = demoStaffIds(A).counter[0];
    const before = (await gw.db.query<{ data: { pin: { salt: string } } }>('select data from staff where id = $1', [officer]))[0]!.data.pin.salt;
    await page.getByRole('tab', { name: vi.tabs.staff }).click();
    await page.fill(tid('pc-staff-agency'), A);
    await page.press(tid('pc-staff-agency'), 'Enter');
    const row = page.locator(`${tid('pc-staff-row')}[data-key="${officer}"]`);
    await row.waitFor({ timeout: 20_000 });
    await row.locator(tid('pc-staff-reset')).click();
    await page.fill(tid('pc-staff-reset-pin'), '123456');
    await page.click(tid('pc-staff-reset-save'));
    // The PIN policy's refusal, in words, before the gateway is asked (the same shared policy).
    await expect.poll(() => page.locator(`${tid('pc-staff-reset-dialog')} .ui-error`).first().textContent(), { timeout: 20_000 })
      .toContain('Mã PIN này dễ đoán');
    await page.fill(tid('pc-staff-reset-pin'), '270594');
    await shot('staff-reset');
    await page.click(tid('pc-staff-reset-save'));
    await page.locator(tid('pc-staff-reset-dialog')).waitFor({ state: 'detached', timeout: 20_000 });
    const after = await gw.db.query<{ data: { pin: { salt: string } } }>('select data from staff where id = $1', [officer]);
    expect(after[0]!.data.pin.salt).not.toBe(before);
    const audit = await gw.db.query<{ actor: string }>("select actor from admin_audit where action = 'staff.set-pin' and target = $1", [officer]);
    expect(audit.map((x) => x.actor)).toEqual(['account:tinh.admin']);
  });

  it('adds an officer, refusing an agency the province does not have at the field', { timeout: 90_000 }, async () => {
    await page.getByRole('tab', { name: vi.tabs.staff }).click();
    await page.click(tid('pc-staff-add'));
    await page.fill(tid('pc-staff-add-agency'), '000.00.77.H08');
    await page.fill(tid('pc-staff-add-name'), 'Đinh Thị Lan');
    await page.fill(tid('pc-staff-add-pin'), '581937');
    await page.click(tid('pc-staff-add-save'));
    await expect.poll(() => page.locator(tid('pc-staff-add-agency-error')).textContent(), { timeout: 20_000 })
      .toContain(vi.enroll.agencyNotInProvince.replace('{{code}}', '000.00.77.H08'));
    expect(await gw.db.query("select 1 from staff where data->>'name' = 'Đinh Thị Lan'")).toHaveLength(0);
    await page.fill(tid('pc-staff-add-agency'), A);
    await page.click(tid('pc-staff-add-save'));
    await page.locator(tid('pc-staff-add-dialog')).waitFor({ state: 'detached', timeout: 20_000 });
    expect(await gw.db.query("select agency_code from staff where data->>'name' = 'Đinh Thị Lan'")).toEqual([{ agency_code: A }]);
  });

  it('deactivates an officer only after a question that names her', { timeout: 90_000 }, async () => {
    const deactivated = async () => (await gw.db.query<{ off: boolean }>(
      "select deactivated_at is not null as off from staff where data->>'name' = 'Đinh Thị Lan'"))[0]!.off;
    await page.fill(tid('pc-staff-agency'), A);
    await page.press(tid('pc-staff-agency'), 'Enter');
    const row = page.locator(tid('pc-staff-row'), { hasText: 'Đinh Thị Lan' });
    await row.locator(tid('pc-staff-deactivate')).click();
    const dialog = page.locator(tid('pc-staff-deactivate-dialog'));
    await dialog.waitFor({ timeout: 10_000 });
    expect(await dialog.getAttribute('role')).toBe('alertdialog');
    expect(await dialog.textContent()).toContain(vi.staff.deactivateTitle.replace('{{name}}', 'Đinh Thị Lan'));
    await shot('staff-deactivate');
    // Cancelled: nothing changes.
    await page.click(tid('pc-staff-deactivate-cancel'));
    await dialog.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await deactivated()).toBe(false);
    // Confirmed: the officer is deactivated, and the row says so.
    await row.locator(tid('pc-staff-deactivate')).click();
    await page.click(tid('pc-staff-deactivate-confirm'));
    await dialog.waitFor({ state: 'detached', timeout: 20_000 });
    expect(await deactivated()).toBe(true);
    await row.locator(tid('pc-staff-activate')).waitFor({ timeout: 20_000 });
    // Reactivating asks nothing (it takes nothing away).
    await row.locator(tid('pc-staff-activate')).click();
    await expect.poll(deactivated, { timeout: 20_000 }).toBe(false);
  });

  it('shows the portal outbox and retries a failing item now', { timeout: 60_000 }, async () => {
    await page.getByRole('tab', { name: vi.tabs.portal }).click();
    await expect.poll(() => page.locator(tid('pc-portal-row')).count(), { timeout: 20_000 }).toBe(1);
    expect(await page.locator(tid('pc-portal-failing')).textContent()).toBe('1');
    expect(await page.locator(tid('pc-portal-row')).textContent()).toContain('Cổng dịch vụ công tạm thời không trả lời');
    // This gateway has no portal adapter: the tab says so and names what a technician sets, above the rows from before.
    const setup = page.locator(tid('pc-portal-not-configured'));
    expect(await setup.textContent()).toContain(vi.portal.notConfigured);
    for (const name of Object.values(PORTAL_ENV)) expect(await setup.textContent()).toContain(name);
    expect(await setup.textContent()).toContain(vi.portal.notConfiguredRows);
    await shot('portal');
    await page.click(tid('pc-portal-retry'));
    await expect.poll(async () => (await gw.db.query<{ due: boolean }>('select next_attempt_at <= now() as due from outbox'))[0]!.due, { timeout: 20_000 }).toBe(true);
    // With nothing queued either: the notice alone, no empty table, no error.
    await gw.db.query('delete from outbox');
    await page.locator(`${tid('pc-portal')} button:has-text("${vi.refresh}")`).click();
    await expect.poll(() => page.locator(tid('pc-portal-table')).count(), { timeout: 20_000 }).toBe(0);
    expect(await setup.isVisible()).toBe(true);
    expect(await setup.textContent()).not.toContain(vi.portal.notConfiguredRows);
    expect(await page.locator(`${tid('pc-portal')} .pc-error`).count()).toBe(0);
    await expectNoAxeViolations(page);
    await shot('portal-not-configured');
  });

  it('reads an agency\'s on-time rate, the same as a SQL count', { timeout: 90_000 }, async () => {
    await page.getByRole('tab', { name: vi.tabs.figures }).click();
    await fillDay(page, 'pc-figures-from', '2020-01-01');
    await fillDay(page, 'pc-figures-to', '2035-12-31');
    await page.click(tid('pc-figures-show'));
    const cell = page.locator(`${tid('pc-rate')}[data-agency="${A}"]`);
    const sql = (await gw.db.query<{ on_time: number; late: number }>(
      `select count(*) filter (where status in (9, 10) and coalesce(data->>'finishedAt', data->>'returnedAt')::timestamptz <= (data->>'appointmentAt')::timestamptz) as on_time,
              count(*) filter (where status in (9, 10) and coalesce(data->>'finishedAt', data->>'returnedAt')::timestamptz > (data->>'appointmentAt')::timestamptz) as late
       from dossiers where agency_code = $1`, [A]))[0]!;
    const rate = Number(sql.on_time) / (Number(sql.on_time) + Number(sql.late));
    // The figures of the period just asked for: until they arrive the cell may still hold the
    // default period's (a run under load read 100 % from the month shown first).
    await expect.poll(async () => Math.abs(Number(await cell.getAttribute('data-value')) - rate), { timeout: 30_000 }).toBeLessThan(1e-10);
    expect(await cell.textContent()).toBe(new Intl.NumberFormat('vi-VN', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(rate));
    // The digitisation share beside them: the scorecard's, over the same period.
    const card = await apiClient(gw.url, gw.adminToken)('GET', '/v1/admin/scorecard/digitisation?from=2020-01-01&to=2035-12-31');
    const rows = (card.body as { agencies: { agency: string; dossiers: number; digitised: number }[] }).agencies;
    const sum = rows.reduce((n, r) => ({ dossiers: n.dossiers + r.dossiers, digitised: n.digitised + r.digitised }), { dossiers: 0, digitised: 0 });
    expect(sum.dossiers).toBeGreaterThan(0);
    await expect.poll(() => page.locator(tid('pc-total-digitised')).getAttribute('data-value'), { timeout: 20_000 }).toBe(String(sum.digitised / sum.dossiers));
    const own = rows.find((r) => r.agency === A)!;
    expect(await page.locator(`${tid('pc-digitised')}[data-agency="${A}"]`).getAttribute('data-value')).toBe(String(own.digitised / own.dossiers));
    expect(await page.locator(tid('pc-figures-total')).textContent()).not.toContain('chưa có số liệu');
    await page.locator('.recharts-surface').first().waitFor({ timeout: 20_000 });
    await shot('figures');
    await expectNoAxeViolations(page);
    // The charts: agencies' names whole or wrapped, never cut at the edge; the series told apart.
    await page.mouse.move(0, 0);
    const figures = await apiClient(gw.url, gw.adminToken)('GET', `${PATHS.adminFigures}?from=2020-01-01&to=2035-12-31`);
    const names = (figures.body as { agencies: { agencyName: string }[] }).agencies.map((x) => x.agencyName);
    expect(names.length).toBeGreaterThan(1);
    await expectChartsReadable('1366', names);
    await shot('figures-charts');
    await page.evaluate(() => { document.documentElement.dataset.theme = 'high-contrast'; });
    await expectChartsReadable('1366 high contrast', names);
    await expectNoAxeViolations(page);
    await shot('figures-charts-high-contrast');
    await page.evaluate(() => { delete document.documentElement.dataset.theme; });
    await page.setViewportSize({ width: 1920, height: 1080 });
    await expectChartsReadable('1920', names);
    await shot('figures-charts-1920x1080');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.evaluate(() => window.scrollTo(0, 0));
  });

  it('shows an agency\'s queue statistics and the digitised share, the same as the stored events; changes its LAN key at once', { timeout: 90_000 }, async () => {
    // A morning of agency A's queue: 12 tickets, 10 served at two counters, 2 no-shows.
    const day = '2026-11-20';
    const s = emptyQueue(day);
    let clock = Date.parse(`${day}T01:00:00.000Z`);
    const act = async (a: QueueAction): Promise<void> => {
      clock += 90_000;
      const e = { id: randomUUID(), at: new Date(clock).toISOString(), day, term: 1, device: 'q-host', ...planQueueAction(s, a, randomUUID) } as QueueEvent;
      applyQueueEvent(s, e);
      await gw.db.query('insert into queue_events (id, agency_code, device_id, day, at, type, data) values ($1, $2, $3, $4, $5, $6, $7)',
        [e.id, A, 'q-host', day, e.at, e.type, JSON.stringify(e)]);
    };
    for (let i = 0; i < 12; i++) await act({ action: 'issue', area: i % 2 ? 'Chứng thực' : 'Hộ tịch', prefix: i % 2 ? 'A' : 'B', source: 'kiosk', counter: null });
    for (let i = 0; i < 12; i++) {
      const counter = i % 2 ? 'Quầy 2' : 'Quầy 1';
      await act({ action: 'call', counter, staffId: null });
      await act(i < 2 ? { action: 'skip', counter, staffId: null } : { action: 'serve', counter, staffId: null, dossierCode: null });
    }
    // One collection of abandoned uploads has run (nothing to remove): its counts show for the province.
    const gc = await gw.gateway.fileCollection.run();
    await page.getByRole('tab', { name: vi.tabs.queue }).click();
    await expect.poll(() => page.locator(tid('pc-file-gc')).getAttribute('data-files'), { timeout: 10_000 }).toBe(String(gc.files));
    expect(await page.locator(tid('pc-file-gc')).textContent()).toMatch(/^Lần dọn gần nhất .*xóa 0 tệp, 0 mảnh/);
    await page.fill(tid('pc-queue-agency'), A);
    await fillDay(page, 'pc-queue-from', day);
    await fillDay(page, 'pc-queue-to', day);
    // Enter in the day's last segment submits the form, as in a text input.
    await page.keyboard.press('Enter');
    const sql = (await gw.db.query<{ n: number }>(`select count(*)::int as n from queue_events where agency_code = $1 and day = $2 and type = 'ticket.issued'`, [A, day]))[0]!;
    await expect.poll(() => page.locator(tid('pc-queue-tickets')).textContent(), { timeout: 30_000 }).toBe(String(sql.n));
    expect(await page.locator(tid('pc-queue-noshows')).textContent()).toBe('2');
    expect(await page.locator(tid('pc-queue-counter')).count()).toBe(2);
    expect(await page.locator(`${tid('pc-digitised-share')}[data-agency="${A}"]`).count()).toBe(1);
    await shot('queue');
    await expectNoAxeViolations(page);
    // The office's queue LAN key changed at once (a device was lost): the gateway holds a new key and no old one.
    const before = (await gw.db.query<{ key: string }>('select key from queue_keys where agency_code = $1', [A]))[0]?.key ?? null;
    await page.click(tid('pc-lan-key-rotate'));
    await page.locator(tid('pc-lan-key-dialog')).waitFor();
    await expectNoAxeViolations(page);
    await page.check(tid('pc-lan-key-now'));
    await page.click(tid('pc-lan-key-confirm'));
    await page.locator(tid('pc-lan-key-done')).waitFor({ timeout: 10_000 });
    const after = (await gw.db.query<{ key: string; previous_key: string | null }>('select key, previous_key from queue_keys where agency_code = $1', [A]))[0]!;
    expect(after.key).not.toBe(before);
    expect(after.previous_key).toBeNull();
    // A dossier's digitised pages: one with none says so (the tab's erasure is tested against the
    // gateway in tests/gateway/console-files.test.tsx); the tab lays out and reads well.
    const dossier = (await gw.db.query<{ code: string }>('select code from dossiers where agency_code = $1 order by code limit 1', [A]))[0]!.code;
    await page.getByRole('tab', { name: vi.tabs.files }).click();
    await page.fill(tid('pc-files-code'), dossier);
    await page.click(tid('pc-files-search'));
    await expect.poll(() => page.locator(tid('pc-files-table')).textContent(), { timeout: 20_000 }).toContain(vi.files.empty);
    await shot('files');
    await expectNoAxeViolations(page);
  });

  it('switches to English at once, and keeps it', async () => {
    await page.selectOption(tid('pc-lang'), 'en');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe(text.en.title);
    expect(await page.getByRole('tab', { name: text.en.tabs.figures }).count()).toBe(1);
    await shot('figures-en');
    await page.reload();
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 20_000 }).toBe(text.en.title);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // The fleet in English (longer words): the actions stay in view, the skew in English numbers
    // (50 devices and the kiosk enrolled by QR code above).
    await page.getByRole('tab', { name: text.en.tabs.fleet }).click();
    await expect.poll(() => page.locator(tid('pc-fleet-row')).count(), { timeout: 30_000 }).toBe(51);
    await expectActionsInView('fleet en 1366');
    expect(await page.locator(`${tid('pc-fleet-row')}:has-text("Máy 05") ${tid('pc-skew')}`).textContent()).toBe('0.0 s');
    await shot('fleet-en');
    await expectNoAxeViolations(page);
  });

  it('erases the file of a page an officer withdrew, after a question that asks why', async () => {
    // After the fleet's counts above (this enrolls one more counter), in Vietnamese again.
    await page.selectOption(tid('pc-lang'), 'vi');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 10_000 }).toBe(vi.title);
    const withdrawn = await withdrawnPage();
    await page.getByRole('tab', { name: vi.tabs.files }).click();
    await page.fill(tid('pc-files-code'), withdrawn.code);
    await page.click(tid('pc-files-search'));
    await page.locator(tid('pc-file-erase')).waitFor({ timeout: 20_000 });
    expect(await page.locator(tid('pc-file-state')).getAttribute('data-state')).toBe('withdrawn');
    await page.click(tid('pc-file-erase'));
    await page.locator(tid('pc-file-erase-dialog')).waitFor();
    expect(await page.locator(tid('pc-file-erase-confirm')).isDisabled()).toBe(true);
    await page.fill(tid('pc-file-erase-reason'), 'Giấy tờ của người khác, gắn nhầm');
    expect(await page.locator(tid('pc-file-erase-confirm')).isDisabled()).toBe(false);
    // The button's colours ease from disabled to enabled: shown (and checked for contrast) once settled.
    await page.locator(tid('pc-file-erase-confirm')).evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished)));
    await shot('files-erase');
    await expectNoAxeViolations(page);
    await page.click(tid('pc-file-erase-confirm'));
    await expect.poll(() => page.locator(tid('pc-file-state')).getAttribute('data-state'), { timeout: 10_000 }).toBe('erased');
    expect(await gw.gateway.files.hasChunk(withdrawn.sha256)).toBe(false);
  });

  it('ends the session at sign-out: the API answers 401 to the old cookie', async () => {
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'mck_console')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.click(tid('pc-signout'));
    await page.locator(tid('pc-username')).waitFor({ timeout: 20_000 });
    const r = await fetch(`${gw.url}/v1/admin/session`, { headers: { cookie: `mck_console=${session.value}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) } });
    expect(r.status).toBe(401);
  });
});
