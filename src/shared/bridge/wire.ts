/**
 * Messages between a page-side bridge client (client.ts) and its host. The browser host carries
 * them as JSON over its WebSocket and validates them with these schemas; the Electron preload builds
 * the same shapes from ipc.
 */
import { z } from 'zod';
import { BridgeErrorCode, MAX_BRIDGE_ISSUES, type BridgeErrorShape as ErrorShape } from './error';

/** A code this build does not know (a newer host) arrives as `host-error`, its message kept. */
export const BridgeIssueShape = z.object({
  code: z.string().max(64), path: z.array(z.union([z.string().max(200), z.number()])).max(32), message: z.string().max(1000), received: z.string().max(32).optional(),
}).catchall(z.unknown());
export const BridgeErrorShape = z.object({
  code: BridgeErrorCode.catch('host-error'), message: z.string(),
  // Issues that do not parse are dropped (the message stays): they only word the refusal.
  issues: z.array(BridgeIssueShape).max(MAX_BRIDGE_ISSUES).optional().catch(undefined),
}) satisfies z.ZodType<ErrorShape>;

export const WireCall = z.object({ t: z.literal('call'), id: z.number().int().nonnegative(), name: z.string().max(64), input: z.unknown() });
export const WireResult = z.union([
  z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(true), value: z.unknown() }),
  z.object({ t: z.literal('result'), id: z.number().int(), ok: z.literal(false), error: BridgeErrorShape }),
]);
export const WireEvent = z.object({ t: z.literal('event'), name: z.string(), payload: z.unknown() });
export const WireFromHost = z.union([WireResult, WireEvent]);
export type WireFromHost = z.infer<typeof WireFromHost>;
export type WireCall = z.infer<typeof WireCall>;

/** Query parameter / meta name carrying the per-launch secret of the browser host. */
export const BRIDGE_TOKEN_META = 'kiosk-bridge-token';
export const BRIDGE_WS_PATH = '/bridge';
/** Largest WebSocket message the host accepts (a call's JSON: a run of four 256 KB file chunks,
 * contract.ts BRIDGE_FILE_CHUNKS, is ~1.4 MB in base64). */
export const MAX_WIRE_MESSAGE = 2 * 1024 * 1024;
