export { Journal, vietnamDayOf, type JournalMutation, type JournalOptions, type JournalStats } from './journal';
