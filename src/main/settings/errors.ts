import { BridgeError, bridgeIssues } from '../../shared/bridge/contract';
import type { SettingsErrorCode } from '../../shared/settings';

/**
 * A settings / technician / secret / support failure: the dispatcher passes the code to the UI,
 * and, for a refused value, zod's issues (parse with `reportInput: true`), which the page words
 * in its language.
 */
export class ServiceError extends BridgeError {
  constructor(override readonly code: SettingsErrorCode, message: string, issues?: readonly { code: string; path: readonly PropertyKey[]; message: string }[]) {
    super(code, message, issues ? bridgeIssues(issues) : undefined);
    this.name = 'ServiceError';
  }
}

export type LogFn = (msg: string, data?: object) => void;
export const noLog: LogFn = () => undefined;
