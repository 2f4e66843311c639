// @vitest-environment happy-dom
/**
 * The counter's queue panel over a fake queue host that plans with the shared model (the real
 * host's rules): a transfer is a choice among the counters that worked today, never a typed name;
 * a refusal is said in the catalog's words. A walk-in's ticket issued at the counter is shown and
 * printed as the kiosk prints one: `print.ticket` on the configured printer (the test's), else the
 * print dialog.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { DEMO_PROCEDURES } from '../../src/gateway/demo/catalog';
import { BridgeError } from '../../src/shared/bridge/error';
import { CATALOG } from '../../src/shared/messages/catalog';
import {
  applyQueueEvent, emptyQueue, planQueueAction, QueueAction, QueueError, type QueueEvent, type QueueSnapshot,
} from '../../src/shared/queue';
import { QueuePanel } from '../../src/renderer/queue/QueuePanel';
import { renderScreen, until, type Screen, type ScreenOptions } from '../helpers/render-screen';

const DAY = '2026-12-05';
let screenUnder: Screen | null = null;
afterEach(async () => { await screenUnder?.close(); screenUnder = null; });

/** A queue host in the test: the day's events, each action planned by the shared model. */
/** `counter`: this device's counter name (the panel's own); `refuse`: every action fails with it. */
function fakeQueueHost(before: QueueAction[], { counter = 'Quầy 1', refuse }: { counter?: string; refuse?: QueueError['code'] } = {}) {
  const state = emptyQueue(DAY);
  const events: QueueEvent[] = [];
  let clock = Date.parse(`${DAY}T01:00:00.000Z`);
  const apply = (a: QueueAction): QueueEvent => {
    const body = planQueueAction(state, a, randomUUID);
    clock += 60_000;
    const e = { id: randomUUID(), at: new Date(clock).toISOString(), day: DAY, term: 1, device: 'host', ...body } as QueueEvent;
    applyQueueEvent(state, e);
    events.push(e);
    return e;
  };
  before.forEach(apply);
  const acts: QueueAction[] = [];
  const snapshot = (): QueueSnapshot => ({
    mode: 'member', link: 'member', counter, host: '192.168.1.20:47615', term: 1, skewMs: 0, notice: null,
    day: DAY, events: [...events], held: 0, hostTime: clock,
  });
  let screenOf: () => Screen | null = () => null;
  const calls: ScreenOptions['calls'] = {
    'queue.status': async () => snapshot(),
    'queue.act': async (input) => {
      const a = QueueAction.parse(input);
      acts.push(a);
      if (refuse) throw new BridgeError(refuse, refuse);
      try {
        const event = apply(a);
        screenOf()?.bridge.emit('queue.state', snapshot());
        return { event, ahead: 0, waitMinutes: 0 };
      } catch (err) {
        if (err instanceof QueueError) throw new BridgeError(err.code, err.message);
        throw err;
      }
    },
  };
  return { acts, calls, attach(s: Screen) { screenOf = () => s; } };
}

async function panel(q: ReturnType<typeof fakeQueueHost>, opts: ScreenOptions = {}): Promise<Screen> {
  screenUnder = await renderScreen(<QueuePanel staffId="CB01" dossierCode={null} />, { ns: 'queue', ...opts, calls: { ...q.calls, ...opts.calls } });
  q.attach(screenUnder);
  await until(() => screen.queryByTestId('queue-panel') !== null);
  return screenUnder;
}

const issue: QueueAction = { action: 'issue', area: 'Hộ tịch', prefix: 'A', source: 'kiosk', counter: null };

describe('transferring a ticket at the counter', () => {
  it('offers only the other counters that worked today, and sends the one chosen', async () => {
    const q = fakeQueueHost([
      issue, issue,
      { action: 'pause', counter: 'Quầy 3', staffId: 'CB03', reason: 'break' },
      { action: 'resume', counter: 'Quầy 3', staffId: 'CB03' },
      { action: 'call', counter: 'Quầy 2', staffId: 'CB02' },
      { action: 'call', counter: 'Quầy 1', staffId: 'CB01' },
    ]);
    await panel(q);
    await until(() => screen.getByTestId('queue-current').dataset.label === 'A002');
    const to = screen.getByTestId('queue-transfer-to') as HTMLSelectElement;
    expect(to.tagName).toBe('SELECT');
    expect([...to.options].map((o) => o.value)).toEqual(['', 'Quầy 2', 'Quầy 3']);
    // Nothing chosen: nothing to send.
    expect((screen.getByTestId('queue-transfer') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(to, { target: { value: 'Quầy 3' } });
    expect((screen.getByTestId('queue-transfer') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId('queue-transfer'));
    await until(() => screen.getByTestId('queue-current').dataset.label === '');
    expect(q.acts.at(-1)).toEqual({ action: 'transfer', counter: 'Quầy 1', staffId: 'CB01', toCounter: 'Quầy 3' });
  });

  it('counts a ticket transferred to a paused counter among those this counter may call', async () => {
    const q = fakeQueueHost([
      issue, issue,
      { action: 'pause', counter: 'Quầy 1', staffId: 'CB01', reason: 'break' },
      { action: 'call', counter: 'Quầy 2', staffId: 'CB02' },
      { action: 'transfer', counter: 'Quầy 2', staffId: 'CB02', toCounter: 'Quầy 1' },
      { action: 'pause', counter: 'Quầy 2', staffId: 'CB02', reason: 'meeting' },
    ], { counter: 'Quầy 3' });
    await panel(q);
    // Quầy 3: A002 in the shared line, and A001, which waits for Quầy 1 while Quầy 1 is paused.
    await until(() => screen.getByTestId('queue-waiting').dataset.count === '2');
  });

  it('says there is no other counter yet, and cannot transfer, while this one is the only one working', async () => {
    const q = fakeQueueHost([issue, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' }]);
    const s = await panel(q);
    await until(() => screen.getByTestId('queue-current').dataset.label === 'A001');
    const to = screen.getByTestId('queue-transfer-to') as HTMLSelectElement;
    expect(to.disabled).toBe(true);
    expect([...to.options].map((o) => o.textContent)).toEqual([s.t('counter.noOtherCounter')]);
    expect((screen.getByTestId('queue-transfer') as HTMLButtonElement).disabled).toBe(true);
  });

  it('words the host\'s refusal of an unknown counter from the catalog, in Vietnamese and English', async () => {
    for (const lang of ['vi', 'en'] as const) {
      const q = fakeQueueHost([
        issue, { action: 'call', counter: 'Quầy 2', staffId: 'CB02' }, issue, { action: 'call', counter: 'Quầy 1', staffId: 'CB01' },
      ], { refuse: 'queue-counter-unknown' });
      await panel(q, { lang });
      await until(() => screen.getByTestId('queue-current').dataset.label === 'A002');
      fireEvent.change(screen.getByTestId('queue-transfer-to'), { target: { value: 'Quầy 2' } });
      fireEvent.click(screen.getByTestId('queue-transfer'));
      await until(() => screen.queryByTestId('queue-message') !== null);
      expect(screen.getByTestId('queue-message').textContent).toBe(CATALOG[lang].queue['queue-counter-unknown']);
      expect(screen.getByTestId('queue-message').getAttribute('role')).toBe('alert');
      await screenUnder!.close();
      screenUnder = null;
    }
  });
});

describe('a walk-in\'s ticket issued at the counter', () => {
  /** The panel with the catalogue's areas; `printer` set in the settings, or none. */
  async function walkInPanel(printer: string | null, print: (label: string, size: string) => Promise<{ printer: string }>) {
    const printed: { label: string; size: string }[] = [];
    const q = fakeQueueHost([issue, issue]);
    const s = await panel(q, {
      prepare: async ({ host, db }) => {
        await db!.procedures.bulkPut(DEMO_PROCEDURES.map((p) => ({ ...p, active: true, updatedAt: '2026-01-01T00:00:00.000Z' })));
        if (printer) {
          await host.handlers['technician.setPin']({ pin: '482915' });
          await host.handlers['settings.update']({ printerName: printer });
        }
      },
      calls: { 'print.ticket': async ({ label, size = 'roll' }) => { printed.push({ label, size }); return print(label, size); } },
    });
    await until(() => screen.queryByTestId('queue-walkin-area') !== null);
    const area = screen.getByTestId('queue-walkin-area') as HTMLSelectElement;
    const hoTich = [...area.options].find((o) => o.value === 'Hộ tịch')!;
    fireEvent.change(area, { target: { value: hoTich.value } });
    fireEvent.click(screen.getByTestId('queue-walkin'));
    await until(() => screen.queryByTestId('queue-walkin-ticket') !== null);
    return { q, s, printed, prefix: hoTich.textContent!.slice(0, 1) };
  }

  it('shows the ticket and prints it on the configured printer at once, without a dialog; prints again or on A6 on request', async () => {
    const dialog = vi.fn();
    window.print = dialog;
    const { q, s, printed, prefix } = await walkInPanel('EPSON TM-T82', async () => ({ printer: 'EPSON TM-T82' }));
    // The citizen's ticket, not an officer's act: issued for this counter, with no staff id.
    expect(q.acts.at(-1)).toEqual({ action: 'issue', area: 'Hộ tịch', prefix, source: 'counter', counter: 'Quầy 1' });
    const label = `${prefix}003`;
    expect(screen.getByTestId('ticket-number').textContent).toBe(label);
    expect(screen.getByTestId('queue-walkin-ticket').textContent).toContain(s.t('counter.walkInTicket', { label }));
    await until(() => screen.queryByTestId('ticket-printed') !== null);
    expect(printed).toEqual([{ label, size: 'roll' }]);
    expect(screen.getByTestId('ticket-printed').textContent).toBe(s.t('counter.printedOk'));
    expect(screen.getByTestId('queue-message').textContent).toBe(s.t('counter.issued', { label }));
    // Printing marks the root only while it prints.
    expect(document.documentElement.dataset.printing).toBeUndefined();
    fireEvent.click(screen.getByTestId('ticket-print-a6'));
    await until(() => printed.length === 2);
    expect(printed[1]).toEqual({ label, size: 'a6' });
    await until(() => screen.getByTestId('queue-ticket').dataset.size === 'a6');
    fireEvent.click(screen.getByTestId('ticket-print'));
    await until(() => printed.length === 3);
    expect(dialog).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('ticket-done'));
    await until(() => screen.queryByTestId('queue-walkin-ticket') === null);
  });

  it('opens the print dialog when no printer is set, and says a failed printer failed', async () => {
    const dialog = vi.fn(() => { expect(document.documentElement.dataset.printing).toBe('queue-ticket'); });
    window.print = dialog;
    const none = await walkInPanel(null, async () => ({ printer: 'never' }));
    await until(() => dialog.mock.calls.length === 1);
    expect(none.printed).toEqual([]);
    expect(screen.queryByTestId('ticket-printed')).toBeNull();
    await screenUnder!.close();
    screenUnder = null;

    const failing = await walkInPanel('EPSON TM-T82', async () => { throw new BridgeError('print-failed', 'Invalid deviceName provided'); });
    await until(() => dialog.mock.calls.length === 2);
    expect(failing.printed).toHaveLength(1);
    expect(screen.getByTestId('ticket-printed').textContent).toBe(failing.s.t('printFailed'));
  });
});
