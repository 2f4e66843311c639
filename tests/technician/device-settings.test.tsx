// @vitest-environment happy-dom
/**
 * What the console's device settings do, over the real host services: the language applies at
 * once, the role is said to apply after a restart (and the console says a restart is pending),
 * the printer field says what a browser cannot do, and the camera the technician saves is the one
 * the camera scanner opens (its getUserMedia constraint).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, screen } from '@testing-library/react';
import text from '../../src/renderer/i18n/console';
import { openConsole, until, type Console } from './harness';

let c: Console | null = null;
const realDevices = Object.getOwnPropertyDescriptor(navigator, 'mediaDevices');
afterEach(async () => {
  cleanup();
  await c?.close();
  c = null;
  if (realDevices) Object.defineProperty(navigator, 'mediaDevices', realDevices);
  else delete (navigator as { mediaDevices?: unknown }).mediaDevices;
});

const type = (testid: string, value: string) => fireEvent.change(screen.getByTestId(testid), { target: { value } });
const textOf = (testid: string) => screen.queryByTestId(testid)?.textContent ?? null;

describe('device settings in the console', () => {
  it('switches the console to the saved language at once, and back', async () => {
    c = await openConsole({ lang: 'vi' });
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(text.vi.title);
    type('general-language', 'en');
    fireEvent.click(screen.getByTestId('general-save'));
    await until(() => textOf('general-result') === text.en.saved);
    expect(c.i18n.language).toBe('en');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(text.en.title);
    expect(screen.getByTestId('panel-general').textContent).toContain(text.en.general.languageHint);

    type('general-language', 'vi');
    fireEvent.click(screen.getByTestId('general-save'));
    await until(() => textOf('general-result') === text.vi.saved);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(text.vi.title);
    expect((await c.bridge.call('settings.get', {})).language).toBe('vi');
  });

  it('switches every screen to the saved theme at once, and back', async () => {
    c = await openConsole({ lang: 'vi' });
    expect(document.documentElement.dataset.theme).toBe('light');
    type('general-theme', 'high-contrast');
    fireEvent.click(screen.getByTestId('general-save'));
    await until(() => textOf('general-result') === text.vi.saved);
    expect(document.documentElement.dataset.theme).toBe('high-contrast');
    expect((await c.bridge.call('settings.get', {})).theme).toBe('high-contrast');
    // A change made elsewhere (a settings import, another window) is followed too.
    await c.bridge.call('settings.update', { theme: 'light' });
    await until(() => document.documentElement.dataset.theme === 'light');
  });

  it('says a new role applies after a restart, and keeps saying so until then', async () => {
    c = await openConsole({ lang: 'vi' });
    expect(screen.queryByTestId('general-restart')).toBeNull();
    type('general-role', 'kiosk');
    fireEvent.click(screen.getByTestId('general-save'));
    await until(() => textOf('general-result') === text.vi.general.savedRestart);
    expect(textOf('general-restart')).toBe(text.vi.general.restartPending.replace('{{role}}', text.vi.general.roles.kiosk));
    expect((await c.bridge.call('settings.get', {})).role).toBe('kiosk');

    // Back to the role this app runs in: nothing is pending any more.
    type('general-role', 'counter');
    fireEvent.click(screen.getByTestId('general-save'));
    await until(() => textOf('general-result') === text.vi.saved);
    expect(screen.queryByTestId('general-restart')).toBeNull();
  });

  it('says the browser cannot choose the printer by itself', async () => {
    c = await openConsole({ lang: 'vi' });
    // The hint is the printer field's description: read out with the field.
    const printer = screen.getByTestId('general-printer');
    const hint = document.getElementById(printer.getAttribute('aria-describedby') ?? '');
    expect(hint?.textContent).toBe(text.vi.general.printerHint);
  });

  it('with no camera, says only that (not that the camera shown is the one in use)', async () => {
    Object.defineProperty(navigator, 'mediaDevices', { configurable: true, value: { getUserMedia: async () => { throw new DOMException('none', 'NotFoundError'); }, enumerateDevices: async () => [] } });
    c = await openConsole({ lang: 'vi' });
    await until(() => screen.queryByTestId('camera-none') !== null);
    expect(screen.queryByTestId('camera-saved-hint')).toBeNull();
  });

  it('opens the saved camera, and saves the one the technician picks', async () => {
    const asked: MediaStreamConstraints[] = [];
    Object.defineProperty(navigator, 'mediaDevices', {
      configurable: true,
      value: {
        // The test's edge: no real camera here, so the permission is refused once the constraint is seen.
        getUserMedia: async (constraints: MediaStreamConstraints) => {
          asked.push(constraints);
          throw new DOMException('Permission denied', 'NotAllowedError');
        },
        enumerateDevices: async () => [
          { kind: 'videoinput', deviceId: 'cam-front', label: 'Front camera', groupId: 'g1' },
          { kind: 'videoinput', deviceId: 'cam-desk', label: 'Desk camera', groupId: 'g2' },
        ],
      },
    });
    c = await openConsole({ lang: 'vi' });
    await c.bridge.call('settings.update', { cameraDeviceId: 'cam-desk' });
    const select = () => screen.getByTestId('camera-device') as HTMLSelectElement;
    await until(() => select().value === 'cam-desk' && select().options.length === 3);
    expect(textOf('camera-saved-hint')).toBe(text.vi.camera.isSaved);

    fireEvent.click(screen.getByTestId('camera-toggle'));
    await until(() => asked.length === 1);
    expect(asked[0]!.video).toMatchObject({ deviceId: { exact: 'cam-desk' } });
    // Refused: the camera is closed again, its error stays, and the button offers a new try.
    await until(() => screen.getByTestId('camera-toggle').textContent === text.vi.camera.open);
    expect(screen.getByTestId('camera-error')).toBeTruthy();
    expect((screen.getByTestId('camera-preview').querySelector('video') as HTMLVideoElement).hidden).toBe(true);

    type('camera-device', 'cam-front');
    expect(textOf('camera-saved-hint')).toBe(text.vi.camera.notSaved);
    fireEvent.click(screen.getByTestId('camera-toggle'));
    await until(() => asked.length === 2);
    expect(asked[1]!.video).toMatchObject({ deviceId: { exact: 'cam-front' } });

    fireEvent.click(screen.getByTestId('camera-save'));
    await until(() => textOf('camera-result') === text.vi.camera.saved);
    expect((await c.bridge.call('settings.get', {})).cameraDeviceId).toBe('cam-front');
    expect(textOf('camera-saved-hint')).toBe(text.vi.camera.isSaved);
  });
});
