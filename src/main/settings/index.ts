export { SettingsStore, languageAtStart, type SettingsAlert, type SettingsStoreOptions, type SettingsListener, type ImportResult } from './store';
export { TechnicianAuth, type TechnicianAuthOptions } from './technician-auth';
export { hashPin, verifyPin, isGuessablePin, DEFAULT_SCRYPT, type ScryptParams } from './pin-hash';
export { ServiceError, type LogFn } from './errors';
export { atomicWriteFile } from './atomic-file';
export { createSettingsHandlers, type SettingsHandlers, type SettingsHandlerDeps } from './handlers';
