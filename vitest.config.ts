import { defineConfig } from 'vitest/config';

// Keep the default `forks` pool: serialport's native binding aborts under worker threads.
export default defineConfig({
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'tests/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup/indexeddb.ts', 'tests/setup/selectionchange.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
