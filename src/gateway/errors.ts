/** Errors as values with a machine code; the HTTP layer turns them into the protocol's ErrorBody. */
import { z } from 'zod';
import { MAX_VALIDATION_ISSUES, type ErrorCode, type ForbiddenReason, type LocalizedMessage, type ValidationDetails } from '../shared/protocol';
import { localized } from '../shared/messages';

/** The catalogued message of a code (src/shared/messages). */
export const messageOf = (code: ErrorCode): LocalizedMessage => localized('gateway', code);

export const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401, 'device-revoked': 401, forbidden: 403, 'protocol-version': 426, validation: 400,
  malformed: 400, 'payload-too-large': 413, 'not-found': 404, 'cursor-reset': 410,
  'enroll-code-invalid': 400, 'enroll-code-expired': 400, 'enroll-code-used': 400, 'enroll-code-kind': 400, 'lease-invalid': 400,
  'pin-policy': 400, 'file-rejected': 400, 'file-incomplete': 409, 'file-in-use': 409, 'file-not-declared': 404, 'rate-limited': 429, 'shutting-down': 503, 'storage-unavailable': 503, internal: 500,
  'login-failed': 401, 'account-locked': 429, 'account-disabled': 403, 'password-policy': 400,
};

export class GatewayError extends Error {
  constructor(readonly code: ErrorCode, readonly details?: unknown, message?: LocalizedMessage) {
    super((message ?? messageOf(code)).en);
    this.name = 'GatewayError';
    this.localized = message ?? messageOf(code);
  }
  readonly localized: LocalizedMessage;
  get status(): number {
    return STATUS[this.code];
  }
  body() {
    return { error: { code: this.code, message: this.localized, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/** What a client can show of a failed validation: zod's own report of the first problems. */
export function validationDetails(error: z.ZodError, part?: ValidationDetails['part']): ValidationDetails {
  const shown = error.issues.length > MAX_VALIDATION_ISSUES ? new z.ZodError(error.issues.slice(0, MAX_VALIDATION_ISSUES)) : error;
  const { formErrors, fieldErrors } = z.flattenError(shown);
  return { ...(part === undefined ? {} : { part }), message: z.prettifyError(shown), formErrors, fieldErrors };
}
/** 403 `forbidden` with `details.reason` and that reason's catalogued message. */
export const forbidden = (reason: ForbiddenReason, details: Record<string, unknown> = {}): GatewayError =>
  new GatewayError('forbidden', { reason, ...details }, localized('forbidden', reason));
