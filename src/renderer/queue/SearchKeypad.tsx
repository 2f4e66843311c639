/**
 * An on-screen keypad for the kiosk's search (a touch screen in a waiting room has no keyboard):
 * letters without diacritics, digits, space, delete and clear, as large buttons (4 rem, scaled by A−/A+). The
 * search matches without diacritics (ui/filter.ts), so "ho tich" finds "Hộ tịch". Voice search
 * is not offered: speech recognition in Chromium sends the audio to an online service, which a
 * commune's offline kiosk cannot count on and which would send citizens' voices off the device.
 */
import { useTranslation } from 'react-i18next';

const ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'] as const;

export function SearchKeypad({ value, onChange }: { value: string; onChange(value: string): void }) {
  const { t } = useTranslation('queue');
  const press = (key: string): void => onChange(`${value}${key}`);
  return (
    <div className="queue-keypad" role="group" aria-label={t('keypad.label')} data-testid="queue-keypad">
      {ROWS.map((row) => (
        <div key={row} className="queue-keypad-row">
          {[...row].map((k) => (
            <button key={k} type="button" className="queue-key" onClick={() => press(k)} data-testid="queue-key" data-key={k}>
              {k.toUpperCase()}
            </button>
          ))}
        </div>
      ))}
      <div className="queue-keypad-row">
        <button type="button" className="queue-key queue-key-wide" onClick={() => press(' ')} data-testid="queue-key-space">{t('keypad.space')}</button>
        <button type="button" className="queue-key queue-key-wide" disabled={value === ''} onClick={() => onChange(value.slice(0, -1))} data-testid="queue-key-delete">
          {t('keypad.delete')}
        </button>
        <button type="button" className="queue-key queue-key-wide" disabled={value === ''} onClick={() => onChange('')} data-testid="queue-key-clear">
          {t('keypad.clear')}
        </button>
      </div>
    </div>
  );
}
