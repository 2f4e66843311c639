/**
 * Tunables of the keyboard-wedge decoder, each with the reason for its default (STYLE.md: a timing
 * heuristic is configuration with a reason next to it, not a magic number).
 */
import { z } from 'zod';
import { MAX_SCAN_TEXT } from '../raw-scan';

export const WedgeOptions = z.object({
  /**
   * A burst is scanner input only if its MEAN gap between keydowns (terminator included) is at most
   * this. USB scanners type at 1–15 ms per character; Bluetooth HID scanners at 35–50 ms
   * (DOMAIN.md §6), so 50 accepts all of them. Single gaps above it are tolerated as radio jitter as
   * long as each stays below `minHumanGapMs`.
   */
  maxScanGapMs: z.number().positive().max(1000).default(50),
  /**
   * Any gap of at least this ends a burst: a person typing at ≥ 80 ms per key (≤ 150 words per
   * minute) is therefore never taken for a scanner, whatever else happens. It is also how long a
   * held keystroke waits before it is handed back to the focused input, so it is the extra echo
   * delay a person sees (below the ~100 ms at which typing starts to feel laggy).
   */
  minHumanGapMs: z.number().positive().max(2000).default(80),
  /**
   * Bursts with fewer keys are a person's quick key pair, not a scan. Every payload this kiosk
   * accepts is longer (a dossier code has 25 characters, a CCCD payload dozens).
   */
  minLength: z.number().int().min(1).max(MAX_SCAN_TEXT).default(4),
  /** Physical keys that end a scan (`KeyboardEvent.code`). Scanners ship with Enter; some use Tab. */
  terminators: z.array(z.string().min(1)).min(1).default(['Enter', 'NumpadEnter', 'Tab']),
  /** Text the scanner is configured to send before the payload; stripped, and required if set. */
  prefix: z.string().max(16).default(''),
  /** Text the scanner is configured to send after the payload; stripped, and required if set. */
  suffix: z.string().max(16).default(''),
  /**
   * A scanner-speed burst that stops without a terminator: false (default) reports it as the
   * rejection `no-terminator` (a misconfigured scanner or a lost Enter, which the technician console
   * shows) and discards its characters; true accepts it as a scan `minHumanGapMs` after its last key,
   * for scanners that cannot send a terminator.
   */
  acceptWithoutTerminator: z.boolean().default(false),
  /**
   * A key pressed while another key of the burst is still down (rollover), or a key repeating
   * without being released (auto-repeat), marks the burst as a person typing. A HID scanner
   * releases every key before the next one (it must, to type "00"), while fast typists roll over
   * almost every pair of keys: this is what tells a 50 ms/key typist from a 50 ms/char scanner,
   * which timing alone cannot.
   */
  rolloverIsHuman: z.boolean().default(true),
  /** Longest payload; longer bursts are rejected with `too-long` (the domain's 4 KB cap). */
  maxLength: z.number().int().min(1).max(MAX_SCAN_TEXT).default(MAX_SCAN_TEXT),
}).refine((o) => o.maxScanGapMs < o.minHumanGapMs, {
  message: 'maxScanGapMs must be below minHumanGapMs',
  path: ['maxScanGapMs'],
});

export type WedgeOptions = z.output<typeof WedgeOptions>;
export type WedgeOptionsInput = z.input<typeof WedgeOptions>;

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = WedgeOptions.parse({});
