/**
 * The counter's digitised documents (docs/SYNC-PROTOCOL.md §13): how fast its file lane may send
 * them on a slow line (`fileUploadKbps`, kbit/s, 0: no cap) and how many days a file the gateway
 * confirmed stays on this computer (`fileEvictionDays`). Checked against the settings schema before
 * it is sent (the host checks again); both apply to the running lane at once (bootstrap.ts follows
 * the settings), the age at the next clean-up of the local store.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  MAX_FILE_EVICTION_DAYS, MAX_FILE_UPLOAD_KBPS, MIN_FILE_EVICTION_DAYS, MIN_FILE_UPLOAD_KBPS, type PublicSettings,
} from '../../shared/settings/schema';
import { Button, TextField } from '../ui';
import { errorText, useSettingsSave } from './console-api';

interface Props {
  settings: PublicSettings;
  onSaved(s: PublicSettings): void;
}

const FIELDS = ['fileUploadKbps', 'fileEvictionDays'] as const;
type Field = (typeof FIELDS)[number];

/** A number as typed; an empty or malformed field is NaN, which the schema refuses. */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

export function DigitisedFilesPanel({ settings, onSaved }: Props) {
  const { t } = useTranslation(['console', 'codes']);
  const [cap, setCap] = useState(String(settings.fileUploadKbps));
  const [days, setDays] = useState(String(settings.fileEvictionDays));
  const { invalid, result, save: saveSettings } = useSettingsSave(FIELDS);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const next = await saveSettings(e.currentTarget, { fileUploadKbps: numberOf(cap), fileEvictionDays: numberOf(days) }, () => ({}));
    if (!next) return;
    onSaved(next);
    setCap(String(next.fileUploadKbps));
    setDays(String(next.fileEvictionDays));
  }

  const bounds = { minKbps: MIN_FILE_UPLOAD_KBPS, maxKbps: MAX_FILE_UPLOAD_KBPS, minDays: MIN_FILE_EVICTION_DAYS, maxDays: MAX_FILE_EVICTION_DAYS };
  const err = (f: Field): string | null => (invalid.has(f) ? t(`digitised.invalid.${f}`, bounds) : null);

  return (
    <section className="tech-panel" aria-labelledby="digitised-title" data-testid="panel-digitised">
      <h2 id="digitised-title">{t('digitised.title')}</h2>
      <p className="tech-note">{t('digitised.intro')}</p>
      <form noValidate onSubmit={(e) => void save(e)}>
        <TextField
          label={t('digitised.uploadCap')} description={t('digitised.uploadCapHint', bounds)} type="number" inputMode="numeric"
          min={0} max={MAX_FILE_UPLOAD_KBPS} step={1} value={cap} className="tech-narrow"
          onChange={(e) => setCap(e.target.value)} data-testid="digitised-upload-cap"
          error={err('fileUploadKbps')} errorTestId="invalid-fileUploadKbps"
        />
        <TextField
          label={t('digitised.evictionDays')} description={t('digitised.evictionDaysHint', bounds)} type="number" inputMode="numeric"
          min={MIN_FILE_EVICTION_DAYS} max={MAX_FILE_EVICTION_DAYS} step={1} value={days} className="tech-narrow"
          onChange={(e) => setDays(e.target.value)} data-testid="digitised-eviction-days"
          error={err('fileEvictionDays')} errorTestId="invalid-fileEvictionDays"
        />
        <div className="tech-actions">
          <Button type="submit" variant="primary" data-testid="digitised-save">{t('save')}</Button>
        </div>
      </form>
      {result && (result.ok
        ? <p className="tech-note" data-tone="success" role="status" data-testid="digitised-result">{t('saved')}</p>
        : <p className="tech-note" data-tone="error" role="alert" data-testid="digitised-result">{errorText(t, result.error)}</p>)}
    </section>
  );
}
