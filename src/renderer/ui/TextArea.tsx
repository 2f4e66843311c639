/** A labelled multi-line text field (a list of what to bring, a note), with description and error. */
import type { Ref, TextareaHTMLAttributes } from 'react';
import { FieldHelp, FieldLabel, useFieldIds, type FieldTexts } from './field';

export interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement>, FieldTexts {
  ref?: Ref<HTMLTextAreaElement>;
}

export function TextArea({ label, description, error, errorTestId, id, className, required, disabled, rows = 3, ref, ...rest }: TextAreaProps) {
  const ids = useFieldIds(id, { label, description, error });
  return (
    <div className={`ui-field${className ? ` ${className}` : ''}`} data-invalid={error ? true : undefined} data-disabled={disabled || undefined}>
      <FieldLabel htmlFor={ids.id} required={required}>{label}</FieldLabel>
      <div className="ui-control">
        <textarea
          {...rest}
          ref={ref}
          id={ids.id}
          rows={rows}
          className="ui-input ui-textarea"
          required={required}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
        />
      </div>
      <FieldHelp {...ids} description={description} error={error} errorTestId={errorTestId} />
    </div>
  );
}
