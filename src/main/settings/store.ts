/**
 * The kiosk's settings file. One JSON file in the host's data directory, validated on
 * every read and write, written atomically with the previous version kept as `.bak`, migrated
 * forward by numbered pure functions, and never lost silently: a corrupt file is moved aside,
 * the backup (or the defaults) loaded, and an alert kept for the technician until dismissed.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  defaultSettings, isSecretSettingsKey, migrateSettings, PublicSettings, publicSettings, Settings, SettingsExport,
  SETTINGS_VERSION, type SettingsAlert, type TechnicianPin,
} from '../../shared/settings';
import type { QueueOfficeSettings } from '../../shared/queue';
import { atomicWriteFile } from './atomic-file';
import { ServiceError, noLog, type LogFn } from './errors';
import { fileStamp, loadSettingsText } from './load';

/** A refused import's reason as a zod-shaped issue (its parameters worded by the console). */
type ImportIssue = { code: string; path: PropertyKey[]; message: string; [param: string]: unknown };

export interface SettingsStoreOptions {
  now?: () => number;
  log?: LogFn;
}

export type SettingsListener = (next: Settings, prev: Settings) => void;

export type { SettingsAlert };

export interface ImportResult {
  settings: PublicSettings;
  /** Top-level keys that were present but not imported (secrets, unknown fields). */
  ignored: string[];
  migratedFrom: number | null;
  /** The file's office queue settings were applied too. */
  queueApplied: boolean;
}

const FILE = 'settings.json';
const ALERTS = 'settings-alerts.json';

/**
 * The screens' language as stored in `dir`'s settings, read at once before anything starts: the
 * browser's own controls (date fields, file pickers) follow the browser's locale, not the page's,
 * so a host starts Chromium in this language (Electron's `lang` switch, the browser host's
 * `--lang`). Vietnamese when there is no settings file or it cannot be read.
 */
export function languageAtStart(dir: string): 'vi' | 'en' {
  let text: string;
  try {
    text = readFileSync(join(dir, FILE), 'utf8');
  } catch {
    return 'vi';
  }
  const r = loadSettingsText(text);
  return (r.kind === 'ok' || r.kind === 'newer') && r.value?.language === 'en' ? 'en' : 'vi';
}

export class SettingsStore {
  readonly file: string;
  readonly backupFile: string;
  private value: Settings;
  private diskText: string | null;
  private alertList: SettingsAlert[];
  private listeners = new Set<SettingsListener>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(readonly dir: string, private readonly now: () => number, private readonly log: LogFn, init: {
    value: Settings; diskText: string | null; alerts: SettingsAlert[];
  }) {
    this.file = join(dir, FILE);
    this.backupFile = `${this.file}.bak`;
    this.value = init.value;
    this.diskText = init.diskText;
    this.alertList = init.alerts;
  }

  /**
   * Never fails on what is on the disk: a kiosk must start. Disk errors while repairing are logged
   * and the kiosk runs on the settings in memory (the next successful write persists them).
   */
  static async open(dir: string, opts: SettingsStoreOptions = {}): Promise<SettingsStore> {
    const now = opts.now ?? Date.now;
    const log = opts.log ?? noLog;
    await mkdir(dir, { recursive: true });
    const file = join(dir, FILE);
    const alerts = await readAlerts(join(dir, ALERTS));
    let text: string | null;
    try {
      text = await readText(file);
    } catch (err) {
      const store = new SettingsStore(dir, now, log, { value: defaultSettings(), diskText: null, alerts });
      await store.bestEffort('alert', () => store.raise({ code: 'settings-corrupt', at: now(), file, restored: 'defaults', reason: `unreadable: ${errCode(err)}` }));
      return store;
    }
    const store = new SettingsStore(dir, now, log, { value: defaultSettings(), diskText: text, alerts });

    if (text === null) {
      await store.bestEffort('first write', () => store.write(store.value));
      return store;
    }
    const loaded = loadSettingsText(text);
    if (loaded.kind === 'ok') {
      store.value = loaded.value;
      if (loaded.migratedFrom !== null) {
        log('settings migrated', { from: loaded.migratedFrom, to: SETTINGS_VERSION });
        await store.bestEffort('migration write', () => store.write(loaded.value)); // the old file becomes the .bak
      }
      return store;
    }
    if (loaded.kind === 'newer') {
      // Keep the newer file intact for when the newer version comes back; run on what we understand.
      const aside = await store.asideName('newer');
      store.value = loaded.value ?? defaultSettings();
      await store.bestEffort('keep newer file', async () => {
        await copyFile(file, aside);
        await store.raise({ code: 'settings-newer', at: now(), file: aside, restored: loaded.value ? 'file' : 'defaults', reason: `version ${loaded.version}` });
        await store.write(store.value);
      });
      return store;
    }
    const aside = await store.asideName('corrupt');
    // A rename can fail on Windows while an antivirus holds the file: then copy, and overwrite later.
    await rename(file, aside).catch(() => copyFile(file, aside)).catch((err) => log('could not keep the corrupt settings file', { error: errCode(err) }));
    store.diskText = null;
    const backup = await readText(store.backupFile).catch(() => null);
    const fromBackup = backup === null ? null : loadSettingsText(backup);
    const restored = fromBackup?.kind === 'ok' ? 'backup' : 'defaults';
    if (fromBackup?.kind === 'ok') store.value = fromBackup.value;
    log('settings file unreadable: kept aside', { file: aside, reason: loaded.reason, restored });
    await store.bestEffort('alert', () => store.raise({ code: 'settings-corrupt', at: now(), file: aside, restored, reason: loaded.reason }));
    await store.bestEffort('restore write', () => store.write(store.value));
    return store;
  }

  /** The whole settings, secrets included: for main-process services only, never the renderer. */
  get(): Settings {
    return structuredClone(this.value);
  }

  /** What the console may show. */
  getPublic(): PublicSettings {
    return structuredClone(publicSettings(this.value));
  }

  /** Applies a console change; fields absent from `patch` are kept. Throws `settings-invalid`. */
  update(patch: unknown): Promise<PublicSettings> {
    return this.serial(async () => {
      if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw invalid('patch must be an object');
      const known = Object.keys(PublicSettings.shape);
      const extra = Object.keys(patch).filter((k) => !known.includes(k));
      if (extra.length > 0) throw invalid(`unknown or protected fields: ${extra.join(', ')}`);
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = Settings.safeParse({ ...this.value, ...defined }, { reportInput: true });
      if (!next.success) throw invalid(z.prettifyError(next.error), next.error.issues);
      await this.write(next.data);
      return publicSettings(next.data);
    });
  }

  /** For TechnicianAuth only: the PIN record is not part of a console patch or an import. */
  setTechnicianPin(pin: TechnicianPin | null): Promise<void> {
    return this.serial(async () => {
      await this.write(Settings.parse({ ...this.value, technicianPin: pin }));
    });
  }

  alerts(): SettingsAlert[] {
    return this.alertList.map((a) => ({ ...a }));
  }

  /** The technician has seen the alerts (the kept-aside files stay on disk). */
  dismissAlerts(): Promise<void> {
    return this.serial(async () => {
      this.alertList = [];
      await atomicWriteFile(join(this.dir, ALERTS), '[]\n', { mode: 0o600 });
    });
  }

  /** A JSON file the technician can save and import on another kiosk: no secrets. */
  export(extra: { queue?: QueueOfficeSettings } = {}): string {
    const doc: SettingsExport = {
      format: 'mot-cua-settings',
      schemaVersion: SETTINGS_VERSION,
      exportedAt: new Date(this.now()).toISOString(),
      settings: publicSettings(this.value),
      ...(extra.queue ? { queue: extra.queue } : {}),
    };
    return JSON.stringify(doc, null, 2) + '\n';
  }

  /**
   * Replaces every public field with the file's (validated, migrated); secrets are never taken.
   * The file's queue part is checked here with the rest (a bad one refuses the whole file before
   * anything is written) and handed to `applyQueue`, which the host's queue service applies.
   */
  import(json: string, applyQueue?: (q: QueueOfficeSettings) => Promise<void>): Promise<ImportResult> {
    return this.serial(async () => {
      let raw: unknown;
      // Each refusal carries its reason as an issue, so the console words it in its own language.
      try { raw = JSON.parse(json); } catch {
        throw new ServiceError('import-invalid', 'not JSON', [{ code: 'invalid_format', format: 'json_string', path: [], message: 'not JSON' } as ImportIssue]);
      }
      const doc = SettingsExport.safeParse(raw, { reportInput: true });
      if (!doc.success) {
        const queueIssue = doc.error.issues.find((i) => i.path[0] === 'queue');
        if (queueIssue) throw new ServiceError('import-invalid', `queue settings: ${queueIssue.path.slice(1).join('.')}: ${queueIssue.message}`, [queueIssue]);
        throw new ServiceError('import-invalid', 'not a settings export', doc.error.issues);
      }
      const known = Object.keys(PublicSettings.shape);
      const given = Object.entries(doc.data.settings).filter(([k]) => k !== 'schemaVersion');
      const secrets = given.map(([k]) => k).filter(isSecretSettingsKey);
      const m = migrateSettings({ ...Object.fromEntries(given.filter(([k]) => !isSecretSettingsKey(k))), schemaVersion: doc.data.schemaVersion });
      if (!m.ok) {
        // A file from a newer version of the app: its version number is past what this one knows.
        const issue: ImportIssue = m.reason === 'newer-version'
          ? { code: 'too_big', origin: 'number', maximum: SETTINGS_VERSION, inclusive: true, path: ['schemaVersion'], message: `cannot migrate: ${m.reason}` }
          : { code: 'custom', path: ['schemaVersion'], message: `cannot migrate: ${m.reason}` };
        throw new ServiceError('import-invalid', `cannot migrate: ${m.reason}`, [issue]);
      }
      const { schemaVersion: _v, ...upgraded } = m.value;
      const unknown = Object.keys(upgraded).filter((k) => !known.includes(k));
      const ignored = [...secrets, ...unknown];
      const migrated = Object.fromEntries(Object.entries(upgraded).filter(([k]) => known.includes(k)));
      const parsed = PublicSettings.safeParse(migrated, { reportInput: true });
      if (!parsed.success) throw new ServiceError('import-invalid', z.prettifyError(parsed.error), parsed.error.issues);
      const next = Settings.parse({ ...parsed.data, schemaVersion: SETTINGS_VERSION, technicianPin: this.value.technicianPin });
      await this.write(next);
      if (secrets.length > 0) this.log('settings import ignored secret fields', { count: secrets.length });
      const queue = doc.data.queue;
      const queueApplied = queue !== undefined && applyQueue !== undefined;
      if (queueApplied) await applyQueue(queue);
      return { settings: publicSettings(next), ignored, migratedFrom: m.applied.length > 0 ? m.from : null, queueApplied };
    });
  }

  onChange(fn: SettingsListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Waits for queued writes (for a clean shutdown). */
  async flush(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(next: Settings): Promise<void> {
    const text = JSON.stringify(next, null, 2) + '\n';
    try {
      if (this.diskText !== null && this.diskText !== text) await atomicWriteFile(this.backupFile, this.diskText, { mode: 0o600 });
      // 0600: the file holds the technician PIN's hash.
      await atomicWriteFile(this.file, text, { mode: 0o600 });
    } catch (err) {
      this.log('settings write failed', { error: err instanceof Error ? err.message : String(err) });
      throw new ServiceError('settings-write-failed', 'could not write the settings file');
    }
    const prev = this.value;
    this.value = next;
    this.diskText = text;
    for (const l of this.listeners) {
      try { l(structuredClone(next), structuredClone(prev)); } catch (err) {
        this.log('settings listener failed', { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private async bestEffort(what: string, fn: () => Promise<unknown>): Promise<void> {
    try { await fn(); } catch (err) { this.log(`settings: ${what} failed`, { error: errCode(err) }); }
  }

  private async raise(alert: SettingsAlert): Promise<void> {
    // In memory first: the console shows the alert even when the disk refuses to keep it.
    this.alertList = [...this.alertList, alert].slice(-20);
    await atomicWriteFile(join(this.dir, ALERTS), JSON.stringify(this.alertList, null, 2) + '\n', { mode: 0o600 });
  }

  private async asideName(kind: 'corrupt' | 'newer'): Promise<string> {
    const base = join(this.dir, `settings.${kind}-${fileStamp(this.now())}`);
    for (let i = 0; ; i++) {
      const candidate = i === 0 ? `${base}.json` : `${base}-${i}.json`;
      if (!(await exists(candidate))) return candidate;
    }
  }
}

function errCode(err: unknown): string {
  return (err as NodeJS.ErrnoException)?.code ?? (err instanceof Error ? err.message : String(err));
}

function invalid(message: string, issues?: ConstructorParameters<typeof ServiceError>[2]): ServiceError {
  return new ServiceError('settings-invalid', message, issues);
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function exists(file: string): Promise<boolean> {
  try { await stat(file); return true; } catch { return false; }
}

async function readAlerts(file: string): Promise<SettingsAlert[]> {
  const text = await readText(file);
  if (text === null) return [];
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? (v as SettingsAlert[]).filter((a) => a && typeof a.code === 'string') : [];
  } catch {
    return [];
  }
}
