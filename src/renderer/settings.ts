/**
 * The renderer's one copy of the kiosk's public settings: read once at boot through the bridge
 * (`settings.get`) and kept current by the host's `settings.changed` event. Screens read it with
 * `useSettings()` (src/renderer/app-services.tsx); the boot code follows it for what lives outside
 * React (the keyboard-wedge listener). If the host cannot answer, the schema's defaults apply
 * (counter role, Vietnamese, 60 s idle time, fees paid at the counter).
 */
import type { KioskBridge } from '../shared/bridge/contract';
import { defaultSettings, publicSettings, type PublicSettings } from '../shared/settings/schema';

/** `prev` is null when nothing had been read from the host before (the first answer). */
export type SettingsListener = (next: PublicSettings, prev: PublicSettings | null) => void;

export interface SettingsSource {
  /** The latest settings (the defaults until the host answered). */
  get(): PublicSettings;
  /** Whether the host has answered (at boot, or with a change). */
  readonly loaded: boolean;
  subscribe(fn: SettingsListener): () => void;
  /** Starts following the host: listens to changes, then asks for the settings unless given at
   * creation; resolves once that answer (or its failure) is in. */
  start(): Promise<void>;
  /** Stops following the host. */
  stop(): void;
  /** Asks the host again; rejects with the bridge's error when it cannot answer. */
  refresh(): Promise<PublicSettings>;
}

export const DEFAULT_PUBLIC_SETTINGS: PublicSettings = publicSettings(defaultSettings());

/** The settings as the host has them, or null when it cannot say (an older host, a closed bridge). */
export async function readSettings(kiosk: KioskBridge): Promise<PublicSettings | null> {
  try {
    return await kiosk.call('settings.get', {});
  } catch {
    return null;
  }
}

export function createSettingsSource(kiosk: KioskBridge, initial: PublicSettings | null = null): SettingsSource {
  let value = initial ?? DEFAULT_PUBLIC_SETTINGS;
  let loaded = initial !== null;
  const listeners = new Set<SettingsListener>();
  let off: (() => void) | null = null;
  /** Bumped by every change and by stop: an answer to an older `settings.get` is stale. */
  let epoch = 0;

  const set = (next: PublicSettings): void => {
    const prev = loaded ? value : null;
    value = next;
    loaded = true;
    for (const l of [...listeners]) l(next, prev);
  };

  return {
    get: () => value,
    get loaded() { return loaded; },
    subscribe(fn) {
      listeners.add(fn);
      return () => { listeners.delete(fn); };
    },
    async start() {
      if (off) return;
      const mine = ++epoch;
      // Listening first: a change made while the first answer is on its way is not missed.
      try {
        off = kiosk.on('settings.changed', (s) => { epoch++; set(s); });
      } catch {
        // A host without settings events: the first answer stays.
        off = () => undefined;
      }
      if (loaded) return;
      const s = await readSettings(kiosk);
      if (s && mine === epoch) set(s);
    },
    stop() {
      epoch++;
      off?.();
      off = null;
    },
    async refresh() {
      const mine = ++epoch;
      const s = await kiosk.call('settings.get', {});
      if (mine === epoch) set(s);
      return value;
    },
  };
}
