/**
 * The file lane follows the device settings (docs/SYNC-PROTOCOL.md §13): the upload cap
 * (`fileUploadKbps`) and the age after which a confirmed file's bytes leave the counter
 * (`fileEvictionDays`), as bootstrap.ts wires them — the settings source over the host's real
 * settings store and bridge, a technician's save announced by `settings.changed` — reach the
 * running lane without a restart, and the retention run evicts by the lane's age.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createHostServices, type HostServices } from '../../src/main/services';
import { createSettingsSource, type SettingsSource } from '../../src/renderer/settings';
import { KioskDb, type AttachmentRow, type FileRow } from '../../src/renderer/db/database';
import { FILE_EVICTION_DAYS } from '../../src/renderer/db/files';
import { applyRetention } from '../../src/renderer/db/retention';
import { FileLane, followFileSettings, kbpsToBytesPerSecond, retentionFollowing } from '../../src/renderer/sync/files';
import type { SyncTransport } from '../../src/renderer/sync/transport';
import type { SettingsPatch } from '../../src/shared/settings';
import { APP_VERSION } from '../../src/shared/version';
import { bridgeOver } from '../helpers/test-bridge';
import { uniqueName } from './fixtures';

const PIN = '284917';
const DAY = 86_400_000;
let dir: string;
let host: HostServices;
let source: SettingsSource;
let db: KioskDb;

/** A line that is down: the lane is never started here, so nothing is sent. */
const offline: SyncTransport = { request: async () => { throw Object.assign(new Error('offline'), { code: 'offline' }); } };

/** What a technician does in the console: unlock it, then save; resolves once the renderer's source has the change. */
async function save(patch: SettingsPatch): Promise<void> {
  await host.handlers['technician.unlock']({ pin: PIN });
  await host.handlers['settings.update'](patch);
  const want = Object.entries(patch);
  for (let i = 0; i < 200 && !want.every(([k, v]) => source.get()[k as keyof typeof patch] === v); i++) await new Promise((r) => setTimeout(r, 5));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'kiosk-file-settings-'));
  host = await createHostServices({ name: 'test', version: APP_VERSION, gatewayUrl: null, scanners: [], dataDir: dir });
  await host.handlers['technician.setPin']({ pin: PIN });
  source = createSettingsSource(bridgeOver(host));
  await source.start();
});
afterAll(async () => {
  source?.stop();
  await host?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  db?.close();
  await save({ fileUploadKbps: 0, fileEvictionDays: FILE_EVICTION_DAYS });
});

async function openDb(): Promise<KioskDb> {
  db = new KioskDb(uniqueName('file-settings'));
  await db.open();
  return db;
}

/** A file the gateway confirmed `daysAgo` days before `now`, its page attached there. */
async function confirmedFile(sha256: string, now: number, daysAgo: number, state: FileRow['state'] = 'complete', page: AttachmentRow['state'] = 'attached'): Promise<void> {
  const at = now - daysAgo * DAY;
  await db.files.put({
    sha256, blob: new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xd9])], { type: 'image/jpeg' }), size: 4, mime: 'image/jpeg',
    chunks: [sha256], acked: state === 'complete' ? [0] : [], state, createdAt: at - 60_000, completeAt: state === 'complete' ? at : null,
  });
  await db.attachments.put({
    id: `att-${sha256}`, dossierCode: 'D-1', component: 'Tờ khai', sha256, name: `${sha256}.jpg`, mime: 'image/jpeg', size: 4,
    position: 0, staffId: 'S1', createdAt: at - 60_000, state: page, attachedAt: page === 'attached' ? at : null,
  });
}
const kept = async (sha256: string): Promise<boolean> => (await db.files.get(sha256))?.blob != null;

describe('the file lane follows the device settings', () => {
  it('takes the saved upload cap and eviction age at once, without a new lane or a restart, and stops following when told', async () => {
    const lane = new FileLane({ db: await openDb(), transport: offline });
    // Today's behaviour until a technician sets them: no cap, the usual age.
    expect(source.get()).toMatchObject({ fileUploadKbps: 0, fileEvictionDays: FILE_EVICTION_DAYS });
    const stop = followFileSettings(lane, source);
    expect(lane.bandwidthCap).toBe(0);
    expect(lane.evictionDays).toBe(FILE_EVICTION_DAYS);

    // 512 kbit/s is 64 000 bytes a second.
    await save({ fileUploadKbps: 512 });
    expect(lane.bandwidthCap).toBe(64_000);
    expect(lane.bandwidthCap).toBe(kbpsToBytesPerSecond(512));
    expect(lane.evictionDays).toBe(FILE_EVICTION_DAYS);
    await save({ fileEvictionDays: 7 });
    expect(lane.evictionDays).toBe(7);
    expect(lane.bandwidthCap).toBe(64_000);
    // Back to no cap.
    await save({ fileUploadKbps: 0, fileEvictionDays: 90 });
    expect(lane.bandwidthCap).toBe(0);
    expect(lane.evictionDays).toBe(90);

    // A refused value never reaches the lane (the host checks it against the schema).
    await host.handlers['technician.unlock']({ pin: PIN });
    await expect(host.handlers['settings.update']({ fileUploadKbps: 8 })).rejects.toThrow();
    await expect(host.handlers['settings.update']({ fileEvictionDays: 0 })).rejects.toThrow();
    expect(lane.bandwidthCap).toBe(0);
    expect(lane.evictionDays).toBe(90);

    stop();
    await save({ fileUploadKbps: 1024 });
    expect(lane.bandwidthCap).toBe(0);
  });

  it('evicts confirmed files after the lane\'s age at each retention run, never a file the gateway has not confirmed', async () => {
    await openDb();
    const now = Date.now();
    await confirmedFile('a'.repeat(64), now, 10);
    await confirmedFile('b'.repeat(64), now, 40);
    await confirmedFile('c'.repeat(64), now, 400, 'pending', 'pending');
    await confirmedFile('d'.repeat(64), now, 10, 'complete', 'pending');
    const lane = new FileLane({ db, transport: offline });
    followFileSettings(lane, source);
    // The policy the engine gets from bootstrap.ts: its file age is the lane's, read at each run.
    const policy = retentionFollowing(() => lane);
    expect(policy.fileDays).toBe(FILE_EVICTION_DAYS);

    await applyRetention(db, policy, now);
    expect([await kept('a'.repeat(64)), await kept('b'.repeat(64))]).toEqual([true, false]);

    await save({ fileEvictionDays: 7 });
    expect(policy.fileDays).toBe(7);
    await applyRetention(db, policy, now);
    expect(await kept('a'.repeat(64))).toBe(false);
    expect((await db.files.get('a'.repeat(64)))?.evictedAt).toBe(now);

    // Whatever the age, a file not yet confirmed, or one whose page is not attached yet, stays.
    await save({ fileEvictionDays: 1 });
    await applyRetention(db, policy, now);
    expect([await kept('c'.repeat(64)), await kept('d'.repeat(64))]).toEqual([true, true]);

    // A device without a lane (a kiosk) keeps the default age.
    expect(retentionFollowing(() => null).fileDays).toBe(FILE_EVICTION_DAYS);
  });
});
