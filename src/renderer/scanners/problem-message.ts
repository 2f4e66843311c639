import { isCodeOf } from '../../shared/messages';
import { WedgeRejectReason, type ScanProblemReason } from '../../shared/scan/errors';
import { codeKey } from '../i18n/codes';
import type { ScanProblem } from './scan-stream';

/**
 * The translation key and values for a problem, `t(key, values)`: a wedge rejection has its own
 * advice (namespace `codes`, group `wedge`); another problem (a serial scanner's code, shown at the
 * counter) says the scan could not be read, naming the code.
 */
export function problemMessage(problem: Pick<ScanProblem, 'reason'>): {
  key: `codes:wedge.${WedgeRejectReason}` | 'scanners:unreadable';
  values: { reason: ScanProblemReason };
} {
  const key = isCodeOf(WedgeRejectReason, problem.reason) ? codeKey('wedge', problem.reason) : 'scanners:unreadable';
  return { key, values: { reason: problem.reason } };
}
