/** The renderer's only door to its host. Whichever host runs (Electron preload or the browser
 * host's page bridge), it installs the same `KioskBridge` as `window.kiosk` before the app starts. */
import type { KioskBridge } from '../shared/bridge/contract';

declare global {
  interface Window { kiosk: KioskBridge }
}

export function getKiosk(): KioskBridge {
  if (!window.kiosk) throw new Error('window.kiosk is missing: the page was not started by a kiosk host');
  return window.kiosk;
}
