/**
 * A labelled choice from a short list. The platform's own select underneath (its keyboard, type-to-
 * find and screen-reader support are complete, and it works with a barcode wedge's keystrokes
 * left alone); the look is ours. For long lists that need searching, use `Combobox`.
 */
import type { Ref, SelectHTMLAttributes } from 'react';
import { FieldHelp, FieldLabel, useFieldIds, type FieldTexts } from './field';
import { Icon, Spinner } from './icons';

export interface SelectOption { value: string; label: string; disabled?: boolean }

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'defaultValue' | 'multiple'>, FieldTexts {
  options: readonly SelectOption[];
  value: string;
  onChange(value: string): void;
  /** A first, empty choice ("— Choose —"), for when nothing is chosen yet. */
  placeholder?: string;
  busy?: boolean;
  ref?: Ref<HTMLSelectElement>;
}

export function Select({ label, description, error, errorTestId, options, value, onChange, placeholder, busy = false, id, className, required, disabled, ref, ...rest }: SelectProps) {
  const ids = useFieldIds(id, { label, description, error });
  return (
    <div className={`ui-field${className ? ` ${className}` : ''}`} data-invalid={error ? true : undefined} data-disabled={disabled || undefined}>
      <FieldLabel htmlFor={ids.id} required={required}>{label}</FieldLabel>
      <div className="ui-control ui-select" data-busy={busy || undefined}>
        <select
          {...rest}
          ref={ref}
          id={ids.id}
          className="ui-input"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={required}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
          aria-busy={busy || undefined}
        >
          {placeholder !== undefined && <option value="">{placeholder}</option>}
          {options.map((o) => <option key={o.value} value={o.value} disabled={o.disabled}>{o.label}</option>)}
        </select>
        {busy ? <Spinner /> : <Icon name="chevron-down" className="ui-select-chevron" />}
      </div>
      <FieldHelp {...ids} description={description} error={error} errorTestId={errorTestId} />
    </div>
  );
}
