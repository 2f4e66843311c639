/**
 * Starts the renderer's services once per window: the kiosk's settings (read once, then followed),
 * the translation instance in the configured language, the scan stream (host scanners + keyboard
 * wedge with the configured decoder options), the offline database and, when the device is
 * enrolled, the sync engine, which reaches the gateway only through the host (`gateway.request`:
 * the host adds the device token).
 */
import type { KioskBridge } from '../shared/bridge/contract';
import { META } from './db/database';
import { classifyStorageError, type StorageErrorCode } from './db/storage';
import type { DeviceIdentity } from '../shared/protocol/enroll';
import { compiledPatterns, type ProvinceSettings } from '../shared/protocol/province';
import { liveQuery } from 'dexie';
import { SyncEngine } from './sync/engine';
import { followFileSettings, kbpsToBytesPerSecond, retentionFollowing } from './sync/files';
import { startJournal } from './db/journal';
import { beginRecovery, checkBeforeOpen, detectLoss, keepBroken, openOrRecover } from './recovery/storage-recovery';
import { createBridgeTransport } from './sync/transport';
import { startScanning } from './scanners';
import { createI18n } from './i18n';
import { createSettingsSource } from './settings';
import type { AppServices, Role } from './app-services';
import { APP_VERSION } from '../shared/version';

export { APP_VERSION };

export type BootResult = { ok: true; services: AppServices } | { ok: false; code: StorageErrorCode; services: Pick<AppServices, 'i18n'> };

/**
 * The role this window plays: the configured one (settings `role`), unless the URL hash names a
 * role's screen (`#/kiosk`, `#/counter`), which developers and tests use to override it.
 */
export function roleFromLocation(loc: Pick<Location, 'hash'>, configured: Role = 'counter'): Role {
  if (/^#\/kiosk(?:$|[/?])/.test(loc.hash)) return 'kiosk';
  if (/^#\/counter(?:$|[/?])/.test(loc.hash)) return 'counter';
  return configured;
}

export async function bootstrap(kiosk: KioskBridge, win: Window): Promise<BootResult> {
  const settings = createSettingsSource(kiosk);
  await settings.start();
  const boot = settings.get();
  const i18n = createI18n(boot.language);
  const scanning = startScanning(win, kiosk, { wedge: boot.wedge });
  const { stream } = scanning;
  // A change of language is applied by the app shell's provider; the wedge listener lives here.
  // When the host could not answer at boot, its first answer counts as the boot value.
  settings.subscribe((next, prev) => {
    if (prev === null && i18n.language !== next.language) void i18n.changeLanguage(next.language);
    if (prev === null || JSON.stringify(next.wedge) !== JSON.stringify(prev.wedge)) scanning.setWedge(next.wedge);
  });
  // The host first looks at the browser's files: broken ones are kept for support before the open
  // (Chromium would destroy them), and a database that then opens empty was corrupt, not evicted.
  const checked = await checkBeforeOpen(kiosk);
  let opened;
  try {
    // A database that does not open as corrupt is replaced by a fresh one (then refilled below).
    // The broken one is first kept for support by the host (storage.keepBroken).
    opened = await openOrRecover('kiosk', undefined, (detail) => keepBroken(kiosk, 'corrupt', detail));
  } catch (err) {
    // openKioskDb rejects with a StorageError; anything else is `storage-failed`.
    return { ok: false, code: classifyStorageError(err).code, services: { i18n } };
  }
  const { db } = opened;
  // A database the browser closes under the app (its site data cleared, its storage removed) is
  // gone: start again at once, so the start path finds the loss, refills the database and replays
  // the journal (the native event; Dexie's own 'close' also fires on a deliberate close).
  db.backendDB().addEventListener('close', () => {
    console.warn('kiosk database closed by the browser (storage cleared or removed): starting again');
    win.location.reload();
  });
  // The province's own dossier code shapes (docs/SYNC-PROTOCOL.md §4.4) reach the scan parser as
  // soon as a sync stores them.
  liveQuery(() => db.getMeta<ProvinceSettings>(META.province)).subscribe({
    next: (s) => stream.setPatterns(compiledPatterns(s)),
    error: () => undefined,
  });
  let sync: SyncEngine | null = null;
  const status = await kiosk.call('gateway.status', {}).catch(() => null);
  // The citizen-facing second display only mirrors the counter window: no engine of its own.
  const display = win.location.hash.startsWith('#/citizen-display');
  if (!display && status?.enrolled && status.identity) {
    sync = new SyncEngine({
      db,
      transport: createBridgeTransport((req) => kiosk.call('gateway.request', req)),
      appVersion: APP_VERSION,
      events: win,
      // A public kiosk never sends (or holds) files; a counter's file lane runs beside the sync,
      // capped as the settings say (`fileUploadKbps`); confirmed files are evicted after the
      // lane's age (`fileEvictionDays`), read at each retention run.
      files: status.identity.kind === 'kiosk' ? false : { bytesPerSecond: kbpsToBytesPerSecond(settings.get().fileUploadKbps) },
      retention: retentionFollowing(() => sync?.files ?? null),
    });
    // A technician's change of either applies to the running lane, without a restart.
    if (sync.files) followFileSettings(sync.files, settings);
    // A new device identity (first enrollment, or enrolled again after a revocation or a gateway
    // restore) means a fresh pull; the outbox is kept either way.
    const known = await db.getMeta<DeviceIdentity>(META.identity).catch(() => undefined);
    // A lost database (corrupt, evicted, cleared) is refilled the same way, and the staff are told.
    const lost = display ? null : await detectLoss(kiosk, {
      lost: opened.lost, knownDevice: known?.deviceId ?? null, deviceId: status.identity.deviceId, brokenBefore: checked?.state === 'broken',
    });
    if (known?.deviceId !== status.identity.deviceId) await sync.afterEnrollment(status.identity).catch(() => undefined);
    void sync.start();
    // Journaled actions that neither the outbox nor the gateway holds are queued again.
    const engine = sync;
    startJournal(db, kiosk, { before: () => engine.whenIdle(), ...(lost ? { onResult: beginRecovery(kiosk, lost) } : {}) });
  }
  const now = () => (sync ? sync.now() : Date.now());
  return { ok: true, services: { kiosk, scans: stream, db, sync, i18n, role: roleFromLocation(win.location, boot.role), now, settings } };
}
