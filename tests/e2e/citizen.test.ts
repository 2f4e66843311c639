/**
 * The citizen journey end to end (docs/DESIGN.md, the citizen kiosk): real Chromium on the browser host, the real gateway
 * with demo data, a serial scanner on a socat pseudo-terminal. Screenshots of the attract and
 * status screens at 1920×1080 and 1366×768 go to test-output/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { parseVietQr } from '../../src/shared/domain';
import { startApp, type TestApp } from '../helpers/app';
import { expectNoAxeViolations } from '../helpers/axe';
import citizenText from '../../src/renderer/i18n/citizen';

const SHOTS = path.join(process.cwd(), 'test-output', 'screenshots');
const SIZES = [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }] as const;

// Synthetic CCCD (fake number and person).
const CCCD = '001099012345||Nguyễn Thị Thu Hà|15031999|Nữ|Số 5, Thôn Đồng Bừa, Xã Tân Trào, Tỉnh Tuyên Quang|01072021';

interface Row { code: string; status: number; name: string; citizenId: string; phone: string | null; address: string; unpaid: number; fees: number }

const ACCOUNT = { bin: '970405', account: '1234567890123', accountName: 'UBND XA DEMO' };

let app: TestApp;
let page: Page;
let own: Map<number, Row>;
/** A dossier waiting for fees whose fee list is empty (the demo's 000.00.01.H08-261119-0001 is one). */
let unlistedFees: Row | undefined;
const dialogs: string[] = [];

async function scan(text: string): Promise<void> {
  await app.pty.write(`${text}\r\n`);
}

const view = (): Promise<string | null> => page.locator('[data-testid="citizen-kiosk"]').getAttribute('data-view');

/** Types `code` with the on-screen keys (letters through the "Chữ cái" key), as a finger does. */
async function tapCode(code: string): Promise<void> {
  for (const ch of code) {
    const letter = /[A-Z]/.test(ch);
    if (letter) await page.locator('[data-testid="keypad-letters"]').click();
    await page.locator(`button[data-key="${ch}"]`).click();
    if (letter) await page.locator('[data-testid="keypad-letters"]').click();
  }
}

/** Sets the text size step (0: A− … 4: the largest A+) with the toolbar, as a citizen does. */
async function textStep(step: number): Promise<void> {
  const smaller = page.locator('[data-testid="text-smaller"]');
  while (await smaller.isEnabled()) await smaller.click();
  for (let i = 0; i < step; i += 1) await page.locator('[data-testid="text-larger"]').click();
  expect(await page.locator('[data-testid="citizen-kiosk"]').evaluate((e) => e.style.getPropertyValue('--citizen-scale'))).toBe(String([1, 1.25, 1.5, 1.75, 2][step]));
}

/** How a dossier code (the first match of `selector`) is laid out: its line boxes, whether it stays
 * inside `within` and the window, and whether the page scrolls sideways. */
async function codeLayout(selector: string, within: string) {
  return page.evaluate(([sel, box]) => {
    const el = document.querySelector(sel!)!;
    const r = el.getBoundingClientRect();
    const b = document.querySelector(box!)!.getBoundingClientRect();
    return {
      text: el.textContent,
      lines: el.getClientRects().length,
      oneLineHigh: r.height <= parseFloat(getComputedStyle(el).lineHeight) * 1.2,
      inside: r.left >= b.left && r.right <= b.right && r.right <= window.innerWidth,
      sideScroll: document.documentElement.scrollWidth > window.innerWidth,
    };
  }, [selector, within]);
}

async function backToAttract(): Promise<void> {
  if ((await view()) !== 'attract') await page.locator('[data-testid="done"], [data-testid="message-back"]').first().click();
  await page.locator('[data-testid="attract"]').waitFor();
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startApp({ role: 'kiosk', seed: 'demo', open: false, viewport: { ...SIZES[0] } });
  page = app.page;
  page.on('dialog', (d) => { dialogs.push(d.type()); void d.dismiss(); });
  // The commune's fee account, set the way a technician does, so fees show their VietQR.
  const h = app.host.services.handlers;
  await h['technician.setPin']({ pin: '482913' });
  await h['technician.unlock']({ pin: '482913' });
  await h['settings.update']({ feeAccount: ACCOUNT });
  await h['technician.lock']({});
  // A controllable clock for the idle tests; it runs at normal speed until told otherwise.
  await page.clock.install();
  await page.goto(app.url);
  await page.locator('[data-testid="attract"]').waitFor({ timeout: 20_000 });
  type Data = { applicant: { name: string; phone: string | null; address: string }; fees: { amount: number; paid: boolean }[] };
  const rows = await app.gateway.db.query<{ code: string; status: number; citizen_id: string; data: Data }>(
    'select code, status, citizen_id, data from dossiers where agency_code = $1 order by code', [app.agency]);
  own = new Map();
  for (const r of rows) {
    const unpaid = r.data.fees.reduce((s, f) => s + (f.paid ? 0 : f.amount), 0);
    const row = { code: r.code, status: r.status, name: r.data.applicant.name, citizenId: r.citizen_id, phone: r.data.applicant.phone, address: r.data.applicant.address, unpaid, fees: r.data.fees.length };
    if (r.status === 6 && row.fees === 0) unlistedFees ??= row;
    // Per status, prefer a dossier with something to pay: the status screenshot then shows a VietQR.
    if (!own.has(r.status) || (own.get(r.status)!.unpaid === 0 && unpaid > 0)) own.set(r.status, row);
  }
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('citizen kiosk in Chromium', () => {
  it('shows the attract screen (screenshots at 1080p and 768p)', async () => {
    expect(await page.locator('[data-testid="attract"] h1').textContent()).toBe('Quét mã QR trên giấy hẹn');
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(SHOTS, `citizen-attract-${size.width}x${size.height}.png`) });
    }
    await page.setViewportSize(SIZES[0]);
  });

  it('shows the status of a scanned receipt with the applicant masked (screenshots)', async () => {
    const d = own.get(6) ?? own.get(4)!;
    await scan(d.code);
    await page.locator('[data-testid="status"]').waitFor({ timeout: 10_000 });
    expect(Number(await page.locator('[data-testid="status"]').getAttribute('data-status'))).toBe(d.status);
    if (d.status === 6 && d.unpaid > 0) {
      const payload = await page.locator('[data-testid="fee-qr"]').getAttribute('data-payload');
      const qr = parseVietQr(payload ?? '');
      expect(qr.ok && qr.value).toMatchObject({ bin: ACCOUNT.bin, account: ACCOUNT.account, amount: String(d.unpaid) });
    }
    const html = await page.content();
    for (const secret of [d.name, d.citizenId, d.address, ...(d.phone ? [d.phone] : [])]) expect(html).not.toContain(secret);
    expect(await page.locator('[data-testid="applicant"] dd').textContent()).toMatch(/^(?:\p{Lu}\. ?)+$/u);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.screenshot({ path: path.join(SHOTS, `citizen-status-${size.width}x${size.height}.png`), fullPage: true });
    }
    await page.setViewportSize(SIZES[1]);
    // Touch targets: every control at least 44 × 44 CSS pixels, even on the small screen.
    const small = await page.locator('[data-testid="citizen-kiosk"] button').evaluateAll((els) => els
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && (r.width < 44 || r.height < 44)).length);
    expect(small).toBe(0);
    // High contrast is the design system's theme on this screen (its tokens), axe-clean too.
    await page.locator('[data-testid="contrast"]').click();
    expect(await page.locator('[data-testid="citizen-kiosk"]').getAttribute('data-theme')).toBe('high-contrast');
    expect(await page.locator('[data-testid="citizen-kiosk"]').evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(0, 0, 0)');
    await page.screenshot({ path: path.join(SHOTS, 'citizen-status-high-contrast-1366x768.png'), fullPage: true });
    await expectNoAxeViolations(page, { label: 'citizen status, high contrast' });
    await page.locator('[data-testid="contrast"]').click();
    expect(await page.locator('[data-testid="citizen-kiosk"]').getAttribute('data-theme')).toBe('light');
    await page.setViewportSize(SIZES[0]);
  });

  it('warns before an idle reset, and "continue" keeps the status', async () => {
    await page.clock.fastForward(40_500);
    await page.locator('[data-testid="idle-warning"]').waitFor();
    expect(await page.locator('[data-testid="idle-continue"]').evaluate((b) => b === document.activeElement)).toBe(true);
    await page.locator('[data-testid="idle-continue"]').click();
    await page.locator('[data-testid="idle-warning"]').waitFor({ state: 'detached' });
    expect(await view()).toBe('status');
  });

  it('clears everything personal after an idle reset', async () => {
    const d = own.get(6) ?? own.get(4)!;
    await page.clock.fastForward(40_500);
    await page.locator('[data-testid="idle-warning"]').waitFor();
    await page.clock.fastForward(20_500);
    await page.locator('[data-testid="attract"]').waitFor();
    const html = await page.content();
    expect(html).not.toContain(d.code);
    expect(await page.locator('[data-testid="applicant"]').count()).toBe(0);
  });

  it('never shows a CCCD scanned at the kiosk', async () => {
    await scan(CCCD);
    await page.locator('[data-testid="notice"]').waitFor();
    expect(await page.locator('[data-testid="notice"]').textContent()).toContain('thẻ căn cước');
    const html = await page.content();
    for (const secret of ['001099012345', 'Nguyễn Thị Thu Hà', 'Đồng Bừa', '15031999']) expect(html).not.toContain(secret);
    expect(await view()).toBe('attract');
  });

  it('lets hostile payloads neither navigate, nor run, nor leak', async () => {
    const d = own.get(9) ?? own.get(10)!;
    await backToAttract();
    await scan(d.code);
    await page.locator('[data-testid="status"]').waitFor({ timeout: 10_000 });
    const before = await page.locator('[data-testid="status"]').innerHTML();
    const url = page.url();
    const pages = app.context.pages().length;
    const hostile = [
      '<img src=x onerror="window.__pwned=1;alert(1)">',
      '<script>window.__pwned=1</script>',
      '"><svg onload=alert(1)>',
      'javascript:alert(1)',
      'https://evil.example/steal?MaHoSo=<script>',
      `${d.code}<script>alert(1)</script>`,
      'A'.repeat(5000),
      '\u0001\u0002\u001b[2J\u0007',
      '{{constructor.constructor("alert(1)")()}}',
    ];
    for (const p of hostile) await scan(p);
    // Let every frame arrive and be handled.
    await page.waitForTimeout(1500);
    expect(page.url()).toBe(url);
    expect(app.context.pages().length).toBe(pages);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.locator('[data-testid="status"]').innerHTML()).toBe(before);
    expect(await page.locator('[data-testid="citizen-kiosk"] script, [data-testid="citizen-kiosk"] img, [data-testid="citizen-kiosk"] iframe').count()).toBe(0);
    const html = await page.content();
    for (const p of hostile.slice(0, 3)) expect(html).not.toContain(p);
  });

  it('looks a typed code up with the on-screen keypad', async () => {
    const d = own.get(2) ?? own.get(4)!;
    await backToAttract();
    await page.locator('[data-testid="open-keypad"]').click();
    for (const ch of d.code) {
      const letter = /[A-Z]/.test(ch);
      if (letter) await page.locator('[data-testid="keypad-letters"]').click();
      await page.locator(`button[data-key="${ch}"]`).click();
      if (letter) await page.locator('[data-testid="keypad-letters"]').click();
    }
    await page.locator('[data-testid="keypad-submit"]').click();
    await page.locator('[data-testid="status"]').waitFor({ timeout: 10_000 });
    expect(Number(await page.locator('[data-testid="status"]').getAttribute('data-status'))).toBe(d.status);
  });

  it('sends the citizen to the counter, with no "pay the following:" heading, when no fee is listed (screenshot)', async () => {
    expect(unlistedFees).toBeDefined();
    await backToAttract();
    await scan(unlistedFees!.code);
    await page.locator('[data-testid="status"]').waitFor({ timeout: 10_000 });
    const steps = page.locator('[data-testid="next-steps"]');
    expect(await steps.locator('p').first().textContent()).toBe(citizenText.vi.fee.noList);
    expect(await steps.textContent()).not.toContain(citizenText.vi.status.next['6']);
    expect(await page.locator('[data-testid="fees"]').count()).toBe(0);
    await page.setViewportSize(SIZES[1]);
    await page.screenshot({ path: path.join(SHOTS, 'citizen-status-fees-unlisted-1366x768.png'), fullPage: true });
    await page.setViewportSize(SIZES[0]);
    await page.locator('[data-testid="done"]').click();
    await page.locator('[data-testid="attract"]').waitFor();
  });

  it('keeps a dossier code on one line at 1920×1080 and 1366×768, at every text size (screenshots at the largest)', async () => {
    // Not a code scanned just before (the scan stream drops a repeat within seconds).
    const d = own.get(5) ?? own.get(8)!;
    expect(d.code).toMatch(/^[\d.A-Z]+-\d{6}-\d{4}$/);
    await backToAttract();
    await scan(d.code);
    await page.locator('[data-testid="status"]').waitFor({ timeout: 10_000 });
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const step of [0, 1, 2, 3, 4]) {
        await textStep(step);
        const layout = await codeLayout('[data-testid="code-row"] [data-testid="dossier-code"]', '[data-testid="status"]');
        expect({ ...layout, size: size.width, step }).toEqual({ text: d.code, lines: 1, oneLineHigh: true, inside: true, sideScroll: false, size: size.width, step });
      }
      await page.screenshot({ path: path.join(SHOTS, `citizen-status-largest-${size.width}x${size.height}.png`), fullPage: true });
    }
    // Copied or read aloud, the code is the code as printed: plain hyphens.
    expect(await page.locator('[data-testid="code-row"] dd').innerText()).toBe(d.code);
    await textStep(0);
    await page.setViewportSize(SIZES[0]);
    await page.locator('[data-testid="done"]').click();
    await page.locator('[data-testid="attract"]').waitFor();
  });

  it('says an unrecognised typed code above the field, covering no control, and the code is corrected at once (screenshots, axe)', async () => {
    const d = own.get(2) ?? own.get(4)!;
    const configs = [{ ...SIZES[0], step: 0 }, { ...SIZES[1], step: 0 }, { ...SIZES[1], step: 4 }];
    for (const [i, c] of configs.entries()) {
      await backToAttract();
      await page.setViewportSize({ width: c.width, height: c.height });
      await textStep(c.step);
      await page.locator('[data-testid="open-keypad"]').click();
      // The newcomer's taps: 1, 2, -, "Chữ cái", X, "Tra cứu".
      for (const k of ['1', '2', '-']) await page.locator(`button[data-key="${k}"]`).click();
      await page.locator('[data-testid="keypad-letters"]').click();
      await page.locator('button[data-key="X"]').click();
      await page.locator('[data-testid="keypad-submit"]').click();
      const notice = page.locator('[data-testid="keypad"] [data-testid="notice"]');
      await notice.waitFor();
      expect(await notice.getAttribute('role')).toBe('alert');
      expect(await notice.locator('p').textContent()).toBe(citizenText.vi.notice.typedUnknown);
      expect(await page.locator('[data-testid="keypad-value"]').inputValue()).toBe('12-X');
      // In the flow, above the field: no button or field of the screen (its own "Đã hiểu" aside) meets it.
      const layout = await page.evaluate(() => {
        const n = document.querySelector('[data-testid="notice"]')!;
        const a = n.getBoundingClientRect();
        const meets = [...document.querySelectorAll('[data-testid="citizen-kiosk"] button, [data-testid="citizen-kiosk"] input')]
          .filter((el) => !n.contains(el))
          .filter((el) => {
            const b = el.getBoundingClientRect();
            return b.width > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          })
          .map((el) => el.getAttribute('data-testid') ?? el.getAttribute('data-key') ?? el.outerHTML.slice(0, 60));
        const field = document.querySelector('[data-testid="keypad-value"]')!.getBoundingClientRect();
        const submit = document.querySelector('[data-testid="keypad-submit"]')!.getBoundingClientRect();
        return { meets, position: getComputedStyle(n).position, aboveField: a.bottom <= field.top, submitOnScreen: submit.bottom <= window.innerHeight };
      });
      // At the usual text size the whole keypad, notice included, is on screen without scrolling
      // (at the largest the page scrolls, as WCAG 1.4.10 allows).
      expect(layout).toEqual({ meets: [], position: 'static', aboveField: true, submitOnScreen: c.step === 0 ? true : layout.submitOnScreen });
      // The hint's example code on one line too, and nothing wider than the screen.
      expect(await codeLayout('[data-testid="keypad"] .hint [data-testid="dossier-code"]', '[data-testid="keypad"]'))
        .toMatchObject({ text: '000.17.22.H56-210531-0001', lines: 1, oneLineHigh: true, inside: true, sideScroll: false });
      await page.screenshot({ path: path.join(SHOTS, `citizen-keypad-notice-${c.width}x${c.height}${c.step ? '-largest' : ''}.png`), fullPage: true });
      if (i === 0) await expectNoAxeViolations(page, { label: 'keypad with a notice' });
      // Corrected without "Đã hiểu": the keys answer while the notice stays (a click on a covered
      // control fails here: the pointer would land on the notice).
      await page.locator('[data-testid="keypad-clear"]').click();
      await page.locator('[data-testid="keypad-letters"][aria-pressed="true"]').click();
      expect(await notice.count()).toBe(1);
      await tapCode(d.code);
      await page.locator('[data-testid="keypad-submit"]').click();
      await page.locator('[data-testid="status"]').waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-testid="notice"]').count()).toBe(0);
    }
    await textStep(0);
    await page.setViewportSize(SIZES[0]);
  });

  it('works with a keyboard alone: Tab to the keypad, type the code, Enter', async () => {
    const d = own.get(4) ?? own.get(2)!;
    await backToAttract();
    await page.locator('body').focus();
    for (let i = 0; i < 12; i += 1) {
      await page.keyboard.press('Tab');
      if (await page.locator('[data-testid="open-keypad"]').evaluate((b) => b === document.activeElement)) break;
    }
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="keypad-value"]').waitFor();
    // A person's pace (the wedge decoder tells people from scanners by the gaps between keys).
    await page.keyboard.type(d.code, { delay: 90 });
    await expect.poll(() => page.locator('[data-testid="keypad-value"]').inputValue()).toBe(d.code);
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="status"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="status-sentence"]').evaluate((e) => e === document.activeElement)).toBe(true);
  });

  it('keeps only citizen views in the public kiosk\'s own database, answers from them, and sends a rating from them', async () => {
    const d = own.get(10)!;
    // What the kiosk-kind device stores, read from Chromium's IndexedDB once its first sync is in.
    const local = async () => page.evaluate(() => new Promise<{ views: unknown[]; dossiers: number; staff: number; keys: number }>((resolve, reject) => {
      const open = indexedDB.open('kiosk');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction(['citizenDossiers', 'dossiers', 'staff', 'staffKeys'], 'readonly');
        const all = (name: string) => new Promise<unknown[]>((ok) => { const r = tx.objectStore(name).getAll(); r.onsuccess = () => ok(r.result as unknown[]); });
        void Promise.all(['citizenDossiers', 'dossiers', 'staff', 'staffKeys'].map(all)).then(([views, dossiers, staff, keys]) => {
          db.close();
          resolve({ views: views!, dossiers: dossiers!.length, staff: staff!.length, keys: keys!.length });
        });
      };
    }));
    await expect.poll(async () => (await local()).views.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(own.size);
    const stored = await local();
    expect({ dossiers: stored.dossiers, staff: stored.staff, keys: stored.keys }).toEqual({ dossiers: 0, staff: 0, keys: 0 });
    const text = JSON.stringify(stored.views);
    for (const r of own.values()) for (const secret of [r.name, r.citizenId, r.address, ...(r.phone ? [r.phone] : [])]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/idHash|pbkdf2|"pin"|timeline/);
    // A returned dossier of this commune: shown from the device's cache and rated here.
    await backToAttract();
    await scan(d.code);
    await page.locator('[data-testid="status"]').waitFor({ timeout: 10_000 });
    expect(Number(await page.locator('[data-testid="status"]').getAttribute('data-status'))).toBe(10);
    await page.locator('[data-testid="rating"] button[data-score="4"]').click();
    await page.locator('[data-testid="rating-thanks"]').waitFor({ timeout: 10_000 });
    await expect.poll(async () => {
      const rows = await app.gateway.db.query<{ data: { rating: { score: number } | null } }>('select data from dossiers where code = $1', [d.code]);
      return rows[0]?.data.rating?.score ?? null;
    }, { timeout: 30_000 }).toBe(4);
    // Shown again: the screen says a rating is recorded and that a new one replaces it.
    await backToAttract();
    await scan(d.code);
    await page.locator('[data-testid="rating-rated"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('[data-testid="rating"] button[data-score]').count()).toBe(4);
    // Its own waits (the first sync up to 20 s, the rating's round trip up to 30 s) exceed the
    // default 20 s: under a loaded CI the first sync alone took that long once.
  }, 90_000);
});
