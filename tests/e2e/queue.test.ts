/**
 * The office queue end to end in real Chromium: the real gateway (demo data), a kiosk host that is
 * the queue host, a counter host that is its member (with a pty scanner), and four pages — the
 * citizen kiosk, the hall board at 1920×1080, and two counters ("Quầy 1", "Quầy 2"). Thirty tickets
 * are taken at the kiosk and served; Quầy 1 transfers one to Quầy 2 (chosen among the counters
 * working today) and pauses for a while; the
 * board shows each call (time from the click measured; the figure is in docs/PERFORMANCE.md); the
 * gateway's statistics match the events. Then a ticket of yesterday is scanned at a counter.
 */
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../helpers/gateway';
import { expectNoAxeViolations } from '../helpers/axe';
import { signIn } from '../helpers/host-process';
import { QUEUE_AGENCY as AGENCY, startQueueOffice, type QueueOffice } from '../helpers/queue-office';
import { DEMO_PINS } from '../../src/gateway/demo/seed';
import { percentile, queueDay, queueStats, type QueueSnapshot } from '../../src/shared/queue';
import citizenText from '../../src/renderer/i18n/citizen';
import queueText from '../../src/renderer/i18n/queue';

describe('office queue in real Chromium', () => {
  let office: QueueOffice;
  let kiosk: Page; let board: Page; let c1: Page; let c2: Page;

  beforeAll(async () => {
    office = await startQueueOffice();
    const { kioskHost, counterHost } = office;
    kiosk = await office.open(`${kioskHost.host.url}#/kiosk`, { width: 1280, height: 1024 });
    board = await office.open(`${kioskHost.host.url}#/queue-board`, { width: 1920, height: 1080 });
    c1 = await office.open(`${counterHost.host.url}#/counter`);
    await signIn(c1, DEMO_PINS.counter);
    c2 = await office.open(`${counterHost.host.url}#/counter`);
    await signIn(c2, DEMO_PINS.counter);
    await c2.getByTestId('queue-counter-name').fill('Quầy 2');
  }, 240_000);

  afterAll(async () => {
    await office?.close();
  });

  it('takes 30 tickets at the kiosk, serves them at two counters with a pause and a transfer, the board shows each call, statistics match', async () => {
    // Tickets at the kiosk: areas from the catalogue, searched without diacritics for one of them.
    const labels: string[] = [];
    for (let i = 0; i < 30; i++) {
      await kiosk.getByTestId('take-ticket').click({ timeout: 60_000 });
      if (i === 0) {
        // A touch kiosk has no keyboard: the on-screen keypad types the search, without diacritics.
        for (const k of 'ho tich') {
          if (k === ' ') await kiosk.getByTestId('queue-key-space').click();
          else await kiosk.locator(`[data-testid="queue-key"][data-key="${k}"]`).click();
        }
        expect(await kiosk.getByTestId('queue-search').inputValue()).toBe('ho tich');
        await expect.poll(() => kiosk.getByTestId('queue-area').count()).toBe(1);
        mkdirSync('test-output/screenshots', { recursive: true });
        await kiosk.screenshot({ path: 'test-output/screenshots/queue-kiosk-keypad.png' });
      } else if (i % 3 === 0) {
        await kiosk.getByTestId('queue-search').fill('ho tich');
        // The list follows the search on React's next render: asked until it has (not at once).
        await expect.poll(() => kiosk.getByTestId('queue-area').count()).toBe(1);
      }
      await kiosk.getByTestId('queue-area').first().click();
      const number = kiosk.getByTestId('ticket-number');
      await number.waitFor();
      labels.push((await number.textContent())!);
      await kiosk.getByTestId('ticket-done').click();
    }
    expect(new Set(labels).size).toBe(30);
    // The area chooser, with the kiosk's toolbar (its A−/A+ names start with the visible words).
    await kiosk.getByTestId('take-ticket').click();
    await expectNoAxeViolations(kiosk, { label: 'kiosk area chooser' });
    // The header names this screen, not the dossier lookup.
    expect(await kiosk.getByTestId('citizen-title').textContent()).toBe(queueText.vi.takeTicket);
    await kiosk.screenshot({ path: 'test-output/screenshots/queue-kiosk-choose.png' });
    await kiosk.getByTestId('queue-back').click();
    expect(await kiosk.getByTestId('citizen-title').textContent()).toBe(citizenText.vi.titleWithQueue);

    const latencies: number[] = [];
    const current = (p: Page) => p.getByTestId('queue-current');
    /** Calls the next ticket at `p`: the board shows it; returns its label. */
    const call = async (p: Page): Promise<string> => {
      const before = await board.getByTestId('board-current').getAttribute('data-at').catch(() => null);
      const clicked = Date.now();
      await p.getByTestId('queue-call').click();
      await board.waitForFunction((prev) => {
        const el = document.querySelector('[data-testid="board-current"]');
        return el !== null && el.getAttribute('data-at') !== prev;
      }, before, { polling: 'raf', timeout: 10_000 });
      latencies.push(Date.now() - clicked);
      await expect.poll(() => current(p).getAttribute('data-label'), { timeout: 10_000 }).not.toBe('');
      const label = (await current(p).getAttribute('data-label'))!;
      expect(await board.getByTestId('board-current').getAttribute('data-label')).toBe(label);
      return label;
    };
    const finish = async (p: Page): Promise<void> => {
      await p.getByTestId('queue-finish').click();
      await expect.poll(() => current(p).getAttribute('data-label'), { timeout: 10_000 }).toBe('');
    };

    // Quầy 1 calls the first ticket, Quầy 2 the second (so Quầy 2 works today: a transfer may go
    // only to such a counter, chosen from a list); Quầy 1 transfers the first to Quầy 2, then pauses.
    const first = await call(c1);
    expect(first).toBe(labels[0]);
    expect(await call(c2)).toBe(labels[1]);
    await c1.getByTestId('queue-transfer-to').selectOption('Quầy 2');
    await c1.getByTestId('queue-transfer').click();
    await expect.poll(() => current(c1).getAttribute('data-label'), { timeout: 10_000 }).toBe('');
    await c1.getByTestId('queue-pause-reason').selectOption('meeting');
    await c1.getByTestId('queue-pause').click();
    await c1.getByTestId('queue-paused').waitFor();
    // The counter's citizen display (second monitor) says nothing now: Quầy 1 serves nobody.
    const display = await office.open(`${office.counterHost.host.url}#/citizen-display`, { width: 1280, height: 800 });
    await display.getByTestId('citizen-display').waitFor();
    expect(await display.getByTestId('display-queue-call').count()).toBe(0);
    // Quầy 2 finishes its own, gets the transferred ticket next (before the line), then serves
    // eight more while Quầy 1 is paused.
    await finish(c2);
    expect(await call(c2)).toBe(first);
    await finish(c2);
    for (let i = 0; i < 8; i++) { await call(c2); await finish(c2); }
    await c1.getByTestId('queue-resume').click();
    await c1.getByTestId('queue-call').waitFor();
    for (let i = 0; i < 20; i++) {
      const p = i % 2 === 0 ? c1 : c2;
      const label = await call(p);
      // Quầy 1's citizen display shows the number it calls.
      if (i === 0) await expect.poll(() => display.getByTestId('display-queue-call').getAttribute('data-label'), { timeout: 10_000 }).toBe(label);
      await finish(p);
    }
    await expect.poll(() => c1.getByTestId('queue-waiting').getAttribute('data-count')).toBe('0');

    const sorted = [...latencies].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95)!;
    console.log(`queue e2e: ${latencies.length} calls, board shown after click p50 ${percentile(sorted, 50)} ms, p95 ${p95} ms, max ${sorted.at(-1)} ms`);
    // The target is 1 s (p95); the test allows for a loaded CI machine (the figure is recorded in docs/PERFORMANCE.md).
    expect(p95).toBeLessThan(3_000);
    await expectNoAxeViolations(board, { label: 'queue board' });
    // The hall board in the device's high-contrast theme (applied at once): WCAG 2.1 AA too.
    const boardTheme = () => board.evaluate(() => document.documentElement.dataset.theme);
    await office.kioskHost.services.handlers['settings.update']!({ theme: 'high-contrast' } as never);
    await expect.poll(boardTheme, { timeout: 10_000 }).toBe('high-contrast');
    await board.waitForFunction(() => document.getAnimations().every((x) => x.playState !== 'running'));
    await board.screenshot({ path: 'test-output/screenshots/queue-board-high-contrast.png' });
    await expectNoAxeViolations(board, { label: 'queue board, high contrast' });
    await office.kioskHost.services.handlers['settings.update']!({ theme: 'light' } as never);
    await expect.poll(boardTheme, { timeout: 10_000 }).toBe('light');

    // The gateway's statistics are those of the events the queue host holds.
    const snapshot = (await office.kioskHost.services.handlers['queue.status']!({} as never)) as QueueSnapshot;
    const admin = apiClient(office.gw.url, office.gw.adminToken);
    const stats = await expect.poll(async () => {
      const r = await admin('GET', `/v1/admin/queue/stats?agency=${AGENCY}&from=${snapshot.day}`);
      return r.body.events === snapshot.events.length ? r.body : null;
    }, { timeout: 30_000 }).not.toBeNull().then(async () => (await admin('GET', `/v1/admin/queue/stats?agency=${AGENCY}&from=${snapshot.day}`)).body);
    expect(stats).toMatchObject({ tickets: 30, served: 30, noShows: 0, transfers: 1, waiting: 0 });
    const byCounter = Object.fromEntries(stats.byCounter.map((c: { counter: string; served: number; pausedSeconds: number }) => [c.counter, c]));
    expect(byCounter['Quầy 1'].served).toBe(10);
    expect(byCounter['Quầy 2'].served).toBe(20);
    expect(byCounter['Quầy 1'].pausedSeconds).toBeGreaterThan(0);
    const { agency: _a, from: _f, to: _t, events: _e, ...computed } = stats;
    const expected = queueStats(snapshot.events);
    expect({ ...computed, byCounter: computed.byCounter.map((c: object) => ({ ...c, pausedSeconds: 0 })) })
      .toEqual({ ...expected, byCounter: expected.byCounter.map((c) => ({ ...c, pausedSeconds: 0 })) });
  }, 300_000);

  it('issues a walk-in\'s ticket at the counter: a number, printed at once, and one more waiting', async () => {
    // Counts the page's calls of window.print and still makes them (headless Chromium returns at once).
    await c1.evaluate(() => {
      const w = window as unknown as { __prints: number; print: () => void };
      const real = window.print.bind(window);
      w.__prints = 0;
      w.print = () => { w.__prints += 1; real(); };
    });
    const prints = (): Promise<number> => c1.evaluate(() => (window as unknown as { __prints: number }).__prints);
    const waiting = Number(await c1.getByTestId('queue-waiting').getAttribute('data-count'));
    const area = c1.getByTestId('queue-walkin-area');
    const first = await area.locator('option').nth(1).getAttribute('value');
    await area.selectOption(first!);
    await c1.getByTestId('queue-walkin').click();
    await expect.poll(() => c1.getByTestId('queue-waiting').getAttribute('data-count'), { timeout: 10_000 }).toBe(String(waiting + 1));
    // The ticket as the kiosk prints it, shown in a dialog and printed at once: the browser host
    // has no silent print, so the print dialog opens (the Electron host's `print.ticket` is
    // tests/queue/counter-panel.test.tsx's).
    const sheet = c1.getByTestId('queue-walkin-ticket');
    await sheet.waitFor();
    const label = (await sheet.getByTestId('ticket-number').textContent())!;
    expect(label).toMatch(/^[A-Z]\d{3}$/);
    expect(await c1.getByTestId('queue-message').textContent()).toBe(queueText.vi.counter.issued.replace('{{label}}', label));
    await expect.poll(prints, { timeout: 5_000 }).toBe(1);
    expect(await sheet.getByTestId('ticket-printed').count()).toBe(0);
    await c1.screenshot({ path: 'test-output/screenshots/queue-counter-walkin-ticket.png' });
    await expectNoAxeViolations(c1, { label: 'counter, a walk-in\'s ticket' });
    // On paper, as while it prints (the root marked): the ticket alone, at the page's corner.
    await c1.evaluate(() => { document.documentElement.dataset.printing = 'queue-ticket'; });
    await c1.emulateMedia({ media: 'print' });
    const paper = await sheet.getByTestId('queue-ticket').boundingBox();
    expect([Math.round(paper!.x), Math.round(paper!.y)]).toEqual([0, 0]);
    expect(await c1.getByTestId('queue-panel').isVisible()).toBe(false);
    expect(await sheet.getByTestId('ticket-done').isVisible()).toBe(false);
    await c1.screenshot({ path: 'test-output/screenshots/queue-counter-walkin-ticket-print.png' });
    await c1.emulateMedia({ media: null });
    await c1.evaluate(() => { delete document.documentElement.dataset.printing; });
    await c1.getByTestId('ticket-done').click();
    await sheet.waitFor({ state: 'detached' });
    expect(await c1.getByTestId('queue-panel').textContent()).not.toContain('{{');
    // Compact above the dossier: the counter's moves and the queue tools in two rows, so an opened
    // dossier starts above the fold at 1366×768.
    await c1.setViewportSize({ width: 1366, height: 768 });
    await c1.screenshot({ path: 'test-output/screenshots/queue-counter-panel.png' });
    const box = await c1.getByTestId('queue-panel').boundingBox();
    expect(box!.height).toBeLessThan(260);
    await expectNoAxeViolations(c1, { label: 'counter with the queue panel' });
  }, 60_000);

  it('refuses a ticket of yesterday scanned at the counter, with a translated message', async () => {
    const yesterday = queueDay(Date.now() - 86_400_000);
    await office.counterPty.write(`MCQ1:${yesterday}:A001:${randomUUID()}\r\n`);
    const notice = c1.getByTestId('scan-notice');
    await expect.poll(() => notice.getAttribute('data-reason'), { timeout: 10_000 }).toBe('queue-ticket-other-day');
    expect(await notice.textContent()).toContain(yesterday.split('-').reverse().join('/'));
  }, 60_000);
});
