import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../src/shared/messages';
import { mapMediaError } from '../../src/renderer/scanners/camera/camera-errors';
import {
  CameraStreamController,
  cameraConstraints,
  listCameras,
  type MediaDevicesLike,
} from '../../src/renderer/scanners/camera/stream-controller';

/** Just enough of MediaStream for the controller: tracks that remember being stopped. */
class FakeTrack {
  stopped = false;
  constructor(readonly kind: 'video' | 'audio', private readonly deviceId: string) {}
  stop(): void {
    this.stopped = true;
  }
  getSettings(): MediaTrackSettings {
    return { deviceId: this.deviceId };
  }
}

function fakeStream(deviceId: string): { stream: MediaStream; tracks: FakeTrack[] } {
  const tracks = [new FakeTrack('video', deviceId), new FakeTrack('audio', deviceId)];
  const stream = {
    getTracks: () => tracks,
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
  } as unknown as MediaStream;
  return { stream, tracks };
}

interface Pending {
  constraints: MediaStreamConstraints;
  resolve(stream: MediaStream): void;
  reject(err: unknown): void;
}

/** navigator.mediaDevices whose getUserMedia answers only when the test says so. */
function fakeDevices(devices: Partial<MediaDeviceInfo>[] = []): MediaDevicesLike & { pending: Pending[] } {
  const pending: Pending[] = [];
  return {
    pending,
    getUserMedia: (constraints) => new Promise((resolve, reject) => pending.push({ constraints, resolve, reject })),
    enumerateDevices: async () => devices as MediaDeviceInfo[],
  };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('CameraStreamController', () => {
  it('stops every track when the view closes', async () => {
    const devices = fakeDevices();
    const controller = new CameraStreamController(devices);
    const opening = controller.open('cam-1');
    const { stream, tracks } = fakeStream('cam-1');
    devices.pending[0]?.resolve(stream);
    const opened = await opening;
    expect(opened).toMatchObject({ ok: true, deviceId: 'cam-1' });
    expect(tracks.some((t) => t.stopped)).toBe(false);
    controller.close();
    expect(tracks.every((t) => t.stopped)).toBe(true);
    expect(controller.current).toBeNull();
    controller.close(); // idempotent
  });

  it('stops a stream that arrives after the view already closed (late resolve)', async () => {
    const devices = fakeDevices();
    const controller = new CameraStreamController(devices);
    const opening = controller.open(null);
    controller.close();
    const { stream, tracks } = fakeStream('late-cam');
    devices.pending[0]?.resolve(stream);
    const opened = await opening;
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.error.code).toBe('camera-closed');
    expect(tracks.every((t) => t.stopped)).toBe(true);
    expect(controller.current).toBeNull();
  });

  it('keeps only the latest camera when the person switches before the first one opened', async () => {
    const devices = fakeDevices();
    const controller = new CameraStreamController(devices);
    const first = controller.open('cam-1');
    const second = controller.open('cam-2');
    const one = fakeStream('cam-1');
    const two = fakeStream('cam-2');
    devices.pending[1]?.resolve(two.stream);
    await tick();
    devices.pending[0]?.resolve(one.stream);
    expect((await first).ok).toBe(false);
    expect(await second).toMatchObject({ ok: true, deviceId: 'cam-2' });
    expect(one.tracks.every((t) => t.stopped)).toBe(true);
    expect(two.tracks.some((t) => t.stopped)).toBe(false);
    expect(controller.current).toBe(two.stream);
    controller.close();
    expect(two.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('stops the previous camera when reopening on another one', async () => {
    const devices = fakeDevices();
    const controller = new CameraStreamController(devices);
    const one = fakeStream('cam-1');
    const first = controller.open('cam-1');
    devices.pending[0]?.resolve(one.stream);
    await first;
    void controller.open('cam-2');
    expect(one.tracks.every((t) => t.stopped)).toBe(true);
  });

  it('asks for the chosen camera exactly, at VGA', () => {
    expect(cameraConstraints('abc').video).toMatchObject({ deviceId: { exact: 'abc' }, width: { ideal: 640 } });
    expect(cameraConstraints(null).video).not.toHaveProperty('deviceId');
  });

  it.each([
    ['NotAllowedError', 'camera-denied'],
    ['SecurityError', 'camera-denied'],
    ['NotReadableError', 'camera-busy'],
    ['TrackStartError', 'camera-busy'],
    ['NotFoundError', 'camera-absent'],
    ['OverconstrainedError', 'camera-absent'],
    ['WeirdError', 'camera-failed'],
  ])('maps a getUserMedia %s to %s with Vietnamese and English messages', async (name, code) => {
    const devices = fakeDevices();
    const controller = new CameraStreamController(devices);
    const opening = controller.open('cam-1');
    devices.pending[0]?.reject(name === 'OverconstrainedError' ? { name, constraint: 'deviceId' } : new DOMException('x', name));
    const opened = await opening;
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.error.code).toBe(code);
    expect(opened.error.detail).toBe(name);
    expect(opened.error.message.vi).toBe(CATALOG.vi.camera[opened.error.code]);
    expect(opened.error.message.en).toBe(CATALOG.en.camera[opened.error.code]);
    expect(opened.error.message.vi).not.toBe(opened.error.message.en);
  });

  it('reports a rejection that comes after close as closed, not as a camera fault', async () => {
    const devices = fakeDevices();
    const controller = new CameraStreamController(devices);
    const opening = controller.open('cam-1');
    controller.close();
    devices.pending[0]?.reject(new DOMException('denied', 'NotAllowedError'));
    const opened = await opening;
    expect(!opened.ok && opened.error.code).toBe('camera-closed');
  });

  it('says unsupported when there is no mediaDevices (insecure context)', async () => {
    const opened = await new CameraStreamController(undefined).open();
    expect(!opened.ok && opened.error.code).toBe('camera-unsupported');
    expect(mapMediaError('not an error object').code).toBe('camera-failed');
  });
});

describe('listCameras', () => {
  it('offers only video inputs, numbered for unlabeled devices', async () => {
    const devices = fakeDevices([
      { kind: 'audioinput', deviceId: 'mic', label: 'Mic' },
      { kind: 'videoinput', deviceId: 'cam-a', label: '' },
      { kind: 'videoinput', deviceId: 'cam-b', label: 'USB Camera' },
    ]);
    expect(await listCameras(devices)).toEqual([
      { deviceId: 'cam-a', label: '', index: 1 },
      { deviceId: 'cam-b', label: 'USB Camera', index: 2 },
    ]);
    expect(await listCameras(undefined)).toEqual([]);
  });
});
