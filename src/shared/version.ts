/**
 * The app's version, from package.json's `version` field. Vite inlines the one field at build time
 * (the Electron main process, the renderer); under tsx and vitest the same import reads the file.
 * The host reports it in `app.info` and support bundles, the sync engine sends it to the gateway.
 */
import { version } from '../../package.json';

export const APP_VERSION: string = version;
