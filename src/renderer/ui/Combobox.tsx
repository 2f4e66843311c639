/**
 * Pick one item from a long list by typing: the procedure picker. Matching ignores diacritics and
 * case, and every typed word may appear anywhere ("khai sinh" and "dang ky khai sinh" both find
 * "Đăng ký khai sinh"; the code and detail text match too). Keyboard: type to filter and open,
 * ↓/↑ move through the list (↓ on an empty or closed field opens the whole list), Enter chooses,
 * Escape closes the list and puts back the chosen option's name. Behaviour and ARIA (combobox,
 * listbox, active descendant, announcements) come from React Aria's ComboBox; the look is ours.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import {
  Button as AriaButton, ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text, type Key,
} from 'react-aria-components';
import { matchesLoosely } from './filter';
import { Icon, Spinner } from './icons';
import { UiLocale } from './locale';

export interface ComboboxOption {
  id: string;
  label: string;
  /** A second line: the code, the field. Matched too. */
  detail?: string;
  /** More words that should find this option, not shown. */
  keywords?: string;
  disabled?: boolean;
}

export interface ComboboxProps {
  label: string;
  description?: string;
  error?: string | null;
  placeholder?: string;
  /** Shown in the open list when nothing matches. */
  emptyText: string;
  options: readonly ComboboxOption[];
  /** The chosen option's id (null: none). */
  value: string | null;
  onChange(id: string | null): void;
  /** The typed text, when the caller keeps it. */
  inputValue?: string;
  onInputChange?(text: string): void;
  disabled?: boolean;
  busy?: boolean;
  required?: boolean;
  autoFocus?: boolean;
  name?: string;
  id?: string;
  className?: string;
  'data-testid'?: string;
}

const textOf = (o: ComboboxOption): string => [o.label, o.detail, o.keywords].filter(Boolean).join(' ');

/**
 * The library filters on an option's text value, which is also what the input shows once it is
 * chosen: that stays the label, and the filter looks the label's full text (label, detail,
 * keywords) up here.
 */
function searchTexts(options: readonly ComboboxOption[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const o of options) m.set(o.label, [m.get(o.label), textOf(o)].filter(Boolean).join(' '));
  return m;
}

const TOP_LAYER = 'data-react-aria-top-layer';

/**
 * While its list is open, the library hides everything but the field and the list from screen
 * readers (aria-hidden), so that a touch screen reader cannot wander off between the field and
 * a list rendered at the end of the page. That leaves the rest of the page focusable yet hidden
 * (axe: aria-hidden-focus) and Tab can land there. At a desktop counter the field keeps focus and
 * the options are announced through aria-activedescendant, so we keep the page visible: its
 * top-level container is marked as one the library leaves alone, from the moment the list opens
 * until it closes. A modal dialog still hides the page as before.
 */
function useKeepPageVisible() {
  const field = useRef<HTMLDivElement | null>(null);
  const marked = useRef<HTMLElement | null>(null);
  const release = useCallback(() => {
    marked.current?.removeAttribute(TOP_LAYER);
    marked.current = null;
  }, []);
  const onOpenChange = useCallback((open: boolean) => {
    if (!open) {
      release();
      return;
    }
    let top: HTMLElement | null = field.current;
    while (top?.parentElement && top.parentElement !== top.ownerDocument.body) top = top.parentElement;
    if (top && top.parentElement && !top.hasAttribute(TOP_LAYER)) {
      top.setAttribute(TOP_LAYER, '');
      marked.current = top;
    }
  }, [release]);
  useEffect(() => release, [release]);
  return { field, onOpenChange };
}

export function Combobox({
  label, description, error, placeholder, emptyText, options, value, onChange, inputValue, onInputChange,
  disabled = false, busy = false, required = false, autoFocus, name, id, className, 'data-testid': testId,
}: ComboboxProps) {
  const keep = useKeepPageVisible();
  const disabledKeys = useMemo(() => options.filter((o) => o.disabled).map((o) => o.id), [options]);
  const texts = useMemo(() => searchTexts(options), [options]);
  const filter = useCallback((textValue: string, typed: string) => matchesLoosely(texts.get(textValue) ?? textValue, typed), [texts]);
  return (
    <UiLocale>
      <ComboBox
        ref={keep.field}
        onOpenChange={keep.onOpenChange}
        className={`ui-field ui-combobox${className ? ` ${className}` : ''}`}
        id={id}
        defaultItems={options}
        value={value}
        onChange={(k: Key | null) => onChange(k === null ? null : String(k))}
        {...(inputValue !== undefined ? { inputValue } : {})}
        {...(onInputChange ? { onInputChange } : {})}
        defaultFilter={filter}
        disabledKeys={disabledKeys}
        isDisabled={disabled}
        isRequired={required}
        isInvalid={Boolean(error)}
        validationBehavior="aria"
        allowsEmptyCollection
        autoFocus={autoFocus}
        name={name}
        data-invalid={error ? true : undefined}
        data-disabled={disabled || undefined}
      >
        <Label className="ui-label">{label}{required && <span className="ui-required" aria-hidden="true"> *</span>}</Label>
        <div className="ui-control" data-busy={busy || undefined}>
          <Input className="ui-input" placeholder={placeholder} aria-busy={busy || undefined} data-testid={testId} />
          {busy && <Spinner />}
          <AriaButton className="ui-combobox-button"><Icon name="chevron-down" /></AriaButton>
        </div>
        {description && <Text slot="description" className="ui-description">{description}</Text>}
        <FieldError className="ui-error"><Icon name="error" />{error}</FieldError>
        <Popover className="ui-popover" placement="bottom start" offset={4}>
          <ListBox<ComboboxOption>
            className="ui-listbox"
            renderEmptyState={() => <div className="ui-listbox-empty">{emptyText}</div>}
          >
            {(o) => (
              <ListBoxItem id={o.id} textValue={o.label} className="ui-option" data-testid={testId ? `${testId}-option` : undefined}>
                <span className="ui-option-label">{o.label}</span>
                {o.detail && <span className="ui-option-detail">{o.detail}</span>}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
    </UiLocale>
  );
}
