/**
 * Messages between a page-side bridge client (client.ts) and its host. The browser host carries
 * them as JSON over its WebSocket and validates them with these schemas; the Electron preload builds
 * the same shapes from ipc.
 */
import { z } from 'zod';
import { BridgeErrorCode, type BridgeErrorShape as ErrorShape } from './error';

/** A code this build does not know (a newer host) arrives as `host-error`, its message kept. */
export const BridgeErrorShape = z.object({ code: BridgeErrorCode.catch('host-error'), message: z.string() }) satisfies z.ZodType<ErrorShape>;

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
