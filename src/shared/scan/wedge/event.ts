/**
 * A keyboard event as the pure decoder sees it: the fields of a DOM `KeyboardEvent` that matter,
 * with `t` the event's time in milliseconds (any monotonic clock; the DOM adapter uses
 * `event.timeStamp`, the replay CLI whatever the input says). No DOM types here: the same decoder
 * runs in the renderer, in the CLI and in tests.
 */
import { z } from 'zod';

export interface WedgeKeyEvent {
  type: 'keydown' | 'keyup';
  code: string;
  key: string;
  shiftKey: boolean;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  /** 229 while an IME processes the key (the legacy `keyCode`, still the only reliable signal). */
  keyCode: number;
  isComposing: boolean;
  /** Optional: the DOM's auto-repeat flag; auto-repeat is also detected without it. */
  repeat?: boolean;
  t: number;
}

/** The JSON-lines form read by `scanner wedge-replay`: missing flags default to false / 0 / ''. */
export const WedgeKeyEventJson = z.object({
  type: z.enum(['keydown', 'keyup']),
  code: z.string().max(64).default(''),
  key: z.string().max(64).default(''),
  shiftKey: z.boolean().default(false),
  altKey: z.boolean().default(false),
  ctrlKey: z.boolean().default(false),
  metaKey: z.boolean().default(false),
  keyCode: z.number().int().default(0),
  isComposing: z.boolean().default(false),
  repeat: z.boolean().optional(),
  t: z.number().finite(),
});

/** keyCode Chromium reports for a key the IME is processing (composition). */
export const IME_PROCESS_KEYCODE = 229;
