/**
 * What every field shares: a visible label, an optional description and an error message, both
 * linked to the control with `aria-describedby`; the control is marked `aria-invalid` while there
 * is an error.
 */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './icons';

export interface FieldTexts {
  label: string;
  description?: string;
  /** The error, in words; the field is invalid while it is set. */
  error?: string | null;
  /** A test id for the error's text (the technician console's forms name each field's error). */
  errorTestId?: string;
}

export function useFieldIds(base: string | undefined, texts: FieldTexts) {
  const auto = useId();
  const id = base ?? `ui${auto.replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const descriptionId = texts.description ? `${id}-description` : undefined;
  const errorId = texts.error ? `${id}-error` : undefined;
  const describedBy = [descriptionId, errorId].filter(Boolean).join(' ') || undefined;
  return { id, descriptionId, errorId, describedBy };
}

export function FieldLabel({ htmlFor, children, required }: { htmlFor: string; children: ReactNode; required?: boolean }) {
  const { t } = useTranslation('ui');
  return (
    <label htmlFor={htmlFor} className="ui-label">
      {children}
      {required && <span className="ui-required" title={t('required')} aria-hidden="true"> *</span>}
    </label>
  );
}

export function FieldHelp({ descriptionId, description, errorId, error, errorTestId }: {
  descriptionId?: string; description?: string; errorId?: string; error?: string | null; errorTestId?: string;
}) {
  return (
    <>
      {description && <p id={descriptionId} className="ui-description">{description}</p>}
      {error && <p id={errorId} className="ui-error" data-testid={errorTestId}><Icon name="error" />{error}</p>}
    </>
  );
}
