/**
 * A checkbox with its label beside it (a document received, a filter). The platform's own input
 * underneath — Space toggles it, screen readers know it — drawn larger, in the primary colour, with
 * the shared focus ring; an optional description below, linked with aria-describedby.
 */
import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { useFieldIds } from './field';

export interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'onChange'> {
  children: ReactNode;
  description?: string;
  onChange(checked: boolean): void;
  ref?: Ref<HTMLInputElement>;
}

export function Checkbox({ children, description, id, className, disabled, onChange, ref, ...rest }: CheckboxProps) {
  const ids = useFieldIds(id, { label: '', description });
  return (
    <div className={`ui-checkbox${className ? ` ${className}` : ''}`} data-disabled={disabled || undefined}>
      <input
        {...rest}
        ref={ref}
        id={ids.id}
        type="checkbox"
        className="ui-checkbox-input"
        disabled={disabled}
        aria-describedby={ids.describedBy}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={ids.id} className="ui-checkbox-label">{children}</label>
      {description && <p id={ids.descriptionId} className="ui-description ui-checkbox-description">{description}</p>}
    </div>
  );
}
