/** The kiosk's local database: open it, act on it (staff actions), read what waits for the gateway. */
export { KioskDb, openKioskDb, META, type AuditRow, type DossierRow, type KioskDbOptions, type LeaseRow, type OutboxRow, type OutboxState, type Outcome } from './database';
export {
  intake, transition, payFee, rate, voidCode, dismiss, retry, hashCitizenId, vietnamDay, ActionError,
  type ActionContext, type ActionErrorCode, type ActionResult, type IntakeInput,
} from './actions';
export { outboxCounts, attentionList, pendingList, type OutboxCounts } from './outbox';
export { applyRetention, DEFAULT_RETENTION, type RetentionPolicy, type RetentionReport } from './retention';
export { StorageError, classifyStorageError, requestPersistence, type StorageErrorCode } from './storage';
export { MIGRATIONS, SCHEMA_VERSION } from './migrations';
