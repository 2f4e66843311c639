/**
 * Sync and storage health (docs/RELIABILITY.md items 8, 9, 13): what is waiting, since when, the last success and
 * error, clock skew, and how much of the browser storage is used and whether it may be evicted.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppServices, useSettings } from '../app-services';
import type { CallOutput } from '../../shared/bridge/contract';
import type { SyncEngine } from '../sync/engine';
import { skewWarning } from '../sync/status';
import { formatTime } from '../counter/format';
import { syncProblemKey } from '../i18n/codes';
import { fileBacklog } from '../db/files';
import { useLive } from '../counter/live';
import { Button } from '../ui';

export function HealthPanel() {
  const { t } = useTranslation('console');
  const { sync } = useAppServices();
  return (
    <section className="tech-panel" aria-labelledby="health-title" data-testid="panel-health">
      <h2 id="health-title">{t('health.title')}</h2>
      {sync ? <SyncHealth sync={sync} /> : <p className="tech-note" data-testid="sync-none">{t('health.noSync')}</p>}
      <StorageHealth />
    </section>
  );
}

/** "3 phút", "2 giờ", "4 ngày": how long the oldest action has waited. */
function useAge(): (ms: number) => string {
  const { t } = useTranslation('console');
  return (ms) => {
    const min = Math.max(0, Math.floor(ms / 60_000));
    if (min < 60) return t('age.minutes', { count: min });
    if (min < 48 * 60) return t('age.hours', { count: Math.floor(min / 60) });
    return t('age.days', { count: Math.floor(min / 1440) });
  };
}

function SyncHealth({ sync }: { sync: SyncEngine }) {
  const { t, i18n } = useTranslation(['console', 'codes']);
  const { t: ts } = useTranslation('sync');
  const { now } = useAppServices();
  const status = useSyncExternalStore(sync.status.subscribe, sync.status.getSnapshot);
  const age = useAge();
  const [busy, setBusy] = useState(false);
  const lang = i18n.language;
  const skewMin = status.clockSkewMs === null ? null : Math.round(status.clockSkewMs / 60_000);

  return (
    <div data-testid="sync-health">
      <dl className="tech-facts">
        <dt>{t('health.phase')}</dt><dd data-testid="sync-phase">{ts(`phase.${status.phase}`)}</dd>
        <dt>{t('health.pending')}</dt><dd data-testid="sync-pending">{status.pending}</dd>
        <dt>{t('health.oldest')}</dt>
        <dd data-testid="sync-oldest">{status.oldestPendingAt === null ? '—' : age(now() - status.oldestPendingAt)}</dd>
        <dt>{t('health.lastSuccess')}</dt>
        <dd data-testid="sync-last-success">{status.lastSuccessAt === null ? ts('never') : formatTime(lang, status.lastSuccessAt)}</dd>
        <dt>{t('health.lastError')}</dt>
        <dd data-testid="sync-last-error">
          {status.lastError === null ? '—' : `${t(syncProblemKey(status.lastError.code), { status: status.lastError.status ?? '' })} (${formatTime(lang, status.lastError.at)})`}
        </dd>
        <dt>{ts('holdings.label')}</dt>
        <dd data-testid="sync-working-set">{ts(status.workingSet ? 'holdings.workingSetComplete' : 'holdings.workingSetPending')}</dd>
        <dt>{ts('holdings.backfillLabel')}</dt>
        <dd data-testid="sync-backfill">
          {status.backfill === null ? ts('holdings.backfillNone')
            : ts(status.backfill.complete ? 'holdings.backfillComplete' : 'holdings.backfillProgress', { count: status.backfill.fetched })}
          {status.backfill?.lastError && (
            <span className="tech-bad" data-testid="sync-backfill-error">
              {' '}{ts('holdings.backfillError', { error: t(syncProblemKey(status.backfill.lastError.code), { status: status.backfill.lastError.status ?? '' }) })}
            </span>
          )}
        </dd>
        <dt>{t('health.skew')}</dt>
        <dd data-testid="sync-skew">{skewMin === null ? '—' : t('health.skewMinutes', { count: skewMin })}</dd>
      </dl>
      {skewWarning(status) && <p role="alert" className="tech-note" data-tone="error" data-testid="sync-skew-warning">{ts('skew', { minutes: Math.abs(skewMin ?? 0) })}</p>}
      {status.needsEnrollment && <p role="alert" className="tech-note" data-tone="error">{ts('needsEnrollment')}</p>}
      <div className="tech-actions">
        <Button
          icon="refresh" busy={busy} data-testid="sync-now"
          onClick={() => { setBusy(true); void sync.syncNow().catch(() => undefined).finally(() => setBusy(false)); }}
        >
          {ts('syncNow')}
        </Button>
      </div>
    </div>
  );
}

interface StorageInfo { usage: number | null; quota: number | null; persisted: boolean | null }
type Recoveries = CallOutput<'storage.marker'>['recoveries'];
type Kept = CallOutput<'storage.broken'>['kept'];
type JournalState = CallOutput<'journal.stats'>;

function StorageHealth() {
  const { t, i18n } = useTranslation('console');
  const lang = i18n.language;
  /** Megabytes with one decimal in the reader's way of writing numbers (10.240,4 / 10,240.4). */
  const mbNumber = (bytes: number): string =>
    new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(bytes / 1_048_576);
  const { kiosk } = useAppServices();
  // The age after which sent files leave this computer: the device setting (the lane follows it).
  const evictionDays = useSettings().fileEvictionDays;
  const [info, setInfo] = useState<StorageInfo | null>(null);
  // Storage recoveries the host recorded (src/renderer/recovery/): when, why, how much came back.
  const [recoveries, setRecoveries] = useState<Recoveries | null>(null);
  // Broken storage the host kept for support (src/main/storage/broken-storage.ts): when, how big.
  const [kept, setKept] = useState<Kept | null>(null);
  // The host journal (src/main/journal): waiting copies, unreadable records, failed appends.
  const [journal, setJournal] = useState<JournalState | null>(null);
  useEffect(() => {
    let live = true;
    kiosk.call('journal.stats', {}).then((j) => { if (live) setJournal(j); }, () => undefined);
    kiosk.call('storage.marker', {}).then((m) => { if (live) setRecoveries(m.recoveries); }, () => undefined);
    kiosk.call('storage.broken', {}).then((b) => { if (live) setKept(b.kept); }, () => undefined);
    return () => { live = false; };
  }, [kiosk]);

  const load = async (): Promise<StorageInfo> => {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    const est = await storage?.estimate?.().catch(() => null) ?? null;
    const persisted = await storage?.persisted?.().catch(() => null) ?? null;
    return { usage: est?.usage ?? null, quota: est?.quota ?? null, persisted };
  };

  useEffect(() => {
    let live = true;
    void load().then((i) => { if (live) setInfo(i); });
    return () => { live = false; };
  }, []);

  // What the browser answered when asked to keep the data (it decides by its own rules and may
  // say no without a prompt): said in words, since the button alone would just stay there.
  const [asked, setAsked] = useState<null | 'busy' | 'granted' | 'refused'>(null);
  const askPersist = async (): Promise<void> => {
    setAsked('busy');
    const granted = await navigator.storage.persist().catch(() => false);
    setInfo(await load());
    setAsked(granted ? 'granted' : 'refused');
  };

  const { db } = useAppServices();
  // Digitised documents kept here (db/files.ts): what they take and what still waits for the gateway.
  const files = useLive(async () => {
    let count = 0;
    let bytes = 0;
    await db.files.each((f) => { if (f.blob) { count++; bytes += f.size; } });
    return { count, bytes, waiting: (await fileBacklog(db)).attachments };
  }, [db], null);
  const mb = (n: number | null) => (n === null ? '—' : t('health.mb', { value: mbNumber(n) }));
  return (
    <div data-testid="storage-health">
      <h3>{t('health.storage')}</h3>
      <dl className="tech-facts">
        <dt>{t('health.used')}</dt><dd data-testid="storage-used">{info ? `${mb(info.usage)} / ${mb(info.quota)}` : '…'}</dd>
        <dt>{t('health.persistent')}</dt>
        <dd data-testid="storage-persistent">
          {info === null || info.persisted === null ? t('health.unknown') : info.persisted ? t('health.yes') : t('health.noEvictable')}
        </dd>
        <dt>{t('health.files')}</dt>
        <dd data-testid="storage-files">
          {files === null ? '…' : t('health.filesValue', { count: files.count, mb: mbNumber(files.bytes), waiting: files.waiting, days: evictionDays })}
        </dd>
        <dt>{t('health.recoveries')}</dt>
        <dd data-testid="storage-recoveries">
          {recoveries === null ? t('health.unknown') : recoveries.length === 0 ? t('health.noRecovery') : recoveries.slice(-3).reverse().map((r) => (
            <div key={r.at}>{t('health.recovery', { time: formatTime(lang, r.at), reason: t(r.reason === 'corrupt' ? 'health.recoveryCorrupt' : 'health.recoveryEmpty'), count: r.requeued })}</div>
          ))}
        </dd>
        <dt>{t('health.journal')}</dt>
        <dd data-testid="storage-journal">
          {journal === null ? t('health.unknown') : (
            <>
              <div>{t('health.journalValue', { pending: journal.pending, files: journal.files })}</div>
              {journal.skipped > 0 && <div data-testid="storage-journal-skipped">{t('health.journalSkipped', { count: journal.skipped })}</div>}
              {journal.failures > 0 && journal.lastFailure && (
                <div className="tech-note" data-tone="warning" role="alert" data-testid="storage-journal-failures">
                  {t('health.journalFailures', { count: journal.failures, time: formatTime(lang, new Date(journal.lastFailure.at).toISOString()), code: journal.lastFailure.code })}
                </div>
              )}
            </>
          )}
        </dd>
        <dt>{t('health.brokenKept')}</dt>
        <dd data-testid="storage-broken-kept">
          {kept === null ? t('health.unknown') : kept.length === 0 ? t('health.noBrokenKept') : kept.map((k) => (
            <div key={k.name} data-testid="storage-broken-copy">
              {t(k.copied ? 'health.brokenCopied' : 'health.brokenNotCopied', {
                time: k.at ? formatTime(lang, k.at) : '—', mb: mbNumber(k.bytes), files: k.files, name: k.name,
              })}
            </div>
          ))}
        </dd>
      </dl>
      {(info?.persisted === false || asked !== null) && (
        <div className="tech-actions">
          {info?.persisted === false && (
            <Button data-testid="storage-persist" busy={asked === 'busy'} onClick={() => void askPersist()}>
              {t('health.askPersist')}
            </Button>
          )}
          {(asked === 'granted' || asked === 'refused') && (
            <p className="tech-note" data-tone={asked === 'granted' ? 'success' : 'warning'} role="status" data-testid="storage-persist-result">
              {t(asked === 'granted' ? 'health.persistGranted' : 'health.persistRefused')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
