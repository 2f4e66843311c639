/** A failed bridge call: a machine code the UI translates, never a stack trace. Kept apart from
 * the contract so that both page-side bridges (the browser host's page script and the renderer's
 * client over the Electron preload's ipc) can bundle it without carrying every schema: it needs
 * only the code lists. Its wire schema is in wire.ts. */
import { z } from 'zod';
import { ERROR_CODES, GATEWAY_CLIENT_ERROR_CODES } from '../protocol/errors';
import { SETTINGS_ERROR_CODES } from '../settings/errors';
import { QUEUE_ERROR_CODES } from '../queue/errors';

/** The host's own refusals of a call: the dispatcher, the bridge clients and the host services. */
export const HOST_ERROR_CODES = [
  'unknown-call', // not a call of the contract
  'invalid-input', // the input does not match the call's schema
  'forbidden', // the authoriser refused the call (other than a locked console)
  'host-error', // the handler failed or broke its output schema; also any code this build does not know
  'host-unavailable', // the page lost its host: the calls still waiting fail
  'unsupported', // this host cannot do that (the browser host prints through the print dialog)
  'no-printer', // `print.receipt` without a printer in the settings
  'print-failed', // the printer (or the OS) refused the job
  'bad-path', // a gateway request path that would leave the enrolled gateway
  'key-unavailable', // a sealed officer key this host cannot open (another machine, key lost, tampered)
  'scan-file-changed', // a file of the scanner's folder changed after it was offered (still being written)
] as const;
export const HostErrorCode = z.enum(HOST_ERROR_CODES);
export type HostErrorCode = z.infer<typeof HostErrorCode>;

/**
 * Every code a failed call may carry: the host's own, the settings services', the gateway client's,
 * the gateway's (enrollment hands them over as they came) and the scanner service's refusal of a
 * configuration. A code from another build that is not in this list arrives as `host-error`.
 */
export const BridgeErrorCode = z.enum([
  ...HOST_ERROR_CODES, ...SETTINGS_ERROR_CODES, ...GATEWAY_CLIENT_ERROR_CODES, ...ERROR_CODES, 'invalid-config', ...QUEUE_ERROR_CODES,
]);
export type BridgeErrorCode = z.infer<typeof BridgeErrorCode>;

/**
 * One problem of a refused input as zod reports it — its code, path and parameters (the limits,
 * the options, the expected type) and the kind of value received (`received`: `string`, `number`,
 * …), never the value itself — so the page words it in its own language (zod's locales,
 * shared/messages/issues.ts). `message` is zod's English, for logs and as a fallback.
 */
export interface BridgeIssue {
  code: string;
  path: (string | number)[];
  message: string;
  received?: string;
  [param: string]: unknown;
}

/** Issues carried at most with one refusal. */
export const MAX_BRIDGE_ISSUES = 20;

/**
 * Parameters of a zod issue worth carrying (the rest, `input` first, stays on the host): the
 * schema's limits, options, format and pattern; `keys` are the names of unknown fields the caller
 * itself sent (names, not values).
 */
const ISSUE_PARAMS = ['expected', 'values', 'minimum', 'maximum', 'inclusive', 'exact', 'origin', 'format', 'pattern', 'keys', 'divisor', 'prefix', 'suffix', 'includes'] as const;

/** The kind of a received value, as zod's locales name it (they are handed a sample of that kind). */
export function receivedKind(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/** Zod's issues (parsed with `reportInput: true` for the received kind) as they may cross the bridge. */
export function bridgeIssues(issues: readonly { code: string; path: readonly PropertyKey[]; message: string }[]): BridgeIssue[] {
  return issues.slice(0, MAX_BRIDGE_ISSUES).map((i) => {
    const out: BridgeIssue = { code: i.code, path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message };
    const raw = i as Record<string, unknown>;
    for (const k of ISSUE_PARAMS) {
      const v = raw[k];
      if (v === undefined) continue;
      // Limits and option lists are the schema's, never the input's: plain values only.
      if (['string', 'number', 'boolean'].includes(typeof v)) out[k] = v;
      else if (Array.isArray(v)) out[k] = v.filter((x) => ['string', 'number', 'boolean'].includes(typeof x) || x === null).slice(0, 50);
      else if (typeof v === 'bigint') out[k] = Number(v);
    }
    if ('input' in raw) out.received = receivedKind(raw.input);
    return out;
  });
}

export interface BridgeErrorShape {
  code: BridgeErrorCode;
  message: string;
  /** For a refused input: what was wrong with it, for the page to word (see `BridgeIssue`). */
  issues?: BridgeIssue[];
}

export class BridgeError extends Error {
  constructor(readonly code: BridgeErrorCode, message: string, readonly issues?: readonly BridgeIssue[]) {
    super(message);
    this.name = 'BridgeError';
  }
}

/** A failed call as the wire carries it. */
export function bridgeErrorShape(err: BridgeError): BridgeErrorShape {
  return { code: err.code, message: err.message, ...(err.issues && err.issues.length > 0 ? { issues: [...err.issues] } : {}) };
}

/** A code from outside (another host build, a rejected value): itself if known, else `host-error`. */
export function toBridgeErrorCode(code: unknown): BridgeErrorCode {
  const known = BridgeErrorCode.safeParse(code);
  return known.success ? known.data : 'host-error';
}

/** The code of a failed call (anything thrown: a BridgeError, a rebuilt copy of one, a bug). */
export function bridgeErrorCode(err: unknown): BridgeErrorCode {
  return toBridgeErrorCode(typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined);
}
