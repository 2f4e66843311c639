/**
 * Camera scanner of the renderer. Typical use in a scan view:
 *   const cam = useCameraScanner({ enabled: true, deviceId, onScan: (raw) => stream.push(raw) });
 *   <video ref={cam.videoRef} />  — errors: t(codeKey('camera', cam.error.code))
 * Decoding runs in decode.worker.ts; its core (decode-chain.ts) is pure and also runs in Node. It is
 * deliberately not re-exported here, so the ZXing libraries stay out of the UI bundle.
 */
export { startCameraScanner, createDecodeWorker } from './camera-scanner';
export type { CameraScannerOptions, CameraSession, CameraState } from './camera-scanner';
export { useCameraScanner } from './use-camera-scanner';
export type { CameraScannerView, UseCameraScannerOptions } from './use-camera-scanner';
export { CameraStreamController, listCameras, cameraConstraints } from './stream-controller';
export type { CameraDevice, MediaDevicesLike, OpenResult } from './stream-controller';
export { cameraError, mapMediaError } from './camera-errors';
export type { CameraError, CameraErrorCode } from './camera-errors';
