export * from './schema';
export * from './pin-policy';
export * from './errors';
export { feeAccountProblem } from './fee-account';
export { migrateSettings, settingsVersionOf, MIGRATIONS, type MigrationResult } from './migrations';
export * from './technician';
export * from './bridge';
