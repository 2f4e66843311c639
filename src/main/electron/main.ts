/** Electron entry point: wires the real `electron` module into the shell. */
import * as electron from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBrowserStorage, registerSchemes, startShell } from './shell';
import { createHostServices } from '../services';
import { parseRole, startRole } from '../role';
import { languageAtStart } from '../settings';
import { APP_VERSION } from '../../shared/version';

const here = path.dirname(fileURLToPath(import.meta.url));
const log = (msg: string, data?: object) => console.log(JSON.stringify({ msg, ...data }));
const gatewayUrl = process.env.KIOSK_GATEWAY_URL ?? null;
// The settings' role picks the screen; KIOSK_ROLE (set by `npm start -- --role …`) overrides it
// for development only.
const roleOverride = parseRole(process.env.KIOSK_ROLE);

registerSchemes(electron);
void startShell(electron, {
  rendererDir: path.join(here, '../renderer'),
  preloadFile: path.join(here, '../preload/preload.cjs'),
  role: roleOverride,
  log,
  nativeLanguage: languageAtStart(electron.app.getPath('userData')),
  secondDisplay: () => {
    const primary = electron.screen.getPrimaryDisplay();
    return electron.screen.getAllDisplays().find((d) => d.id !== primary.id)?.bounds;
  },
  services: async () => {
    const services = await createHostServices({
      name: electron.app.getName(),
      version: APP_VERSION,
      gatewayUrl,
      scanners: [],
      dataDir: electron.app.getPath('userData'),
      // The device token is kept with the OS's protection (DPAPI on Windows, the keyring on Linux).
      safeStorage: electron.safeStorage,
      // A broken kiosk database is copied from here before the renderer replaces it.
      browserStorage: () => electronBrowserStorage(electron),
    });
    // `npm start` hands over a one-time code from the embedded demo gateway.
    const code = process.env.KIOSK_ENROLL_CODE;
    if (code && gatewayUrl && !(await services.handlers['gateway.status']({})).enrolled) {
      const kind = await startRole(services, roleOverride);
      await services.admin?.enroll(gatewayUrl, code, kind, 'Một Cửa Kiosk')
        .catch((err: unknown) => log('demo enrollment failed', { error: String(err) }));
    }
    return services;
  },
});
