/**
 * Why a scan could not be read, as code lists: what a serial scanner's driver reports (host side,
 * src/main/scanners) and why the keyboard-wedge decoder rejected a burst (./wedge/decoder.ts).
 * Their messages are in the catalog (src/shared/messages, groups `scanner`, `scannerHint` and
 * `wedge`).
 */
import { z } from 'zod';

/** A serial scanner's problems: in `ScannerStatus.lastError`, `scanner.error` events, the CLI. */
export const SCANNER_ERROR_CODES = [
  'frame-overflow', // framer: longer than maxFrame, or the terminator never came; dropped
  'invalid-utf8', // framer: the bytes of a frame are not UTF-8
  'baud-mismatch', // line quality: mostly garbage bytes, the baud rate is probably wrong
  'no-terminator', // bytes waited a second without the configured terminator
  'missing', // no such port, or the USB device is not there
  'busy', // another program holds the port
  'permission', // the OS refuses to open the port
  'disconnected', // the device went away while open
  'not-serial', // the path is not a serial port
  'open-failed', // any other open failure
  'invalid-config', // the scanner's settings do not pass the schema
] as const;
export const ScannerErrorCode = z.enum(SCANNER_ERROR_CODES);
export type ScannerErrorCode = z.infer<typeof ScannerErrorCode>;

/** What the serial framer itself reports (the rest comes from the port and the line quality). */
export const FramerErrorCode = ScannerErrorCode.extract(['frame-overflow', 'invalid-utf8']);
export type FramerErrorCode = z.infer<typeof FramerErrorCode>;

/** Hints the host adds to a scanner's status (`ScannerStatus.detail`) beyond its code. */
export const SCANNER_HINTS = [
  'try-baud', // the line looks garbled: which baud rates to try instead of the configured one
] as const;
export const ScannerHint = z.enum(SCANNER_HINTS);
export type ScannerHint = z.infer<typeof ScannerHint>;

/** Why the keyboard-wedge decoder rejected a burst it took for a scanner. */
export const WEDGE_REJECT_REASONS = [
  'ime', // an input method (Unikey, EVKey…) rewrote the keys
  'no-terminator', // the burst ended in silence, and a terminator is required
  'too-long', // longer than the longest scan
  'unknown-key', // a key the US keymap does not know
  'prefix-mismatch', // the configured prefix is missing
  'suffix-mismatch', // the configured suffix is missing
] as const;
export const WedgeRejectReason = z.enum(WEDGE_REJECT_REASONS);
export type WedgeRejectReason = z.infer<typeof WedgeRejectReason>;

/** Why a scan from any source could not be read (the renderer's `ScanProblem.reason`); note that
 * `no-terminator` is in both lists. */
export type ScanProblemReason = WedgeRejectReason | ScannerErrorCode;
