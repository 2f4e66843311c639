// @vitest-environment happy-dom
/**
 * The counter follows the kiosk's settings while it runs (the real host services and dispatcher,
 * a seeded database, the real scan stream): a new language switches the screen at once, and a
 * receipt goes to the printer named in the settings — without a dialog where the host can choose
 * a printer (Electron passes `print` to the call), through the print dialog where it cannot (the
 * browser host), and through the dialog again when the printer fails.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { BridgeError, type KioskBridge, type EventName } from '../../src/shared/bridge/contract';
import type { SettingsPatch } from '../../src/shared/settings';
import { createDispatcher, type CallContext } from '../../src/main/bridge/dispatcher';
import { createHostServices, type HostServices } from '../../src/main/services';
import { AppServicesProvider } from '../../src/renderer/app-services';
import { KioskDb } from '../../src/renderer/db/database';
import { createScanStream } from '../../src/renderer/scanners/scan-stream';
import { Receipt } from '../../src/renderer/counter/Receipt';
import counterText from '../../src/renderer/i18n/counter';
import { createI18n } from '../../src/renderer/i18n';
import { AGENCY, NOW, PIN, STAFF, dossierRow, seedDb, signInAs, startCounter, uniqueName, until, type Counter } from './harness';

const TECH_PIN = '284917';
const CODE = `${AGENCY}-260305-0009`;
const PRINTER = 'EPSON TM-T82 Receipt';

let c: Counter | null = null;
let cleanups: (() => Promise<void> | void)[] = [];
let dialogs = 0;
beforeEach(() => {
  dialogs = 0;
  // happy-dom has no printing: count the print dialogs the receipt opens.
  window.print = () => { dialogs += 1; };
});
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
  for (const f of cleanups.reverse()) await f();
  cleanups = [];
});

/** What a technician does in the console: set the PIN if needed, unlock, save. */
async function saveSettings(host: HostServices, patch: SettingsPatch): Promise<void> {
  if (!(await host.handlers['technician.status']({})).pinSet) await host.handlers['technician.setPin']({ pin: TECH_PIN });
  await host.handlers['technician.unlock']({ pin: TECH_PIN });
  await act(async () => { await host.handlers['settings.update'](patch); });
}

const note = () => screen.queryByTestId('receipt-printed');

/** Signed in, the dossier scanned open, then "print" on it: the receipt screen, printed once by itself. */
async function openReceipt(counter: Counter): Promise<void> {
  await signInAs('c1', PIN);
  counter.scan(CODE);
  await until(() => screen.queryByTestId('reprint') !== null);
  fireEvent.click(screen.getByTestId('reprint'));
  await until(() => screen.queryByTestId('print') !== null);
  await until(() => dialogs === 1);
}

describe('the counter and the settings', () => {
  it('switches to the saved language at once', async () => {
    c = await startCounter();
    await until(() => screen.queryByText(counterText.vi.signIn.title) !== null);
    await saveSettings(c.host, { language: 'en' });
    await until(() => screen.queryByText(counterText.en.signIn.title) !== null);
    expect(c.i18n.language).toBe('en');
    await signInAs('c1', PIN);
    // The label, then the key cap of its shortcut.
    expect(screen.getByTestId('nav-intake').textContent).toBe(`${counterText.en.nav.intake}F2`);
  });

  it('opens the print dialog when no printer is set', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 4)] });
    await openReceipt(c);
    expect(note()).toBeNull();
    // And again from the receipt's own button.
    fireEvent.click(screen.getByTestId('print'));
    await until(() => dialogs === 2);
    expect(note()).toBeNull();
  });

  it('in the browser host, which cannot choose a printer, says so and opens the print dialog', async () => {
    c = await startCounter({ rows: [dossierRow(CODE, 4)] });
    await saveSettings(c.host, { printerName: PRINTER });
    await openReceipt(c);
    await until(() => note() !== null);
    expect(note()!.getAttribute('data-kind')).toBe('noChoice');
    fireEvent.click(screen.getByTestId('print'));
    await until(() => dialogs === 2);
    await until(() => note() !== null);
    expect(note()!.getAttribute('data-kind')).toBe('noChoice');
    expect(note()!.textContent).toBe(counterText.vi.receipt.printNote.noChoice.replace('{{printer}}', PRINTER));
  });
});

describe('a receipt in a host that can choose the printer', () => {
  /** The receipt screen over a dispatcher that passes `print`, as the Electron shell does. */
  async function receiptScreen(print: CallContext['print']): Promise<HostServices> {
    const db = new KioskDb(uniqueName());
    await db.open();
    await seedDb(db, [dossierRow(CODE, 4)]);
    const host = await createHostServices({ name: 'test', version: '0.0.0', gatewayUrl: null, scanners: [], dataDir: null });
    const dispatcher = createDispatcher(host.handlers, { authorise: host.authorise });
    const bridge: KioskBridge = {
      async call(name, input) {
        const r = await dispatcher.dispatch(name, input, { print });
        if (!r.ok) throw new BridgeError(r.error.code, r.error.message);
        return r.value as never;
      },
      on(event: EventName, handler) {
        return host.events.subscribe((name, payload) => { if (name === event) (handler as (p: unknown) => void)(payload); });
      },
    };
    const stream = createScanStream({ bridge, dedupeMs: 0 });
    const i18n = createI18n('vi');
    cleanups.push(() => { stream.dispose(); db.close(); return host.close(); });
    render(
      <I18nextProvider i18n={i18n}>
        <AppServicesProvider value={{ kiosk: bridge, scans: stream, db, sync: null, i18n, role: 'counter', now: () => NOW }}>
          <Receipt code={CODE} staff={STAFF[0]!} />
        </AppServicesProvider>
      </I18nextProvider>,
    );
    await until(() => screen.queryByTestId('print') !== null);
    return host;
  }

  it('prints on the printer in the settings without a dialog, from the next receipt after a change', async () => {
    const printedOn: string[] = [];
    const host = await receiptScreen(async (name) => { printedOn.push(name); });
    fireEvent.click(screen.getByTestId('print'));
    await until(() => dialogs === 1);
    expect(printedOn).toEqual([]);

    await saveSettings(host, { printerName: PRINTER });
    fireEvent.click(screen.getByTestId('print'));
    await until(() => printedOn.length === 1);
    expect(printedOn).toEqual([PRINTER]);
    await until(() => note()?.getAttribute('data-kind') === 'printed');
    expect(note()!.textContent).toBe(counterText.vi.receipt.printNote.printed.replace('{{printer}}', PRINTER));
    expect(dialogs).toBe(1);
  });

  it('falls back to the print dialog when the printer fails, and says so', async () => {
    const host = await receiptScreen(async () => { throw new Error('Invalid deviceName provided'); });
    await saveSettings(host, { printerName: PRINTER });
    fireEvent.click(screen.getByTestId('print'));
    await until(() => dialogs === 1);
    expect(note()!.getAttribute('data-kind')).toBe('failed');
    expect(note()!.textContent).toBe(counterText.vi.receipt.printNote.failed.replace('{{printer}}', PRINTER));
  });
});
