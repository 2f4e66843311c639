/** A labelled text input with description, error, disabled and busy (e.g. a look-up running) states. */
import type { InputHTMLAttributes, Ref } from 'react';
import { FieldHelp, FieldLabel, useFieldIds, type FieldTexts } from './field';
import { Spinner } from './icons';

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'size'>, FieldTexts {
  busy?: boolean;
  /** A monospaced input, for codes and numbers. */
  mono?: boolean;
  ref?: Ref<HTMLInputElement>;
}

export function TextField({ label, description, error, errorTestId, busy = false, mono = false, id, className, required, disabled, ref, ...rest }: TextFieldProps) {
  const ids = useFieldIds(id, { label, description, error });
  return (
    <div className={`ui-field${className ? ` ${className}` : ''}`} data-invalid={error ? true : undefined} data-disabled={disabled || undefined}>
      <FieldLabel htmlFor={ids.id} required={required}>{label}</FieldLabel>
      <div className="ui-control" data-busy={busy || undefined}>
        <input
          {...rest}
          ref={ref}
          id={ids.id}
          className="ui-input"
          data-mono={mono || undefined}
          required={required}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
          aria-busy={busy || undefined}
        />
        {busy && <Spinner />}
      </div>
      <FieldHelp {...ids} description={description} error={error} errorTestId={errorTestId} />
    </div>
  );
}
