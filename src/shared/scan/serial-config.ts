/** Per-scanner serial settings: used by the bridge contract, the settings schema and the driver. */
import { z } from 'zod';

export const Terminator = z.enum(['auto', 'cr', 'lf', 'crlf', 'none']);

export const SerialScannerConfig = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_.-]+$/),
  path: z.string().min(1).max(260).optional(),
  vendorId: z.string().regex(/^[0-9a-fA-F]{4}$/).optional(),
  productId: z.string().regex(/^[0-9a-fA-F]{4}$/).optional(),
  serialNumber: z.string().max(128).optional(),
  baudRate: z.number().int().min(300).max(4_000_000).default(9600),
  dataBits: z.union([z.literal(5), z.literal(6), z.literal(7), z.literal(8)]).default(8),
  parity: z.enum(['none', 'even', 'odd', 'mark', 'space']).default('none'),
  stopBits: z.union([z.literal(1), z.literal(1.5), z.literal(2)]).default(1),
  terminator: Terminator.default('auto'),
  silenceMs: z.number().int().min(5).max(2000).default(30),
  prefix: z.string().max(16).default(''),
  suffix: z.string().max(16).default(''),
  maxFrame: z.number().int().min(16).max(16384).default(4096),
  enabled: z.boolean().default(true),
}).refine((c) => c.path !== undefined || (c.vendorId !== undefined && c.productId !== undefined), {
  message: 'path or vendorId+productId is required',
});
export type SerialScannerConfig = z.infer<typeof SerialScannerConfig>;
