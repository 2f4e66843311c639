/**
 * A citizen's queue ticket in real Chromium (docs/ARCHITECTURE.md, "The office queue"): the office of tests/helpers/queue-office.ts
 * (the citizen kiosk is the queue host, a counter "Quầy 1" its member). The citizen takes two
 * tickets, the second one's QR — read back from the kiosk screen with ZXing, as a phone or the
 * kiosk's scanner would — is scanned at the kiosk (its pty scanner), and the ticket status screen
 * follows the real queue as the counter calls, serves, and the citizen rates the visit.
 *
 * Then printing the ticket, as the browser host really does it: with no printer in the settings
 * the print dialog opens (Chromium's window.print, counted by a wrapper that calls it); with a
 * printer set, `print.ticket` goes to the host, which cannot choose a printer (`unsupported`:
 * only the Electron host prints silently) and the dialog opens, with no notice either way; when
 * the host is gone the call fails for real (`host-unavailable`) and the citizen is told the ticket
 * was not printed and to note the number. Screens with axe (WCAG 2.1 AA) and screenshots in
 * test-output/screenshots/queue-ticket-*.png.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../helpers/axe';
import { signIn } from '../helpers/host-process';
import { decodeQr } from '../helpers/qr';
import { startQueueOffice, type QueueOffice } from '../helpers/queue-office';
import { DEMO_PINS } from '../../src/gateway/demo/seed';
import queueText from '../../src/renderer/i18n/queue';
import { foldQueue, type QueueSnapshot } from '../../src/shared/queue';

const vi = queueText.vi;
const SHOTS = 'test-output/screenshots';
const shot = async (p: Page, name: string) => { mkdirSync(SHOTS, { recursive: true }); await p.screenshot({ path: `${SHOTS}/queue-ticket-${name}.png` }); };

let office: QueueOffice;
let kiosk: Page;
let counter: Page;
/** The kiosk page's bridge traffic (its WebSocket to the host), as parsed JSON messages. */
const sent: { name?: string; id?: unknown; input?: { label?: string } }[] = [];
const received: { t?: string; id?: unknown; ok?: boolean; error?: { code?: string }; name?: string; payload?: { printerName?: string | null } }[] = [];

/** Counts the page's calls of window.print and still makes them (headless Chromium returns at once). */
const countPrints = () => {
  const w = window as unknown as { __prints: number; print: () => void };
  const real = window.print.bind(window);
  w.__prints = 0;
  w.print = () => { w.__prints += 1; real(); };
};
const prints = (): Promise<number> => kiosk.evaluate(() => (window as unknown as { __prints: number }).__prints);

/**
 * The ticket's QR read back from a screenshot, once it is drawn: asked again for a few seconds
 * while ZXing finds no code in it (a screenshot taken as the ticket appears failed once in a full run).
 * The symbol is drawn for paper (32 mm: about 3 screen pixels a module at this zoom, uneven with
 * crisp edges), and ZXing failed every try on one ticket's symbol in a full run: for the read, the
 * SVG is drawn at 8 pixels a module, then put back.
 */
async function readTicketQr(): Promise<string> {
  const el = kiosk.getByTestId('queue-ticket').getByTestId('fee-qr');
  await el.evaluate((svg) => {
    const n = Number(svg.getAttribute('viewBox')?.split(' ')[2] ?? 0);
    (svg as SVGElement).style.width = `${n * 8}px`;
    (svg as SVGElement).style.height = `${n * 8}px`;
  });
  let last: unknown = null;
  try {
    for (let i = 0; i < 20; i++) {
      try {
        return decodeQr(await el.screenshot());
      } catch (err) {
        last = err;
        await kiosk.waitForTimeout(250);
      }
    }
  } finally {
    await el.evaluate((svg) => { (svg as SVGElement).style.width = ''; (svg as SVGElement).style.height = ''; });
  }
  throw last;
}

/** Takes a ticket at the kiosk in the civil-status area; leaves its ticket on screen; answers its label. */
async function takeTicket(): Promise<string> {
  await kiosk.getByTestId('take-ticket').click({ timeout: 30_000 });
  expect(await kiosk.getByTestId('citizen-title').textContent()).toBe(vi.takeTicket);
  await kiosk.getByTestId('queue-search').fill('ho tich');
  await kiosk.getByTestId('queue-area').first().click();
  const number = kiosk.getByTestId('ticket-number');
  await number.waitFor({ timeout: 15_000 });
  return (await number.textContent())!;
}

beforeAll(async () => {
  office = await startQueueOffice();
  // The follow screen is personal: a long idle time keeps it up while the counter works (a real setting).
  await office.kioskHost.services.handlers['technician.setPin']({ pin: '284917' });
  await office.kioskHost.services.handlers['settings.update']({ idleTimeoutSeconds: 600 });
  kiosk = await office.open(`${office.kioskHost.host.url}#/kiosk`, { width: 1280, height: 1024 });
  await kiosk.addInitScript(countPrints);
  kiosk.on('websocket', (ws) => {
    ws.on('framesent', (f) => { try { sent.push(JSON.parse(String(f.payload))); } catch { /* not a bridge message */ } });
    ws.on('framereceived', (f) => { try { received.push(JSON.parse(String(f.payload))); } catch { /* not a bridge message */ } });
  });
  await kiosk.reload();
  counter = await office.open(`${office.counterHost.host.url}#/counter`);
  await signIn(counter, DEMO_PINS.counter);
}, 120_000);

afterAll(async () => {
  await office?.close();
});

describe('a citizen follows a real ticket at the kiosk', () => {
  it('scales the take-a-ticket screen with A+ like the rest of the citizen screen (1366 px wide, no sideways scroll)', async () => {
    await kiosk.setViewportSize({ width: 1366, height: 768 });
    try {
      await kiosk.getByTestId('take-ticket').click({ timeout: 30_000 });
      await kiosk.getByTestId('queue-area').first().waitFor({ timeout: 15_000 });
      const sizes = async () => Promise.all(['queue-area', 'queue-search', 'queue-keypad-toggle'].map((id) =>
        kiosk.getByTestId(id).first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize))));
      const before = await sizes();
      await kiosk.getByTestId('text-larger').click();
      await kiosk.getByTestId('text-larger').click();
      const after = await sizes();
      for (let i = 0; i < before.length; i++) expect(after[i]! / before[i]!).toBeCloseTo(1.5, 2);
      await kiosk.getByTestId('queue-keypad-toggle').click();
      expect(await kiosk.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
      await kiosk.getByTestId('queue-keypad-toggle').click();
      await kiosk.getByTestId('text-smaller').click();
      await kiosk.getByTestId('text-smaller').click();
      await kiosk.getByTestId('queue-back').click();
    } finally {
      await kiosk.setViewportSize({ width: 1280, height: 1024 });
    }
  });

  it('shows the people ahead, then the call to Quầy 1, then asks for a rating and keeps it', async () => {
    const first = await takeTicket();
    await kiosk.getByTestId('ticket-done').click();
    const second = await takeTicket();
    // The ticket's QR as printed on it, read back from the screen.
    const qr = await readTicketQr();
    expect(qr).toMatch(new RegExp(`^MCQ1:\\d{4}-\\d{2}-\\d{2}:${second}:`));
    expect(await kiosk.getByTestId('ticket-ahead').textContent()).toBe(vi.ahead_one.replace('{{count}}', '1'));
    await kiosk.getByTestId('ticket-done').click();
    await kiosk.getByTestId('take-ticket').waitFor();

    // The citizen scans the ticket at the kiosk: one person ahead.
    await office.kioskPty.write(`${qr}\r\n`);
    const follow = kiosk.getByTestId('ticket-follow');
    await follow.waitFor({ timeout: 15_000 });
    expect(await follow.getAttribute('data-follow')).toBe('waiting');
    expect(await kiosk.getByTestId('follow-label').textContent()).toBe(second);
    // The header names the screen: following a ticket (and "Lấy số thứ tự" while taking one, below).
    expect(await kiosk.getByTestId('citizen-title').textContent()).toBe(vi.follow.title);
    expect(await follow.textContent()).toContain('Có 1 người đang chờ trước bạn');
    expect(await follow.textContent()).toContain(vi.listen);
    await expectNoAxeViolations(kiosk, { label: 'ticket status, waiting' });
    await shot(kiosk, 'follow-waiting');

    // Quầy 1 calls the first ticket: nobody is ahead any more (the screen follows the live queue).
    const current = counter.getByTestId('queue-current');
    await counter.getByTestId('queue-call').click();
    await expect.poll(() => current.getAttribute('data-label'), { timeout: 10_000 }).toBe(first);
    await expect.poll(() => follow.textContent(), { timeout: 10_000 }).toContain(vi.aheadNone);
    await counter.getByTestId('queue-finish').click();
    await expect.poll(() => current.getAttribute('data-label'), { timeout: 10_000 }).toBe('');

    // Then the citizen's own number: the screen says where to go.
    await counter.getByTestId('queue-call').click();
    await expect.poll(() => current.getAttribute('data-label'), { timeout: 10_000 }).toBe(second);
    await expect.poll(() => follow.getAttribute('data-follow'), { timeout: 10_000 }).toBe('called');
    expect(await follow.getByRole('status').textContent()).toBe(vi.follow.called.replace('{{counter}}', 'Quầy 1'));
    await expectNoAxeViolations(kiosk, { label: 'ticket status, called' });
    await shot(kiosk, 'follow-called');

    // Served: the kiosk asks for a rating; the rating is kept in the queue and shown as given.
    await counter.getByTestId('queue-finish').click();
    await expect.poll(() => follow.getAttribute('data-follow'), { timeout: 10_000 }).toBe('served');
    expect(await follow.textContent()).toContain(vi.follow.served);
    await expectNoAxeViolations(kiosk, { label: 'ticket status, served (rating)' });
    await shot(kiosk, 'follow-served');
    await kiosk.getByTestId('rating').locator('button[data-score="4"]').click();
    await kiosk.getByTestId('follow-rated').waitFor({ timeout: 10_000 });
    const snapshot = (await office.kioskHost.services.handlers['queue.status']({})) as QueueSnapshot;
    expect(foldQueue(snapshot.day, snapshot.events).tickets.find((t) => t.label === second)?.rating).toBe(4);
    await kiosk.getByTestId('follow-back').click();
    await kiosk.getByTestId('take-ticket').waitFor();
  }, 120_000);
});

describe('printing the ticket through the browser host', () => {
  it('opens the print dialog without a notice when no printer is set, and when the host cannot choose one', async () => {
    await takeTicket();
    const before = await prints();
    await kiosk.getByTestId('ticket-print').click();
    await expect.poll(prints, { timeout: 5_000 }).toBe(before + 1);
    expect(await kiosk.getByTestId('ticket-printed').count()).toBe(0);

    expect(sent.filter((m) => m.name === 'print.ticket')).toHaveLength(0);

    // A printer set in the host's settings reaches the page; the page asks the host, which answers
    // that it cannot choose a printer: the dialog opens and nothing claims the ticket printed or failed.
    await office.kioskHost.services.handlers['settings.update']({ printerName: 'EPSON TM-T82 Receipt' });
    await expect.poll(() => received.some((m) => m.name === 'settings.changed' && m.payload?.printerName === 'EPSON TM-T82 Receipt'), { timeout: 5_000 }).toBe(true);
    await kiosk.getByTestId('ticket-print-a6').click();
    await expect.poll(prints, { timeout: 5_000 }).toBe(before + 2);
    expect(await kiosk.getByTestId('queue-ticket').getAttribute('data-size')).toBe('a6');
    const call = sent.find((m) => m.name === 'print.ticket');
    expect(call?.input).toEqual({ label: await kiosk.getByTestId('ticket-number').textContent(), size: 'a6' });
    expect(received.find((m) => m.t === 'result' && m.id === call!.id)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(await kiosk.getByTestId('ticket-printed').count()).toBe(0);
  }, 60_000);

  it('tells the citizen the ticket was not printed when the host is gone, and keeps the number on screen', async () => {
    const label = await kiosk.getByTestId('ticket-number').textContent();
    const before = await prints();
    // The host's server stops (as when its process dies): the page's bridge call fails for real.
    await office.kioskHost.host.close();
    await kiosk.getByTestId('ticket-print').click();
    const notice = kiosk.getByTestId('ticket-printed');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toBe(vi.printFailed);
    expect(await notice.getAttribute('role')).toBe('status');
    // The dialog still opens (a printer chosen there may work) and the number stays to be noted.
    await expect.poll(prints, { timeout: 5_000 }).toBe(before + 1);
    expect(await kiosk.getByTestId('ticket-number').textContent()).toBe(label);
    await expectNoAxeViolations(kiosk, { label: 'ticket not printed', include: '[data-testid="queue-issued"]' });
    await shot(kiosk, 'print-failed');
  }, 60_000);
});
