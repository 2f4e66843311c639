/**
 * The headless library's own announcements, in our words. React Aria ships its screen-reader
 * strings (e.g. "3 options available", "sorted by column Code in ascending order") in 34 locales,
 * Vietnamese not among them. It reads strings from a global dictionary when one is present
 * (`Symbol.for('react-aria.i18n.strings')`, what its `LocalizedStringProvider` writes for server
 * rendering): we install one whose every entry is a function that asks i18next, namespace `ui`,
 * key `aria.*`, in the language of the nearest `I18nProvider` (set by `UiLocale` from the app's
 * language). Strings of parts we do not use fall back to the library's English. The global is the
 * library's internal contract; the combobox and table tests check the names it yields.
 */
import i18next, { type i18n } from 'i18next';
import * as enUSModule from 'react-aria-components/i18n/en-US';
import ui from '../i18n/ui';

type Vars = Record<string, unknown>;
interface Formatter { locale: string }
type LibraryString = string | ((vars: Vars, fmt: Formatter) => string);
type Translate = (key: string, values?: Vars) => string;
type Ours = (vars: Vars, t: Translate) => string;

const LOCALE_SYMBOL = Symbol.for('react-aria.i18n.locale');
const STRINGS_SYMBOL = Symbol.for('react-aria.i18n.strings');

// The package's typings declare this file's default export as a type only; it is the English table.
const enUS = (enUSModule as unknown as { default: Record<string, Record<string, LibraryString>> }).default;

const plain = (key: string): Ours => (_v, t) => t(key);

/** Library package → its string key → how we say it (keys under `ui:aria.`). */
const OURS: Record<string, Record<string, Ours>> = {
  '@react-aria/combobox': {
    buttonLabel: plain('combobox.buttonLabel'),
    listboxLabel: plain('combobox.listboxLabel'),
    countAnnouncement: (v, t) => t('combobox.count', { count: v.optionCount }),
    focusAnnouncement: (v, t) => `${v.isGroupChange ? t('combobox.enteredGroup', { group: v.groupTitle, count: v.groupCount }) : ''}${String(v.optionText ?? '')}${v.isSelected ? t('combobox.selectedSuffix') : ''}`,
    selectedAnnouncement: (v, t) => t('combobox.selected', { option: v.optionText }),
  },
  '@react-aria/table': {
    select: plain('table.select'),
    selectAll: plain('table.selectAll'),
    sortable: plain('table.sortable'),
    ascending: plain('table.ascending'),
    descending: plain('table.descending'),
    ascendingSort: (v, t) => t('table.ascendingSort', { column: v.columnName }),
    descendingSort: (v, t) => t('table.descendingSort', { column: v.columnName }),
    columnSize: (v, t) => t('table.columnSize', { value: v.value }),
    resizerDescription: plain('table.resizerDescription'),
    expand: plain('table.expand'),
    collapse: plain('table.collapse'),
  },
  '@react-aria/grid': {
    select: plain('grid.select'),
    selectedCount: (v, t) => (v.count === 0 ? t('grid.selectedNone') : t('grid.selectedCount', { count: v.count })),
    selectedAll: plain('grid.selectedAll'),
    selectedItem: (v, t) => t('grid.selectedItem', { item: v.item }),
    deselectedItem: (v, t) => t('grid.deselectedItem', { item: v.item }),
    longPressToSelect: plain('grid.longPressToSelect'),
  },
  '@react-aria/gridlist': {
    hasActionAnnouncement: plain('gridlist.hasActionAnnouncement'),
    hasLinkAnnouncement: (v, t) => t('gridlist.hasLinkAnnouncement', { link: v.link }),
  },
  '@react-aria/overlays': { dismiss: plain('overlays.dismiss') },
  '@react-aria/toast': {
    close: plain('toast.close'),
    notifications: (v, t) => t('toast.notifications', { count: v.count }),
  },
  '@react-aria/searchfield': { 'Clear search': plain('searchfield.clear') },
  'react-aria-components': { selectPlaceholder: plain('components.selectPlaceholder'), tableResizer: plain('components.tableResizer') },
};

let translator: i18n | null = null;
function ariaTranslator(): i18n {
  if (translator) return translator;
  const inst = i18next.createInstance();
  void inst.init({
    resources: { vi: { ui: ui.vi }, en: { ui: ui.en } },
    lng: 'vi',
    fallbackLng: 'vi',
    ns: ['ui'],
    defaultNS: 'ui',
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  translator = inst;
  return inst;
}

/** `vi` for any Vietnamese locale (vi, vi-VN), else `en`. */
export const uiLangOf = (locale: string): 'vi' | 'en' => (locale.toLowerCase().startsWith('vi') ? 'vi' : 'en');

/** The library's string `pkg`/`key` as we say it in `locale` (its English where we have none). */
export function ariaString(pkg: string, key: string, vars: Vars, locale: string): string {
  const ours = OURS[pkg]?.[key];
  if (ours) {
    const lng = uiLangOf(locale);
    return ours(vars, (k, values = {}) => (ariaTranslator().t as (key: string, options: object) => string)(`aria.${k}`, { ...values, lng }));
  }
  const en = enUS[pkg]?.[key];
  if (typeof en === 'function') return en(vars, { locale: 'en-US', ...englishFormatter });
  return en ?? key;
}

// The English originals may call the formatter's helpers (plural, number, select).
const englishFormatter = {
  plural(count: number, options: Record<string, string | (() => string)>): string {
    const opt = options[`=${count}`] ?? options[new Intl.PluralRules('en-US').select(count)] ?? options.other ?? '';
    return typeof opt === 'function' ? opt() : opt;
  },
  number: (n: number): string => new Intl.NumberFormat('en-US').format(n),
  select(options: Record<string, string | (() => string)>, value: string): string {
    const opt = options[value] ?? options.other ?? '';
    return typeof opt === 'function' ? opt() : opt;
  },
};

/**
 * Installs the dictionary on `target` (the window) once, before the library first formats a
 * string (it reads the global once). Does nothing if a dictionary is already there.
 */
export function installAriaStrings(target: object | undefined = typeof window === 'undefined' ? undefined : window): void {
  if (!target) return;
  const slot = target as Record<symbol, unknown>;
  if (slot[STRINGS_SYMBOL]) return;
  const strings: Record<string, Record<string, (vars: Vars, fmt: Formatter) => string>> = {};
  for (const [pkg, table] of Object.entries(enUS)) {
    strings[pkg] = Object.fromEntries(Object.keys(table).map((key) => [key, (vars: Vars, fmt: Formatter) => ariaString(pkg, key, vars ?? {}, fmt.locale)]));
  }
  slot[LOCALE_SYMBOL] = 'vi-VN';
  slot[STRINGS_SYMBOL] = strings;
}
