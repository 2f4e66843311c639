/** The ipc channels between the Electron shell and its preload: a module of its own, with no
 * imports, so that the sandboxed preload bundles it without pulling in the shell. */
export const CALL_CHANNEL = 'kiosk:call';
export const EVENT_CHANNEL = 'kiosk:event';
