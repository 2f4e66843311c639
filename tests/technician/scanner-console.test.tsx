// @vitest-environment happy-dom
/**
 * The scanner console over the real host scanner service and a socat pseudo-terminal: the settings
 * form refuses what the contract refuses, a saved scanner opens and its status is explained, raw
 * bytes and decoded scans show in the monitor, and the fidelity test diagnoses a mangled scan.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import { FIDELITY_PAYLOAD } from '../../src/shared/scan/fidelity';
import { createPtyPair, type PtyPair } from '../helpers/pty';
import { openConsole, until, type Console } from './harness';

let c: Console | null = null;
let pty: PtyPair | null = null;
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
  await pty?.close();
  pty = null;
});

const type = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });
const NEW = 'scanner-scanner-1-';

describe('the scanner settings form', () => {
  it('refuses a bad baud rate, a bad USB id and a scanner with neither port nor USB ids', async () => {
    c = await openConsole();
    fireEvent.click(screen.getByTestId('scanner-add'));
    type(`${NEW}baudRate`, 'fast');
    type(`${NEW}vendorId`, 'xyz');
    fireEvent.click(screen.getByTestId(`${NEW}save`));
    await until(() => screen.queryByTestId(`${NEW}invalid-baudRate`) !== null);
    expect(screen.getByTestId(`${NEW}invalid-baudRate`).textContent).toBe(c.t('scanner.invalid.baudRate'));
    expect(screen.getByTestId(`${NEW}invalid-vendorId`).textContent).toBe(c.t('scanner.invalid.vendorId'));

    type(`${NEW}baudRate`, '9600');
    type(`${NEW}vendorId`, '');
    fireEvent.click(screen.getByTestId(`${NEW}save`));
    await until(() => screen.queryByTestId(`${NEW}invalid-where`) !== null);
    expect(screen.queryByTestId(`${NEW}invalid-baudRate`)).toBeNull();
    expect(c.calls).not.toContain('scanner.setConfig');
  });

  it('saves a scanner on a missing port and says to check the cable', async () => {
    c = await openConsole();
    fireEvent.click(screen.getByTestId('scanner-add'));
    type(`${NEW}path`, '/dev/does-not-exist-kiosk');
    fireEvent.click(screen.getByTestId(`${NEW}save`));
    await until(() => screen.queryByTestId('scanner-message')?.textContent === c!.t('scanner.saved'));
    await until(() => screen.queryByTestId('scanner-todo')?.textContent === c!.t('scanner.todo.missing'));
    expect((await c.bridge.call('settings.get', {})).serialScanners.map((s) => s.path)).toEqual(['/dev/does-not-exist-kiosk']);
  });

  it('explains a port held by another program', async () => {
    c = await openConsole();
    fireEvent.click(screen.getByTestId('scanner-add'));
    type(`${NEW}path`, '/dev/does-not-exist-kiosk');
    fireEvent.click(screen.getByTestId(`${NEW}save`));
    await until(() => screen.queryByTestId('scanner-state') !== null);
    act(() => {
      c!.host.events.emit('scanner.status', {
        id: 'scanner-1', state: 'busy', path: 'COM3', lastError: 'busy', detail: null, framesOk: 0, framesBad: 0, since: Date.now(),
      });
    });
    expect(screen.getByTestId('scanner-todo').textContent).toBe(c.t('scanner.todo.busy'));
    expect(screen.getByTestId('scanner-last-error').textContent).toBe(c.t('codes:scanner.busy'));
  });
});

describe('the live monitor and the fidelity test', () => {
  it('shows raw bytes and the decoded scan from a real serial scanner, then diagnoses a wrong charset', async () => {
    pty = await createPtyPair();
    c = await openConsole();
    fireEvent.click(screen.getByTestId('scanner-add'));
    type(`${NEW}path`, pty.portPath);
    fireEvent.click(screen.getByTestId(`${NEW}save`));
    await until(() => screen.queryByTestId('scanner-state')?.getAttribute('data-state') === 'open', 10_000);

    await pty.write('000.17.22.H56-260305-0042\r\n');
    await until(() => (screen.getByTestId('monitor-decoded').textContent ?? '').includes('000.17.22.H56-260305-0042'), 10_000);
    expect(screen.getByTestId('monitor-decoded').textContent).toContain(c.t('monitor.kind.dossier'));
    await until(() => (screen.getByTestId('monitor-raw').textContent ?? '').includes('30 30 30 2e 31 37'));
    expect(screen.getByTestId('monitor-raw').textContent).toContain('000.17.22.H56-260305-0042␍␊');

    fireEvent.click(screen.getByTestId('fidelity-start'));
    expect(screen.getByTestId('fidelity-qr')).toBeTruthy();
    // A scanner whose output charset is not UTF-8 sends '?' for every Vietnamese letter.
    await pty.write(`${FIDELITY_PAYLOAD.replace(/[^ -~]/gu, '?')}\r\n`);
    await until(() => screen.queryByTestId('fidelity-result') !== null, 10_000);
    const result = screen.getByTestId('fidelity-result');
    expect(result.getAttribute('data-cause')).toBe('wedge-no-unicode');
    expect(screen.getByTestId('fidelity-cause').textContent).toBe(c.t('fidelity.cause.wedge-no-unicode'));
    expect(screen.getByTestId('fidelity-fix').textContent).toBe(c.t('fidelity.fix.scanner-utf8'));
    const rows = within(screen.getByTestId('fidelity-wrong')).getAllByRole('row');
    expect(rows[1]!.textContent).toContain('Đ');
    expect(rows[1]!.textContent).toContain('U+0110');
    expect(rows[1]!.textContent).toContain('?');
  });

  it('passes an intact scan and explains an IME rejection from the keyboard wedge', async () => {
    c = await openConsole();
    fireEvent.click(screen.getByTestId('fidelity-start'));
    c.scan(FIDELITY_PAYLOAD, 'camera', 'cam-1');
    await until(() => screen.queryByTestId('fidelity-result') !== null);
    expect(screen.getByTestId('fidelity-result').getAttribute('data-cause')).toBe('none');
    expect(screen.getByTestId('fidelity-result').textContent).toContain(c.t('fidelity.ok', { count: Array.from(FIDELITY_PAYLOAD).length }));

    fireEvent.click(screen.getByTestId('fidelity-start'));
    act(() => { c!.stream.pushProblem({ source: 'wedge', device: 'wedge', reason: 'ime', at: Date.now() }); });
    await until(() => screen.queryByTestId('fidelity-result')?.getAttribute('data-cause') === 'ime');
    expect(screen.getByTestId('fidelity-fix').textContent).toBe(c.t('fidelity.fix.ime-english'));
    expect(screen.getByTestId('monitor-problem').textContent).toBe(c.i18n.t('codes:wedge.ime'));
  });
});
