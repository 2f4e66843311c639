// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useCameraScanner, type CameraScannerView } from '../../src/renderer/scanners/camera/use-camera-scanner';
import type { MediaDevicesLike } from '../../src/renderer/scanners/camera/stream-controller';
import { AppServicesProvider, type AppServices } from '../../src/renderer/app-services';
import { createSettingsSource, DEFAULT_PUBLIC_SETTINGS } from '../../src/renderer/settings';
import { createI18n } from '../../src/renderer/i18n';
import type { KioskBridge } from '../../src/shared/bridge/contract';
import type { PublicSettings } from '../../src/shared/settings';

afterEach(cleanup);

/** navigator.mediaDevices at the test edge: getUserMedia answers when the test says so. */
function fakeDevices() {
  const pending: { resolve(s: MediaStream): void; reject(e: unknown): void }[] = [];
  const devices: MediaDevicesLike = {
    getUserMedia: () => new Promise((resolve, reject) => pending.push({ resolve, reject })),
    enumerateDevices: async () => [
      { kind: 'videoinput', deviceId: 'cam-1', label: '', groupId: 'g' } as MediaDeviceInfo,
    ],
  };
  return { devices, pending };
}

function fakeStream() {
  const tracks = [{ stopped: false, stop() { this.stopped = true; }, getSettings: () => ({ deviceId: 'cam-1' }) }];
  return { tracks, stream: { getTracks: () => tracks, getVideoTracks: () => tracks } as unknown as MediaStream };
}

function ScanView(props: { devices: MediaDevicesLike; enabled: boolean; out: { view?: CameraScannerView } }): ReactNode {
  const view = useCameraScanner({ enabled: props.enabled, deviceId: null, onScan: () => undefined, mediaDevices: props.devices });
  props.out.view = view;
  return createElement('video', { ref: view.videoRef });
}

const flush = () => act(async () => { await new Promise((r) => setTimeout(r, 0)); });

describe('useCameraScanner', () => {
  it('turns off a camera that opens after the scan view was closed', async () => {
    const { devices, pending } = fakeDevices();
    const out: { view?: CameraScannerView } = {};
    const { unmount } = render(createElement(ScanView, { devices, enabled: true, out }));
    await flush();
    expect(pending).toHaveLength(1);
    unmount();
    const { stream, tracks } = fakeStream();
    pending[0]?.resolve(stream);
    await flush();
    expect(tracks.every((t) => t.stopped)).toBe(true);
  });

  it('turns off a camera that opens after the view was disabled', async () => {
    const { devices, pending } = fakeDevices();
    const out: { view?: CameraScannerView } = {};
    const { rerender } = render(createElement(ScanView, { devices, enabled: true, out }));
    await flush();
    rerender(createElement(ScanView, { devices, enabled: false, out }));
    const { stream, tracks } = fakeStream();
    pending[0]?.resolve(stream);
    await flush();
    expect(tracks.every((t) => t.stopped)).toBe(true);
    expect(out.view?.state).toBe('closed');
  });

  it('exposes a denied camera as an error code the screen can translate', async () => {
    const { devices, pending } = fakeDevices();
    const out: { view?: CameraScannerView } = {};
    render(createElement(ScanView, { devices, enabled: true, out }));
    await flush();
    pending[0]?.reject(new DOMException('Permission denied', 'NotAllowedError'));
    await flush();
    expect(out.view?.state).toBe('error');
    expect(out.view?.error?.code).toBe('camera-denied');
    expect(out.view?.devices).toEqual([{ deviceId: 'cam-1', label: '', index: 1 }]);
  });
});

describe('useCameraScanner and the settings', () => {
  /** The host's side of the bridge as far as settings go: `settings.changed` when the test says so. */
  function settingsHost(initial: PublicSettings) {
    const handlers = new Set<(s: PublicSettings) => void>();
    const bridge = {
      call: async () => initial,
      on: (_event: string, handler: (s: PublicSettings) => void) => { handlers.add(handler); return () => handlers.delete(handler); },
    } as unknown as KioskBridge;
    return { bridge, change: (s: PublicSettings) => { for (const h of handlers) h(s); } };
  }

  function ConfiguredView(props: { devices: MediaDevicesLike; out: { view?: CameraScannerView } }): ReactNode {
    // No deviceId: the scan view takes the configured camera.
    const view = useCameraScanner({ enabled: true, onScan: () => undefined, mediaDevices: props.devices });
    props.out.view = view;
    return createElement('video', { ref: view.videoRef });
  }

  it('opens the camera in the settings, and the new one when a technician changes it', async () => {
    const asked: MediaStreamConstraints[] = [];
    const devices: MediaDevicesLike = {
      getUserMedia: async (c) => { asked.push(c); throw new DOMException('Permission denied', 'NotAllowedError'); },
      enumerateDevices: async () => [],
    };
    const initial = { ...DEFAULT_PUBLIC_SETTINGS, cameraDeviceId: 'cam-desk' };
    const host = settingsHost(initial);
    const settings = createSettingsSource(host.bridge, initial);
    await settings.start();
    const services = { kiosk: host.bridge, i18n: createI18n('vi'), role: 'kiosk', settings } as unknown as AppServices;
    const out: { view?: CameraScannerView } = {};
    render(createElement(AppServicesProvider, { value: services, children: createElement(ConfiguredView, { devices, out }) }));
    await flush();
    expect(asked.map((c) => c.video)).toEqual([expect.objectContaining({ deviceId: { exact: 'cam-desk' } })]);

    act(() => host.change({ ...initial, cameraDeviceId: 'cam-front' }));
    await flush();
    expect(asked.map((c) => c.video)).toEqual([
      expect.objectContaining({ deviceId: { exact: 'cam-desk' } }),
      expect.objectContaining({ deviceId: { exact: 'cam-front' } }),
    ]);

    // Back to "the browser's choice": no device constraint at all.
    act(() => host.change({ ...initial, cameraDeviceId: null }));
    await flush();
    expect(asked[2]!.video).not.toHaveProperty('deviceId');
    settings.stop();
  });
});
