/**
 * The one error body every non-2xx gateway answer carries:
 * `{ "error": { "code", "message": { "vi", "en" }, "details"? } }`.
 * Clients branch on `code` only; messages are for people (Vietnamese first).
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'unauthorized', // 401: no token, unknown token
  'device-revoked', // 401: the province revoked this device: re-enroll
  'forbidden', // 403: e.g. another agency's data, admin endpoint without admin token
  'protocol-version', // 426: header missing or unsupported
  'validation', // 400: body / query does not match the schema
  'malformed', // 400: not JSON, wrong content type
  'payload-too-large', // 413
  'not-found', // 404
  'cursor-reset', // 410: cursor unknown to this database (restored, recreated): drop it, pull from scratch
  'enroll-code-invalid', // 400: unknown (forged, mistyped) enrollment code
  'enroll-code-expired', // 400
  'enroll-code-used', // 400: single use
  'enroll-code-kind', // 400: the code was issued for another device kind (kiosk / counter)
  'lease-invalid', // 400: day out of range, lease not this device's
  'pin-policy', // 400: a new staff PIN that is not 6 to 12 digits or is guessable (pinProblem)
  'file-rejected', // 400: a file or chunk refused (details.reason: a FileErrorCode, files.ts)
  'file-incomplete', // 409: attaching a file whose chunks have not all arrived
  'file-in-use', // 409: erasing a file an attachment still names (not withdrawn): withdraw it first
  'file-not-declared', // 404: a chunk or state of a file the gateway holds no declaration of (never declared, or collected: abandoned too long): declare it again
  'rate-limited', // 429
  'shutting-down', // 503: retry later
  'storage-unavailable', // 503: the file store (object storage) does not answer: send the chunk again later
  'internal', // 500
  'login-failed', // 401: the console's sign-in: unknown user or wrong password (never which)
  'account-locked', // 429: the console's sign-in: too many wrong passwords in a row
  'account-disabled', // 403: the console's sign-in: the right password of an account an admin disabled
  'password-policy', // 400: a new console password that is shorter than 12 characters (AdminPassword)
] as const;
export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * Why the host's gateway client (src/main/gateway-client) has no usable answer to hand over. The
 * gateway never sends these: the client makes them, and they reach the renderer as bridge errors.
 */
export const GATEWAY_CLIENT_ERROR_CODES = [
  'network', // connection refused, reset, DNS
  'timeout', // no answer in time: the server may or may not have committed
  'not-enrolled', // the host holds no device credential
  'insecure-url', // plain http to a non-loopback host, a URL with credentials, not a URL
  'bad-response', // an answer that is not JSON, too large, or not the protocol's shape
  'enroll-failed', // the gateway refused an enrollment without a code of its own
] as const;
export const GatewayClientErrorCode = z.enum(GATEWAY_CLIENT_ERROR_CODES);
export type GatewayClientErrorCode = z.infer<typeof GatewayClientErrorCode>;

/**
 * Why a device was answered 403 `forbidden` (in `details.reason`, each with its catalogued
 * message): its kind lacks the route's scope (trust.ts), or a signing-key registration was refused
 * (an officer not of this agency, deactivated, in a role that may not act, with no PIN set yet; a
 * proof that does not match; a key revoked or registered to another device or officer).
 */
export const FORBIDDEN_REASONS = ['scope', 'staff-unknown', 'staff-inactive', 'staff-role', 'pin-not-set', 'bad-proof', 'revoked-key', 'key-taken',
  // A staff action outside the mutation batch (attaching a file) whose officer's signature is
  // missing, made with a key not registered for this device and officer, or does not match
  // (details.why: missing | unknown-key | revoked-key | mismatch, as for a mutation).
  'signature-invalid',
  // An admin (the province console, docs/SECURITY.md §8): another agency's data, a province-only
  // route for an agency admin, a cookie session's call without its CSRF token.
  'agency', 'role', 'csrf',
  // Console accounts: an admin disabling (or resetting) itself, the last active province account
  // disabled, a password change whose current password is wrong or whose new one is the current
  // one, a call of an account that must first change the password another admin set.
  'self', 'last-province', 'current-password', 'same-password', 'password-change-required'] as const;
export const ForbiddenReason = z.enum(FORBIDDEN_REASONS);
export type ForbiddenReason = z.infer<typeof ForbiddenReason>;

export const LocalizedMessage = z.object({ vi: z.string(), en: z.string() });
export type LocalizedMessage = z.infer<typeof LocalizedMessage>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: LocalizedMessage,
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/**
 * `details` of a `validation` error, and of a mutation rejected as `validation`: zod's own report of
 * at most `MAX_VALIDATION_ISSUES` problems. `message` lists each with its path (`z.prettifyError`),
 * `formErrors` / `fieldErrors` group them by top-level field (`z.flattenError`). For people and
 * logs: clients branch on the code only.
 */
export const ValidationDetails = z.object({
  /** Which part of the request failed (absent for a mutation's payload). */
  part: z.enum(['body', 'query', 'params']).optional(),
  message: z.string(),
  formErrors: z.array(z.string()),
  fieldErrors: z.record(z.string(), z.array(z.string())),
});
export type ValidationDetails = z.infer<typeof ValidationDetails>;
export const MAX_VALIDATION_ISSUES = 10;

/** Versions the gateway speaks, sent with `protocol-version`. */
export const ProtocolVersionDetails = z.object({ min: z.number().int(), max: z.number().int(), got: z.string().nullable() });
