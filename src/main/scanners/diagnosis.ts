/**
 * What a technician is told about a serial scanner: open failures mapped to a scanner state and a
 * code (src/shared/scan/errors.ts), and the code's message in both languages from the catalog
 * (the console shows the code in the chosen language; the status detail and the CLI the "vi / en" line).
 */
import type { z } from 'zod';
import type { ScannerState } from '../../shared/bridge/contract';
import { bilingual } from '../../shared/messages';
import type { ScannerErrorCode } from '../../shared/scan/errors';

export type { ScannerErrorCode };
export type State = z.infer<typeof ScannerState>;

/**
 * serialport's native bindings report open failures as `Error <strerror> Cannot …` strings with no
 * errno code, so the text is what we can match. Windows says "Access denied" for a COM port that
 * another program holds, and "File not found" for one that is gone.
 */
export function classifyOpenError(err: unknown): { state: State; code: ScannerErrorCode } {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  const msg = typeof e?.message === 'string' ? e.message : String(err);
  if (code === 'EBUSY' || /Cannot lock port|Resource temporarily unavailable|resource busy|Access denied|locked/i.test(msg)) {
    return { state: 'busy', code: 'busy' };
  }
  if (code === 'EACCES' || code === 'EPERM' || /Permission denied|Operation not permitted/i.test(msg)) {
    return { state: 'permission', code: 'permission' };
  }
  if (code === 'ENOENT' || /No such file|File not found|cannot find the file|does not exist/i.test(msg)) {
    return { state: 'missing', code: 'missing' };
  }
  if (/Inappropriate ioctl|Not a typewriter/i.test(msg)) {
    return { state: 'error', code: 'not-serial' };
  }
  return { state: 'error', code: 'open-failed' };
}

/** The code's message, "vi / en". */
export function messageFor(code: ScannerErrorCode): string {
  return bilingual('scanner', code);
}

/** The baud rates scanners actually ship with, tried first by a technician. */
const COMMON_BAUDS = [9600, 115200, 19200, 38400, 57600];

export function baudHint(configured: number): string {
  const others = COMMON_BAUDS.filter((b) => b !== configured).slice(0, 2).join(' / ');
  return bilingual('scannerHint', 'try-baud', { baud: configured, others });
}
