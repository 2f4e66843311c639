/** getUserMedia failures as values with a machine code and the person-facing messages (vi, en).
 * Browsers name the same situation differently: old Chrome used PermissionDeniedError,
 * TrackStartError and DevicesNotFoundError; Firefox reports a camera held by another program as
 * AbortError ("Starting videoinput failed"). */
import { localized, type CameraErrorCode } from '../../../shared/messages';
import type { LocalizedMessage } from '../../../shared/protocol';

export type { CameraErrorCode };

export interface CameraError {
  code: CameraErrorCode;
  /** The catalog's message (namespace `codes`, group `camera`). */
  message: LocalizedMessage;
  /** The browser's error name, for the technician's log; never contains scanned data. */
  detail: string | null;
}

export function cameraError(code: CameraErrorCode, detail: string | null = null): CameraError {
  return { code, message: localized('camera', code), detail };
}

const BY_NAME: Record<string, CameraErrorCode> = {
  NotAllowedError: 'camera-denied',
  PermissionDeniedError: 'camera-denied',
  SecurityError: 'camera-denied',
  NotReadableError: 'camera-busy',
  TrackStartError: 'camera-busy',
  AbortError: 'camera-busy',
  NotFoundError: 'camera-absent',
  DevicesNotFoundError: 'camera-absent',
  OverconstrainedError: 'camera-absent',
  ConstraintNotSatisfiedError: 'camera-absent',
  TypeError: 'camera-unsupported',
};

export function mapMediaError(err: unknown): CameraError {
  const name = typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string' ? err.name : null;
  return cameraError((name !== null ? BY_NAME[name] : undefined) ?? 'camera-failed', name);
}
