/**
 * The one button. Variants: primary (the screen's main action; one per view), secondary, danger
 * (irreversible or refusing), quiet (low-emphasis, in tables and toolbars). A `shortcut` ("F2")
 * is shown as a key cap, announced with `aria-keyshortcuts` and registered with `useShortcut`
 * while the button is enabled and not hidden. `busy` keeps the button focusable but inert
 * (`aria-disabled`, `aria-busy`) with a spinner, so focus is not lost while work runs.
 */
import { useRef, type ButtonHTMLAttributes, type MouseEvent, type ReactNode, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon, Spinner, type IconName } from './icons';
import { ariaShortcut, Kbd, useShortcut } from './shortcuts';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'quiet';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> {
  variant?: ButtonVariant;
  size?: 'md' | 'sm';
  /** A key that presses this button ("F2", "Ctrl+K"); shown on it. */
  shortcut?: string;
  busy?: boolean;
  icon?: IconName;
  type?: 'button' | 'submit' | 'reset';
  children?: ReactNode;
  ref?: Ref<HTMLButtonElement>;
}

function assignRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}

export function Button({
  variant = 'secondary', size = 'md', shortcut, busy = false, icon, type = 'button', disabled, className, children, onClick, ref, ...rest
}: ButtonProps) {
  const { t } = useTranslation('ui');
  const own = useRef<HTMLButtonElement | null>(null);
  useShortcut(shortcut, () => {
    const el = own.current;
    // A button on a hidden screen (the locked workspace) is not there for the keyboard either.
    if (!el || el.closest('[hidden], [inert]')) return;
    el.focus();
    el.click();
  }, { enabled: !disabled && !busy });

  const click = (e: MouseEvent<HTMLButtonElement>): void => {
    if (busy) {
      e.preventDefault();
      return;
    }
    onClick?.(e);
  };

  return (
    <button
      {...rest}
      ref={(el) => { own.current = el; assignRef(ref, el); }}
      type={type}
      className={`ui-button${className ? ` ${className}` : ''}`}
      data-variant={variant}
      data-size={size}
      disabled={disabled}
      aria-disabled={busy || undefined}
      aria-busy={busy || undefined}
      aria-keyshortcuts={shortcut ? ariaShortcut(shortcut) : undefined}
      onClick={click}
    >
      {busy ? <Spinner /> : icon && <Icon name={icon} />}
      {children !== undefined && <span className="ui-button-label">{children}</span>}
      {busy && <span className="ui-visually-hidden">{t('busy')}</span>}
      {shortcut && <Kbd shortcut={shortcut} />}
    </button>
  );
}
