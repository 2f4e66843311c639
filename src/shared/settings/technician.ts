/**
 * Shapes the technician console exchanges with the host (for the bridge contract). The PIN
 * itself only travels renderer → host, and the host never returns a hash.
 */
import { z } from 'zod';

export const PinInput = z.object({ pin: z.string().max(64) }).strict();
export const SetPinInput = z.object({ pin: z.string().max(64), currentPin: z.string().max(64).optional() }).strict();

export const TechnicianStatus = z.object({
  pinSet: z.boolean(),
  unlocked: z.boolean(),
  /** Epoch ms when a PIN may be tried again, or null when not locked out. */
  retryAt: z.number().nullable(),
  /** Wrong PINs still allowed before the first delay. */
  triesLeft: z.number().int().min(0),
});
export type TechnicianStatus = z.infer<typeof TechnicianStatus>;

export const UnlockResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), unlockedUntil: z.number() }),
  z.object({
    ok: z.literal(false),
    code: z.enum(['pin-wrong', 'pin-locked', 'pin-not-set']),
    retryAt: z.number().nullable(),
    triesLeft: z.number().int().min(0),
  }),
]);
export type UnlockResult = z.infer<typeof UnlockResult>;
