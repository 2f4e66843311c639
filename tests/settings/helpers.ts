import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const dirs: string[] = [];

/** A fresh directory under the OS temp dir, removed after the test. */
export async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'kiosk-settings-'));
  dirs.push(d);
  return d;
}

afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A clock the test moves by hand. */
export function manualClock(start = Date.UTC(2026, 10, 26, 8, 0, 0)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => { t += ms; }, set: (ms: number) => { t = ms; } };
}

/** Fast scrypt for tests only: the production cost is exercised in pin-hash tests once. */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1, keyLen: 32 };
