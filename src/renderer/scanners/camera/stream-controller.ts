/** Owns the camera's MediaStream. The kiosk's camera LED must go off when the scan view closes,
 * including the race where the view closes while getUserMedia is still pending (the permission
 * prompt or a slow USB camera can take seconds): the stream that arrives late is stopped at once
 * and never handed to anyone. */
import { cameraError, mapMediaError, type CameraError } from './camera-errors';

/** The part of `navigator.mediaDevices` the camera uses. */
export interface MediaDevicesLike {
  getUserMedia(constraints: MediaStreamConstraints): Promise<MediaStream>;
  enumerateDevices(): Promise<MediaDeviceInfo[]>;
}

export type OpenResult =
  | { ok: true; stream: MediaStream; deviceId: string }
  | { ok: false; error: CameraError };

/** A kiosk camera at VGA is enough for a CCCD QR and keeps each frame cheap to decode. */
export function cameraConstraints(deviceId: string | null): MediaStreamConstraints {
  return {
    audio: false,
    video: {
      ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'environment' }),
      width: { ideal: 640 },
      height: { ideal: 480 },
    },
  };
}

function stopAll(stream: MediaStream): void {
  for (const track of stream.getTracks()) track.stop();
}

export class CameraStreamController {
  private stream: MediaStream | null = null;
  /** Bumped by every open and close; a getUserMedia answer for an older generation is stale. */
  private generation = 0;

  constructor(private readonly devices: MediaDevicesLike | undefined) {}

  get current(): MediaStream | null {
    return this.stream;
  }

  async open(deviceId: string | null = null): Promise<OpenResult> {
    this.release();
    const mine = ++this.generation;
    if (!this.devices || typeof this.devices.getUserMedia !== 'function') {
      return { ok: false, error: cameraError('camera-unsupported') };
    }
    let stream: MediaStream;
    try {
      stream = await this.devices.getUserMedia(cameraConstraints(deviceId));
    } catch (err) {
      return { ok: false, error: mine === this.generation ? mapMediaError(err) : cameraError('camera-closed') };
    }
    if (mine !== this.generation) {
      // Closed (or reopened on another camera) while we waited: this stream has no owner.
      stopAll(stream);
      return { ok: false, error: cameraError('camera-closed') };
    }
    this.stream = stream;
    const track = stream.getVideoTracks()[0];
    const actual = track?.getSettings().deviceId;
    return { ok: true, stream, deviceId: actual || deviceId || 'camera' };
  }

  /** Stops every track; safe to call any number of times, before, during or after open. */
  close(): void {
    this.generation++;
    this.release();
  }

  private release(): void {
    if (this.stream) stopAll(this.stream);
    this.stream = null;
  }
}

export interface CameraDevice {
  deviceId: string;
  /** Empty until the person has granted camera permission once (browser privacy rule). */
  label: string;
  /** 1-based position, for a "Camera N" label when `label` is empty. */
  index: number;
}

export async function listCameras(devices: MediaDevicesLike | undefined): Promise<CameraDevice[]> {
  if (!devices || typeof devices.enumerateDevices !== 'function') return [];
  const all = await devices.enumerateDevices();
  return all
    .filter((d) => d.kind === 'videoinput')
    .map((d, i) => ({ deviceId: d.deviceId, label: d.label, index: i + 1 }));
}
