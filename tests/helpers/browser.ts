/**
 * The one way tests and benches start Chromium: Debian's package (or `CHROMIUM_PATH`) through
 * playwright-core, with the flags this machine needs. A caller adds its own flags after these
 * (e.g. a fake camera). Crash tests that must SIGKILL the browser spawn the same binary with the
 * same flags themselves (tests/helpers/host-process.ts).
 */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The Chromium binary, or an error that says how to install it. */
export function chromiumExecutable(): string {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run apt-get install -y chromium (npm test does it)`);
  return CHROMIUM;
}

export async function launchChromium(extra: Partial<LaunchOptions> = {}): Promise<Browser> {
  return chromium.launch({ ...extra, executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS, ...(extra.args ?? [])] });
}
