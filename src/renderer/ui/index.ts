/**
 * The shared component layer: tokens and themes (tokens.css), component styles (ui.css) and the
 * components every screen builds from. See docs/DESIGN.md.
 */
import './tokens.css';
import './ui.css';

export { Button, type ButtonProps, type ButtonVariant } from './Button';
export { TextField, type TextFieldProps } from './TextField';
export { TextArea, type TextAreaProps } from './TextArea';
export { Checkbox, type CheckboxProps } from './Checkbox';
export { DateField, type DateFieldProps } from './DateField';
export { Select, type SelectOption, type SelectProps } from './Select';
export { Combobox, type ComboboxOption, type ComboboxProps } from './Combobox';
export { looseText, matchesLoosely } from './filter';
export { useShortcut, ShortcutLayer, Kbd, formatShortcut, parseShortcut, type ShortcutOptions } from './shortcuts';
export { applyTheme, currentTheme, isTheme, THEMES, type Theme } from './theme';
export { UiLocale, useUiLang, type UiLang } from './locale';
export { Icon, Spinner, type IconName } from './icons';
export { Table, type TableColumn, type TableProps, type TableSort, type SortDirection } from './Table';
export { Tabs, type TabItem, type TabsProps } from './Tabs';
export { Dialog, type DialogProps } from './Dialog';
export { MAX_TOASTS, ToastCard, ToastProvider, ToastRegion, useToast, type Toast, type ToastApi, type ToastInput, type ToastTone } from './Toast';
export { StatusBadge, STATUS_ICONS } from './StatusBadge';
export { SyncBadge, type SyncBadgeProps, type SyncState } from './SyncBadge';
