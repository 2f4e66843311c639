/**
 * Settings export and import (a commune sets up one kiosk and copies the file to the next), and
 * the support bundle the host writes for the province's help desk (personal data redacted there).
 */
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CallOutput } from '../../shared/bridge/contract';
import type { PublicSettings } from '../../shared/settings/schema';
import { Button } from '../ui';
import { errorText, useConsoleApi } from './console-api';
import { dayNumberToIso, vietnamDayAndTime } from '../../shared/domain';

type Result = { ok: boolean; text: string } | null;

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function FilesPanel({ onImported }: { onImported(s: PublicSettings): void }) {
  const { t } = useTranslation(['console', 'codes']);
  const api = useConsoleApi();
  const [result, setResult] = useState<Result>(null);
  const [bundle, setBundle] = useState<CallOutput<'support.bundle'> | null>(null);
  const [busy, setBusy] = useState(false);
  const importField = useRef<HTMLInputElement | null>(null);

  async function exportSettings() {
    setResult(null);
    try {
      const { json } = await api.call('settings.export', {});
      // Named with the Vietnamese day (a file saved after midnight there is that day's, not UTC's).
      download(`mot-cua-settings-${dayNumberToIso(vietnamDayAndTime(Date.now()).day)}.json`, json);
      setResult({ ok: true, text: t('files.exported') });
    } catch (err) {
      setResult({ ok: false, text: errorText(t, err) });
    }
  }

  async function importSettings(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setResult(null);
    try {
      const r = await api.call('settings.import', { json: await file.text() });
      onImported(r.settings);
      setResult({
        ok: true,
        text: [
          t('files.imported'),
          r.migratedFrom !== null ? t('files.migrated', { version: r.migratedFrom }) : '',
          r.ignored.length > 0 ? t('files.ignored', { fields: r.ignored.join(', ') }) : '',
          r.queueApplied ? t('files.queueApplied') : '',
        ].filter(Boolean).join(' '),
      });
    } catch (err) {
      setResult({ ok: false, text: errorText(t, err) });
    }
  }

  async function makeBundle() {
    setBusy(true);
    setBundle(null);
    setResult(null);
    try {
      setBundle(await api.call('support.bundle', {}));
    } catch (err) {
      setResult({ ok: false, text: errorText(t, err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="tech-panel" aria-labelledby="files-title" data-testid="panel-files">
      <h2 id="files-title">{t('files.title')}</h2>
      <div className="tech-actions">
        <Button onClick={() => void exportSettings()} data-testid="settings-export">{t('files.export')}</Button>
        {/* The browser's own file field speaks the system's language: out of sight, opened by this button. */}
        <Button onClick={() => importField.current?.click()} data-testid="settings-import-open">{t('files.import')}</Button>
        <input ref={importField} type="file" accept="application/json,.json" className="ui-visually-hidden" tabIndex={-1} aria-hidden="true"
          onChange={(e) => void importSettings(e)} data-testid="settings-import" />
      </div>
      <p className="tech-hint">{t('files.bundleHint')}</p>
      <div className="tech-actions">
        <Button busy={busy} onClick={() => void makeBundle()} data-testid="support-bundle">{t('files.bundle')}</Button>
      </div>
      {bundle && (
        <dl className="tech-facts" data-testid="bundle-info">
          <dt>{t('files.bundleFile')}</dt><dd><code>{bundle.file}</code></dd>
          <dt>{t('files.bundleSize')}</dt><dd>{t('files.kb', { value: (bundle.bytes / 1024).toFixed(1) })}</dd>
          <dt>SHA-256</dt><dd><code>{bundle.sha256.slice(0, 16)}…</code></dd>
        </dl>
      )}
      {result && <p className="tech-note" data-tone={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'} data-testid="files-result">{result.text}</p>}
    </section>
  );
}
