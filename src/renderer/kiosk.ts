/** The renderer's only door to its host. The browser host's page bridge installs `window.kiosk`
 * before the app starts; the Electron preload exposes `window.kioskIpc` (plain data, so machine
 * codes survive contextBridge) and the same bridge client is built over it here. */
import type { KioskBridge } from '../shared/bridge/contract';
import { bridgeOverIpc, type KioskIpc } from '../shared/bridge/ipc';

declare global {
  interface Window { kiosk?: KioskBridge; kioskIpc?: KioskIpc }
}

let overIpc: KioskBridge | null = null;

export function getKiosk(): KioskBridge {
  if (window.kiosk) return window.kiosk;
  if (window.kioskIpc) {
    overIpc ??= bridgeOverIpc(window.kioskIpc, { onListenerError: (event, err) => console.error('kiosk event handler failed', event, err) });
    return overIpc;
  }
  throw new Error('window.kiosk is missing: the page was not started by a kiosk host');
}
