/**
 * Who this device is and how it behaves: role, agency code, counter name, printer, idle timeout
 * and language. Checked against the settings schema before it is sent (the host checks again).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_IDLE_SECONDS, SettingsPatch, type PublicSettings } from '../../shared/settings/schema';
import { errorText, useConsoleApi } from './console-api';

interface Props {
  settings: PublicSettings;
  onSaved(s: PublicSettings): void;
}

type Field = 'role' | 'agencyCode' | 'counterName' | 'printerName' | 'idleTimeoutSeconds' | 'language';

export function GeneralPanel({ settings, onSaved }: Props) {
  const { t } = useTranslation('console');
  const api = useConsoleApi();
  const [role, setRole] = useState(settings.role);
  const [agencyCode, setAgencyCode] = useState(settings.agencyCode);
  const [counterName, setCounterName] = useState(settings.counterName);
  const [printerName, setPrinterName] = useState(settings.printerName ?? '');
  const [idle, setIdle] = useState(String(settings.idleTimeoutSeconds));
  const [language, setLanguage] = useState(settings.language);
  const [invalid, setInvalid] = useState<Set<Field>>(new Set());
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function save(e: FormEvent) {
    e.preventDefault();
    const patch = {
      role, agencyCode, counterName, language,
      printerName: printerName.trim() === '' ? null : printerName,
      idleTimeoutSeconds: Number(idle),
    };
    const checked = SettingsPatch.safeParse(patch);
    if (!checked.success) {
      setInvalid(new Set(checked.error.issues.map((i) => i.path[0] as Field)));
      setResult(null);
      return;
    }
    setInvalid(new Set());
    try {
      const next = await api.call('settings.update', patch);
      onSaved(next);
      setResult({ ok: true, text: role !== settings.role ? t('general.savedRestart') : t('saved') });
    } catch (err) {
      setResult({ ok: false, text: errorText(t, err) });
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
        </label>
        <label>{t('general.agencyCode')}
          <input value={agencyCode} onChange={(e) => setAgencyCode(e.target.value)} placeholder="000.17.22.H56" data-testid="general-agency" />
          {err('agencyCode')}
        </label>
        <label>{t('general.counterName')}
          <input value={counterName} onChange={(e) => setCounterName(e.target.value)} maxLength={64} data-testid="general-counter" />
          {err('counterName')}
        </label>
        <label>{t('general.printer')}
          <input value={printerName} onChange={(e) => setPrinterName(e.target.value)} placeholder={t('general.printerDefault')} data-testid="general-printer" />
          {err('printerName')}
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
        </label>
        <button type="submit" data-testid="general-save">{t('save')}</button>
      </form>
      {result && <p role={result.ok ? 'status' : 'alert'} data-testid="general-result">{result.text}</p>}
    </section>
  );
}
