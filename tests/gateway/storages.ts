/** Every gateway test runs on both storages: embedded PGlite and the real PostgreSQL server. */
import { TEST_PG_URL, type TestStorage } from '../helpers/gateway';

export const STORAGES: [string, TestStorage][] = [
  ['pglite', 'pglite'],
  ['postgresql', { databaseUrl: TEST_PG_URL }],
];
