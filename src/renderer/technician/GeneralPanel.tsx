/**
 * Who this device is and how it behaves: role, counter name, printer, the scanner's folder, idle
 * timeout and language.
 * Checked against the settings schema before it is sent (the host checks again). Each field says
 * when it takes effect: the language and the idle timeout at once, the printer at the next
 * receipt, the role (the screen the app opens) after the app restarts — until then the panel says
 * a restart is pending.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { MIN_IDLE_SECONDS, SettingsPatch, type PublicSettings } from '../../shared/settings/schema';
import { useAppServices } from '../app-services';
import { errorText, useConsoleApi } from './console-api';

interface Props {
  settings: PublicSettings;
  onSaved(s: PublicSettings): void;
}

const FIELDS = ['role', 'counterName', 'printerName', 'idleTimeoutSeconds', 'language', 'scanFolder'] as const;
type Field = (typeof FIELDS)[number];

export function GeneralPanel({ settings, onSaved }: Props) {
  const { t } = useTranslation(['console', 'codes']);
  const api = useConsoleApi();
  // The role this app was started in: a saved role applies when the app starts again.
  const { role: running } = useAppServices();
  const [role, setRole] = useState(settings.role);
  const [counterName, setCounterName] = useState(settings.counterName);
  const [printerName, setPrinterName] = useState(settings.printerName ?? '');
  const [idle, setIdle] = useState(String(settings.idleTimeoutSeconds));
  const [scanFolder, setScanFolder] = useState(settings.scanFolder ?? '');
  const [language, setLanguage] = useState(settings.language);
  const [invalid, setInvalid] = useState<Set<Field>>(new Set());
  // A key, not a text: saving a new language changes the console's language under the message.
  const [result, setResult] = useState<{ ok: true; key: 'saved' | 'general.savedRestart' } | { ok: false; error: unknown } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    const patch = {
      role, counterName, language,
      printerName: printerName.trim() === '' ? null : printerName,
      idleTimeoutSeconds: Number(idle),
      scanFolder: scanFolder.trim() === '' ? null : scanFolder,
    };
    const checked = SettingsPatch.safeParse(patch);
    if (!checked.success) {
      const { fieldErrors } = z.flattenError(checked.error);
      setInvalid(new Set(FIELDS.filter((f) => fieldErrors[f] !== undefined)));
      setResult(null);
      return;
    }
    setInvalid(new Set());
    try {
      const next = await api.call('settings.update', patch);
      onSaved(next);
      setResult({ ok: true, key: next.role !== running ? 'general.savedRestart' : 'saved' });
    } catch (error) {
      setResult({ ok: false, error });
    }
  }

  const err = (f: Field) => invalid.has(f)
    ? <span className="tech-invalid" role="alert" data-testid={`invalid-${f}`}>{t(`general.invalid.${f}`, { min: MIN_IDLE_SECONDS })}</span>
    : null;

  return (
    <section className="tech-panel" aria-labelledby="general-title" data-testid="panel-general">
      <h2 id="general-title">{t('general.title')}</h2>
      <form noValidate onSubmit={(e) => void save(e)}>
        <label>{t('general.role')}
          <select value={role} onChange={(e) => setRole(e.target.value as typeof role)} data-testid="general-role">
            <option value="counter">{t('general.roles.counter')}</option>
            <option value="kiosk">{t('general.roles.kiosk')}</option>
          </select>
          <span className="tech-hint">{t('general.roleHint')}</span>
        </label>
        {settings.role !== running && (
          <p className="tech-bad" role="status" data-testid="general-restart">
            {t('general.restartPending', { role: t(`general.roles.${settings.role}`) })}
          </p>
        )}
        <label>{t('general.counterName')}
          <input value={counterName} onChange={(e) => setCounterName(e.target.value)} maxLength={64} data-testid="general-counter" />
          <span className="tech-hint">{t('general.counterNameHint')}</span>
          {err('counterName')}
        </label>
        <label>{t('general.printer')}
          <input value={printerName} onChange={(e) => setPrinterName(e.target.value)} placeholder={t('general.printerDefault')} data-testid="general-printer" />
          <span className="tech-hint" data-testid="general-printer-hint">{t('general.printerHint')}</span>
          {err('printerName')}
        </label>
        <label>{t('general.scanFolder')}
          <input value={scanFolder} onChange={(e) => setScanFolder(e.target.value)} maxLength={1024} data-testid="general-scan-folder" />
          <span className="tech-hint">{t('general.scanFolderHint')}</span>
          {err('scanFolder')}
        </label>
        <label>{t('general.idle')}
          <input type="number" min={MIN_IDLE_SECONDS} max={3600} value={idle} onChange={(e) => setIdle(e.target.value)} data-testid="general-idle" />
          {err('idleTimeoutSeconds')}
        </label>
        <label>{t('general.language')}
          <select value={language} onChange={(e) => setLanguage(e.target.value as typeof language)} data-testid="general-language">
            <option value="vi">Tiếng Việt</option>
            <option value="en">English</option>
          </select>
          <span className="tech-hint">{t('general.languageHint')}</span>
        </label>
        <button type="submit" data-testid="general-save">{t('save')}</button>
      </form>
      {result && (result.ok
        ? <p role="status" data-testid="general-result">{t(result.key)}</p>
        : <p role="alert" data-testid="general-result">{errorText(t, result.error)}</p>)}
    </section>
  );
}
