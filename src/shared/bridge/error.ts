/** A failed bridge call: a machine code the UI translates, never a stack trace. Kept apart from
 * the contract so the page bridge does not carry every schema. */
import { z } from 'zod';

export const BridgeErrorShape = z.object({ code: z.string(), message: z.string() });
export type BridgeErrorShape = z.infer<typeof BridgeErrorShape>;

export class BridgeError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'BridgeError';
  }
}
