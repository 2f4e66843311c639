/**
 * A large on-screen keypad for the dossier code: digits, `.` and `-`, and the capital letters an
 * agency code uses (`H56`, `G01`, short portal strings). The field is a real input with
 * `inputMode="none"`: a physical keyboard works (full keyboard use) but touch screens never pop
 * up the OS keyboard.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CODE_MARK, WithCode } from './CodeText';

/** The longest dossier code the protocol accepts (DossierCodeText). */
export const MAX_CODE_LENGTH = 48;
const DIGIT_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '.', '0', '-'];
const LETTER_KEYS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'.split('');
/** The receipt's code shape, shown in the hint. */
export const EXAMPLE_CODE = '000.17.22.H56-210531-0001';

/** Keeps only the code alphabet, upper-cased: whatever a keyboard or a paste brings. */
export function cleanCode(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9.-]/g, '').slice(0, MAX_CODE_LENGTH);
}

/** `notice`: what the screen says about the last code (not recognised, …), shown above the field so
 * that every key stays free to correct the code. */
export function Keypad({ onSubmit, onBack, notice }: { onSubmit: (code: string) => void; onBack: () => void; notice?: ReactNode }) {
  const { t } = useTranslation('citizen');
  const [value, setValue] = useState('');
  const [letters, setLetters] = useState(false);
  const [empty, setEmpty] = useState(false);

  const type = (s: string): void => {
    setEmpty(false);
    setValue((v) => cleanCode(v + s));
  };
  const submit = (e?: FormEvent): void => {
    e?.preventDefault();
    if (value === '') {
      setEmpty(true);
      return;
    }
    onSubmit(value);
  };

  return (
    <form className="citizen-keypad" onSubmit={submit} data-testid="keypad" aria-labelledby="keypad-heading">
      <h2 id="keypad-heading">{t('keypad.heading')}</h2>
      <p className="hint"><WithCode text={t('keypad.hint', { example: CODE_MARK })} code={EXAMPLE_CODE} /></p>
      {notice}
      <label className="code-field">
        <span className="visually-hidden">{t('keypad.label')}</span>
        <input
          value={value}
          onChange={(e) => { setEmpty(false); setValue(cleanCode(e.target.value)); }}
          inputMode="none"
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={MAX_CODE_LENGTH}
          data-testid="keypad-value"
          data-notice-return
          autoFocus
        />
      </label>
      {empty && <p className="citizen-error" role="alert">{t('keypad.empty')}</p>}
      <div className={`keys ${letters ? 'letters' : 'digits'}`} role="group" aria-label={letters ? t('keypad.letters') : t('keypad.digits')}>
        {(letters ? LETTER_KEYS : DIGIT_KEYS).map((k) => (
          <button type="button" key={k} className="key" onClick={() => type(k)} data-key={k}>{k}</button>
        ))}
      </div>
      <div className="keypad-actions">
        <button type="button" className="key wide" onClick={() => setLetters((l) => !l)} aria-pressed={letters} data-testid="keypad-letters">
          {letters ? t('keypad.digits') : t('keypad.letters')}
        </button>
        <button type="button" className="key wide" onClick={() => setValue((v) => v.slice(0, -1))} data-testid="keypad-backspace">
          ⌫ {t('keypad.backspace')}
        </button>
        <button type="button" className="key wide" onClick={() => setValue('')} data-testid="keypad-clear">{t('keypad.clear')}</button>
      </div>
      <div className="keypad-actions">
        <button type="button" className="big secondary" onClick={onBack} data-testid="keypad-back">{t('keypad.back')}</button>
        <button type="submit" className="big primary" data-testid="keypad-submit">{t('keypad.submit')}</button>
      </div>
    </form>
  );
}
