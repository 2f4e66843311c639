/** Electron entry point: wires the real `electron` module into the shell. */
import * as electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerSchemes, startShell } from './shell';
import { createHostServices } from '../services';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (msg: string, data?: object) => console.log(JSON.stringify({ msg, ...data }));

registerSchemes(electron);
void startShell(electron, {
  rendererDir: path.join(here, '../renderer'),
  preloadFile: path.join(here, '../preload/preload.cjs'),
  role: process.env.KIOSK_ROLE === 'kiosk' ? 'kiosk' : 'counter',
  log,
  services: () => createHostServices({
    name: electron.app.getName(),
    version: electron.app.getVersion(),
    gatewayUrl: process.env.KIOSK_GATEWAY_URL ?? null,
    scanners: [],
    dataDir: electron.app.getPath('userData'),
  }),
});
