/**
 * A calendar day typed in the screen's language, not the browser's: a native `<input type=date>`
 * shows the browser's own order (12/07/2026 is 12 July to an officer, 7 December to a browser set
 * to English), so the day is React Aria's DateField under `UiLocale` — dd/mm/yyyy in Vietnamese —
 * with its segments (type the digits; ↑/↓ change a segment; Backspace clears it). The value is
 * the ISO day `YYYY-MM-DD`, or '' while the day is incomplete or cleared. Enter in a segment submits
 * the enclosing form, as it does in a text input (segments are not inputs, so the browser's own
 * implicit submission does not reach them).
 */
import { DateField as AriaDateField, DateInput, DateSegment, Label, Text } from 'react-aria-components';
import { parseDate, type CalendarDate } from '@internationalized/date';
import { Icon } from './icons';
import { UiLocale } from './locale';
import type { FieldTexts } from './field';

function submitEnclosingForm(e: { key: string; target: EventTarget | null }): void {
  if (e.key !== 'Enter' || !(e.target instanceof Element)) return;
  const form = e.target.closest('form');
  if (form) form.requestSubmit();
}

export interface DateFieldProps extends FieldTexts {
  /** `YYYY-MM-DD`, or '' for none. */
  value: string;
  onChange(value: string): void;
  isDisabled?: boolean;
  className?: string;
  /** On the field's wrapper; each segment is a `spinbutton` inside it. */
  'data-testid'?: string;
}

function toDate(iso: string): CalendarDate | null {
  try {
    return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? parseDate(iso) : null;
  } catch {
    return null;
  }
}

export function DateField({ label, description, error, errorTestId, value, onChange, isDisabled, className, 'data-testid': testId }: DateFieldProps) {
  return (
    <UiLocale>
      <AriaDateField
        className={`ui-field ui-date${className ? ` ${className}` : ''}`}
        value={toDate(value)}
        onChange={(d) => onChange(d ? d.toString() : '')}
        isInvalid={Boolean(error)}
        isDisabled={isDisabled}
        shouldForceLeadingZeros
        onKeyDown={submitEnclosingForm}
        data-testid={testId}
      >
        <Label className="ui-label">{label}</Label>
        <DateInput className="ui-input ui-date-input">
          {(segment) => <DateSegment segment={segment} className="ui-date-segment" />}
        </DateInput>
        {description && <Text slot="description" className="ui-description">{description}</Text>}
        {error && <Text slot="errorMessage" className="ui-error" data-testid={errorTestId}><Icon name="error" />{error}</Text>}
      </AriaDateField>
    </UiLocale>
  );
}
