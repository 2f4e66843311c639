import { BridgeError } from '../../shared/bridge/contract';
import type { SettingsErrorCode } from '../../shared/settings';

/** A settings / technician / secret / support failure: the dispatcher passes the code to the UI. */
export class ServiceError extends BridgeError {
  constructor(override readonly code: SettingsErrorCode, message: string, readonly details?: unknown) {
    super(code, message);
    this.name = 'ServiceError';
  }
}

export type LogFn = (msg: string, data?: object) => void;
export const noLog: LogFn = () => undefined;
