import { z } from 'zod';

/** Where a scan came from. Every source produces the same RawScan; the renderer's scan stream
 * adds the parse result and de-duplication (docs/ARCHITECTURE.md, "Data flow of a scan"). */
export const ScanSource = z.enum(['serial', 'wedge', 'camera', 'keypad']);
export type ScanSource = z.infer<typeof ScanSource>;

/** 4 KB is the domain's cap on a scanned payload; the framer caps bytes before this. */
export const MAX_SCAN_TEXT = 4096;

export const RawScan = z.object({
  source: ScanSource,
  /** Stable device id: a serial scanner's configured id, 'wedge', or a camera's deviceId. */
  device: z.string().min(1).max(200),
  /** The decoded text exactly as received (after framing and strict UTF-8 decoding). */
  text: z.string().max(MAX_SCAN_TEXT * 4),
  /** Epoch milliseconds when the terminator (or the decode) happened. */
  at: z.number(),
});
export type RawScan = z.infer<typeof RawScan>;
