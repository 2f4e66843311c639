// @vitest-environment happy-dom
/**
 * The kiosk's header names the screen the citizen is on: the dossier lookup, taking a queue
 * number, following a ticket; in the language shown, and back to the lookup when the citizen leaves.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import type { QueueSnapshot } from '../../src/shared/queue';
import { translator } from '../helpers/render-screen';
import { startKiosk, t, until, type Kiosk } from './harness';

const DAY = '2026-03-05';
const q = translator('queue');
const qEn = translator('queue', 'en');
/** A queue host with no ticket yet: the attract screen offers "Lấy số thứ tự". */
const SNAPSHOT: QueueSnapshot = {
  mode: 'host', link: 'host', counter: 'Quầy 1', host: null, term: 1, skewMs: 0, notice: null, day: DAY, events: [], held: 0, hostTime: 0,
};

let kiosk: Kiosk | null = null;
afterEach(async () => {
  cleanup();
  await kiosk?.close();
  kiosk = null;
});

const title = (): string | null => screen.getByTestId('citizen-title').textContent;

describe('the kiosk header', () => {
  it('says "Lấy số thứ tự" on the ticket screen, "Theo dõi số thứ tự" for a scanned ticket, and "Tra cứu hồ sơ" on the lookup', async () => {
    kiosk = await startKiosk({ calls: { 'queue.status': async () => SNAPSHOT } });
    await until(() => screen.queryByTestId('take-ticket') !== null);
    // The start screen offers both.
    expect(title()).toBe(t('titleWithQueue'));
    fireEvent.click(screen.getByTestId('take-ticket'));
    expect(screen.getByTestId('citizen-kiosk').dataset.view).toBe('queue');
    expect(title()).toBe(q('takeTicket'));
    expect(title()).not.toBe(t('title'));
    // In English too.
    fireEvent.click(screen.getByTestId('citizen-language'));
    await until(() => title() === qEn('takeTicket'));
    fireEvent.click(screen.getByTestId('citizen-language'));
    await until(() => title() === q('takeTicket'));
    // Back: the start screen again.
    fireEvent.click(screen.getByTestId('queue-back'));
    expect(title()).toBe(t('titleWithQueue'));
    fireEvent.click(screen.getByTestId('open-keypad'));
    expect(title()).toBe(t('title'));
    fireEvent.click(screen.getByTestId('keypad-back'));
    // A ticket's QR scanned: following that ticket.
    kiosk.scan(`MCQ1:${DAY}:A001:${randomUUID()}`);
    await until(() => screen.queryByTestId('ticket-follow') !== null);
    expect(title()).toBe(q('follow.title'));
    fireEvent.click(screen.getByTestId('follow-back'));
    expect(title()).toBe(t('titleWithQueue'));
  });
});
