export { Journal, vietnamDayOf, type JournalMutation, type JournalOptions, type JournalStats, type StorageMarker, type StorageRecovery } from './journal';
