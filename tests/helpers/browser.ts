/** Real Chromium (Debian's package) through playwright-core, with the flags this machine needs. */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export async function launchChromium(extra: Partial<LaunchOptions> = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run apt-get install -y chromium (npm test does it)`);
  return chromium.launch({ ...extra, executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...(extra.args ?? [])] });
}
