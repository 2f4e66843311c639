// @vitest-environment happy-dom
/**
 * Printing a queue ticket at the kiosk: with a printer set in the settings the host prints it
 * without a dialog (`print.ticket`, the Electron host's silent print) and the citizen is told so;
 * a printer that fails says so and falls back to the print dialog; with no printer set, or a host
 * that cannot choose one, the print dialog opens. Real host handlers and bridge; the queue's
 * answer and the print are the test's.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { DEMO_PROCEDURES } from '../../src/gateway/demo/catalog';
import { BridgeError } from '../../src/shared/bridge/error';
import { TicketFlow } from '../../src/renderer/queue/TicketFlow';
import { renderScreen, until, type Screen } from '../helpers/render-screen';

const PIN = '482915';
let screenUnder: Screen | null = null;
afterEach(async () => { await screenUnder?.close(); screenUnder = null; });
/** happy-dom has no print dialog: the test stands in for the browser's. */
function printDialog() {
  const dialog = vi.fn();
  window.print = dialog;
  return dialog;
}

async function ticketScreen(printer: string | null, print: (label: string) => Promise<{ printer: string }>) {
  const printed: string[] = [];
  screenUnder = await renderScreen(<TicketFlow onDone={() => undefined} office="UBND xã Tân Trào" />, {
    ns: 'queue',
    prepare: async ({ host, db }) => {
      await db!.procedures.bulkPut(DEMO_PROCEDURES.map((p) => ({ ...p, active: true, updatedAt: '2026-01-01T00:00:00.000Z' })));
      if (printer) {
        await host.handlers['technician.setPin']({ pin: PIN });
        await host.handlers['settings.update']({ printerName: printer });
      }
    },
    calls: {
      'queue.act': async () => ({
        event: { id: randomUUID(), at: new Date().toISOString(), day: '2026-12-05', term: 1, device: 'k', type: 'ticket.issued', ticketId: randomUUID(), area: 'Hộ tịch', prefix: 'A', number: 12, source: 'kiosk', counter: null },
        ahead: 2, waitMinutes: 10,
      }),
      'print.ticket': async ({ label }) => { printed.push(label); return print(label); },
    },
  });
  await until(() => screen.queryAllByTestId('queue-area').length > 0);
  fireEvent.click(screen.getAllByTestId('queue-area')[0]!);
  await until(() => screen.queryByTestId('ticket-print') !== null);
  return printed;
}

describe('choosing an area at the kiosk', () => {
  it('names an area\'s only procedure, and gives one example for an area of several', async () => {
    const [one, two] = [DEMO_PROCEDURES[0]!, DEMO_PROCEDURES[1]!];
    screenUnder = await renderScreen(<TicketFlow onDone={() => undefined} office="UBND xã Tân Trào" />, {
      ns: 'queue',
      prepare: async ({ db }) => {
        await db!.procedures.bulkPut([
          { ...one, field: 'Chứng thực', active: true, updatedAt: '2026-01-01T00:00:00.000Z' },
          { ...two, field: 'Hộ tịch', active: true, updatedAt: '2026-01-01T00:00:00.000Z' },
          { ...two, code: `${two.code}-b`, name: 'Đăng ký kết hôn', field: 'Hộ tịch', active: true, updatedAt: '2026-01-01T00:00:00.000Z' },
        ]);
      },
    });
    await until(() => screen.queryAllByTestId('queue-area').length === 2);
    const text = (area: string) => screen.getAllByTestId('queue-area').find((b) => b.dataset.area === area)!.querySelector('small')!.textContent;
    expect(text('Chứng thực')).toBe(screenUnder.t('onlyProcedure', { example: one.name }));
    expect(text('Chứng thực')).toBe(`Thủ tục: ${one.name}`);
    expect(text('Hộ tịch')).toMatch(/^2 thủ tục, ví dụ: /);
  });
});

describe('printing a queue ticket at the kiosk', () => {
  it('prints on the configured printer without a dialog and says so', async () => {
    const dialog = printDialog();
    const printed = await ticketScreen('EPSON TM-T82', async () => ({ printer: 'EPSON TM-T82' }));
    fireEvent.click(screen.getByTestId('ticket-print'));
    await until(() => screen.queryByTestId('ticket-printed') !== null);
    expect(printed).toEqual(['A012']);
    expect(screen.getByTestId('ticket-printed').textContent).toBe(screenUnder!.t('printedOk'));
    expect(dialog).not.toHaveBeenCalled();
  });

  it('says a failed printer failed and opens the print dialog', async () => {
    const dialog = printDialog();
    await ticketScreen('EPSON TM-T82', async () => { throw new BridgeError('print-failed', 'Invalid deviceName provided'); });
    fireEvent.click(screen.getByTestId('ticket-print-a6'));
    await until(() => dialog.mock.calls.length === 1);
    expect(screen.getByTestId('ticket-printed').textContent).toBe(screenUnder!.t('printFailed'));
  });

  it('opens the print dialog when no printer is set', async () => {
    const dialog = printDialog();
    const printed = await ticketScreen(null, async () => ({ printer: 'never' }));
    fireEvent.click(screen.getByTestId('ticket-print'));
    await until(() => dialog.mock.calls.length === 1);
    expect(printed).toEqual([]);
    expect(screen.queryByTestId('ticket-printed')).toBeNull();
  });
});
