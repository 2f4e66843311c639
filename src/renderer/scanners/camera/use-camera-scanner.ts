/** React glue for a scan view: lists the cameras, runs a camera session while the view is mounted
 * and enabled, and closes it (camera off) on unmount, on disable and on a change of camera. The
 * camera is the configured one (settings `cameraDeviceId`) unless the view names another. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { RawScan } from '../../../shared/scan/raw-scan';
import { useOptionalSettings } from '../../app-services';
import type { CameraError } from './camera-errors';
import { startCameraScanner, type CameraScannerOptions, type CameraState } from './camera-scanner';
import { listCameras, type CameraDevice, type MediaDevicesLike } from './stream-controller';

export interface UseCameraScannerOptions {
  enabled: boolean;
  /** The camera to open; null: let the browser pick (the first camera); omitted: the configured
   * camera (settings `cameraDeviceId`, itself null for the browser's pick). */
  deviceId?: string | null;
  onScan(scan: RawScan): void;
  /** Test seams; the app uses navigator.mediaDevices and the real worker. */
  mediaDevices?: MediaDevicesLike;
  createWorker?: CameraScannerOptions['createWorker'];
}

export interface CameraScannerView {
  videoRef: React.RefObject<HTMLVideoElement | null>;
  state: CameraState | 'idle';
  /** Show `t(codeKey('camera', error.code))` (src/renderer/i18n/codes.ts). */
  error: CameraError | null;
  devices: CameraDevice[];
  refreshDevices(): Promise<void>;
}

export function useCameraScanner(opts: UseCameraScannerOptions): CameraScannerView {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const [state, setState] = useState<CameraState | 'idle'>('idle');
  const [error, setError] = useState<CameraError | null>(null);
  const [devices, setDevices] = useState<CameraDevice[]>([]);
  // The latest onScan without restarting the camera when the parent re-renders.
  const onScanRef = useRef(opts.onScan);
  onScanRef.current = opts.onScan;
  const mediaDevices = opts.mediaDevices ?? (typeof navigator === 'undefined' ? undefined : navigator.mediaDevices);
  const configured = useOptionalSettings()?.cameraDeviceId ?? null;
  const { createWorker, enabled } = opts;
  const deviceId = opts.deviceId !== undefined ? opts.deviceId : configured;

  const refreshDevices = useCallback(async () => {
    setDevices(await listCameras(mediaDevices));
  }, [mediaDevices]);

  useEffect(() => {
    const video = videoRef.current;
    if (!enabled || !video) return;
    setError(null);
    const session = startCameraScanner({
      video,
      deviceId,
      onScan: (scan) => onScanRef.current(scan),
      onState: (next, err) => {
        setState(next);
        if (err) setError(err);
        // Labels become readable once permission is granted, i.e. when the camera runs.
        if (next === 'scanning') void refreshDevices();
      },
      ...(mediaDevices ? { mediaDevices } : {}),
      ...(createWorker ? { createWorker } : {}),
    });
    return () => session.close();
  }, [enabled, deviceId, mediaDevices, createWorker, refreshDevices]);

  useEffect(() => {
    void refreshDevices();
  }, [refreshDevices]);

  return { videoRef, state, error, devices, refreshDevices };
}
