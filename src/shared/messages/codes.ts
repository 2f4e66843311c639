/**
 * Code lists of the renderer's own failures (the sync engine, the offline store, staff actions, the
 * camera). They live here, next to the catalog, because src/shared may not import the renderer;
 * the lists owned by another concept live with it (protocol/, bridge/, scan/, domain/, settings/).
 */
import { z } from 'zod';
import { ERROR_CODES, GatewayClientErrorCode } from '../protocol/errors';

/** True when `code` is one of `list`'s: narrows a union of code lists (`ScanProblemReason`) to one. */
export function isCodeOf<T extends string>(list: { readonly options: readonly T[] }, code: string): code is T {
  return (list.options as readonly string[]).includes(code);
}

/**
 * Why a sync exchange failed (the renderer's `SyncFailure`): the gateway client's failures, the
 * gateway's own error codes, and `http-error` for an answer without a protocol error body (a
 * proxy's 502, say), whose status is kept beside the code.
 */
export const SYNC_FAILURE_CODES = [
  ...GatewayClientErrorCode.exclude(['enroll-failed']).options, 'http-error', ...ERROR_CODES,
] as const;
export const SyncFailureCode = z.enum(SYNC_FAILURE_CODES);
export type SyncFailureCode = z.infer<typeof SyncFailureCode>;

/**
 * `http-error` with its status, as the heartbeat reports it to the province and the outbox keeps
 * it for a batch refused whole (`http-502`): the form these codes had on the wire before the status
 * moved beside the code.
 */
export type HttpStatusCode = `http-${number}`;
export const httpStatusCode = (status: number): HttpStatusCode => `http-${status}`;

/** Why the offline store (IndexedDB) refused or did not finish (the renderer's `StorageError`). */
export const STORAGE_ERROR_CODES = [
  'storage-quota', // disk or origin quota full: free space; nothing queued was lost
  'storage-corrupt', // backing store cannot be opened ("Internal error opening backing store")
  'storage-blocked', // another tab/instance holds an older version open
  'storage-closed', // database closed under us (eviction, another instance deleted it)
  'storage-version', // this build is older than the data on disk
  'storage-timeout', // the operation did not finish in time
  'storage-failed', // anything else
] as const;
export const StorageErrorCode = z.enum(STORAGE_ERROR_CODES);
export type StorageErrorCode = z.infer<typeof StorageErrorCode>;

/** Why a staff action was refused before it was queued (the renderer's `ActionError`). */
export const ACTION_ERROR_CODES = [
  'unknown-dossier', 'unknown-procedure', 'transition-not-allowed', 'no-code-lease', 'not-enrolled', 'invalid', 'not-found', 'refused', 'not-signed-in', 'busy',
] as const;
export const ActionErrorCode = z.enum(ACTION_ERROR_CODES);
export type ActionErrorCode = z.infer<typeof ActionErrorCode>;

/** Why the camera scanner could not open or decode (the renderer's `CameraError`). */
export const CAMERA_ERROR_CODES = [
  'camera-denied', // the user or the system refused camera access
  'camera-busy', // another program holds the camera
  'camera-absent', // the chosen camera is not there
  'camera-unsupported', // no getUserMedia in this context
  'camera-closed', // the view closed before the camera opened
  'camera-failed', // anything else while opening
  'decoder-failed', // the QR decoder (worker, wasm) did not start
] as const;
export const CameraErrorCode = z.enum(CAMERA_ERROR_CODES);
export type CameraErrorCode = z.infer<typeof CameraErrorCode>;
