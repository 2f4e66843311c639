/**
 * Who this device is and how it behaves: role, counter name, printer, the scanner's folder, idle
 * timeout, language and theme.
 * Checked against the settings schema before it is sent (the host checks again). Each field says
 * when it takes effect: the language, the theme and the idle timeout at once, the printer at the next
 * receipt, the role (the screen the app opens) after the app restarts — until then the panel says
 * a restart is pending.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_IDLE_SECONDS, type PublicSettings } from '../../shared/settings/schema';
import { useAppServices } from '../app-services';
import { Button, Select, TextField, THEMES } from '../ui';
import { errorText, useConsoleApi, useSettingsSave } from './console-api';

interface Props {
  settings: PublicSettings;
  onSaved(s: PublicSettings): void;
}

const FIELDS = ['role', 'counterName', 'printerName', 'idleTimeoutSeconds', 'language', 'theme', 'scanFolder'] as const;
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
  const [theme, setTheme] = useState(settings.theme);
  // The kind this device is enrolled as: a role that differs needs a new enrollment.
  const [enrolledKind, setEnrolledKind] = useState<'counter' | 'kiosk' | null>(null);
  useEffect(() => {
    let live = true;
    api.call('gateway.status', {}).then((s) => { if (live) setEnrolledKind(s.enrolled && s.identity ? s.identity.kind : null); }, () => undefined);
    return () => { live = false; };
  }, [api]);
  // A key, not a text: saving a new language changes the console's language under the message.
  const { invalid, result, save: saveSettings } = useSettingsSave<Field, { key: 'saved' | 'general.savedRestart' }>(FIELDS);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const patch = {
      role, counterName, language, theme,
      printerName: printerName.trim() === '' ? null : printerName,
      idleTimeoutSeconds: Number(idle),
      scanFolder: scanFolder.trim() === '' ? null : scanFolder,
    };
    // The role applies at the next start: until then the panel says a restart is pending.
    const next = await saveSettings(e.currentTarget, patch, (saved) => ({ key: saved.role !== running ? 'general.savedRestart' as const : 'saved' as const }));
    if (next) onSaved(next);
  }

  const err = (f: Field): string | null => (invalid.has(f) ? t(`general.invalid.${f}`, { min: MIN_IDLE_SECONDS }) : null);

  return (
    <section className="tech-panel" aria-labelledby="general-title" data-testid="panel-general">
      <h2 id="general-title">{t('general.title')}</h2>
      <form noValidate onSubmit={(e) => void save(e)}>
        <Select
          label={t('general.role')} description={t('general.roleHint')} value={role}
          onChange={(v) => setRole(v as typeof role)} data-testid="general-role"
          options={[{ value: 'counter', label: t('general.roles.counter') }, { value: 'kiosk', label: t('general.roles.kiosk') }]}
        />
        {enrolledKind !== null && enrolledKind !== settings.role && (
          <p className="tech-note" data-tone="warning" role="status" data-testid="general-kind-mismatch">
            {t('general.kindMismatch', { kind: t(`general.roles.${enrolledKind}`), role: t(`general.roles.${settings.role}`) })}
          </p>
        )}
        {settings.role !== running && (
          <p className="tech-note" data-tone="warning" role="status" data-testid="general-restart">
            {t('general.restartPending', { role: t(`general.roles.${settings.role}`) })}
          </p>
        )}
        <TextField
          label={t('general.counterName')} description={t('general.counterNameHint')} value={counterName} maxLength={64}
          onChange={(e) => setCounterName(e.target.value)} data-testid="general-counter" error={err('counterName')} errorTestId="invalid-counterName"
        />
        <TextField
          label={t('general.printer')} description={t('general.printerHint')} value={printerName} placeholder={t('general.printerDefault')}
          onChange={(e) => setPrinterName(e.target.value)} data-testid="general-printer" error={err('printerName')} errorTestId="invalid-printerName"
        />
        <TextField
          label={t('general.scanFolder')} description={t('general.scanFolderHint')} value={scanFolder} maxLength={1024} mono
          onChange={(e) => setScanFolder(e.target.value)} data-testid="general-scan-folder" error={err('scanFolder')} errorTestId="invalid-scanFolder"
        />
        <TextField
          label={t('general.idle')} type="number" min={MIN_IDLE_SECONDS} max={3600} value={idle} className="tech-narrow"
          onChange={(e) => setIdle(e.target.value)} data-testid="general-idle" error={err('idleTimeoutSeconds')} errorTestId="invalid-idleTimeoutSeconds"
        />
        <Select
          label={t('general.language')} description={t('general.languageHint')} value={language}
          onChange={(v) => setLanguage(v as typeof language)} data-testid="general-language"
          options={[{ value: 'vi', label: 'Tiếng Việt' }, { value: 'en', label: 'English' }]}
        />
        <Select
          label={t('general.theme')} description={t('general.themeHint')} value={theme}
          onChange={(v) => setTheme(v as typeof theme)} data-testid="general-theme"
          options={THEMES.map((th) => ({ value: th, label: t(`general.themes.${th}`) }))}
        />
        <div className="tech-actions">
          <Button type="submit" variant="primary" data-testid="general-save">{t('save')}</Button>
        </div>
      </form>
      {result && (result.ok
        ? <p className="tech-note" data-tone="success" role="status" data-testid="general-result">{t(result.key)}</p>
        : <p className="tech-note" data-tone="error" role="alert" data-testid="general-result">{errorText(t, result.error)}</p>)}
    </section>
  );
}
