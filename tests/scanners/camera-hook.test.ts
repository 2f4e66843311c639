// @vitest-environment happy-dom
import { act, cleanup, render } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useCameraScanner, type CameraScannerView } from '../../src/renderer/scanners/camera/use-camera-scanner';
import type { MediaDevicesLike } from '../../src/renderer/scanners/camera/stream-controller';

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
