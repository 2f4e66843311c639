import type { ScanProblem } from './scan-stream';

/** Reasons with their own text in the `scanners` i18n namespace (src/renderer/i18n/scanners.ts). */
const EXPLAINED = new Set(['ime', 'no-terminator', 'too-long', 'unknown-key', 'prefix-mismatch', 'suffix-mismatch']);

/** The translation key and values for a problem: `t(key, values)` with namespace `scanners`. */
export function problemMessage(problem: Pick<ScanProblem, 'reason'>): { key: string; values: { reason: string } } {
  const key = EXPLAINED.has(problem.reason) ? `problem.${problem.reason}` : 'problem.unknown';
  return { key, values: { reason: problem.reason } };
}
