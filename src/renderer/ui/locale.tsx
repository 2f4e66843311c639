/**
 * The language of the shared components follows the app's i18next language: `UiLocale` gives the
 * headless library the matching locale (its announcements, collation, number formats), and the
 * library's own strings come from the `ui` namespace (aria-strings.ts).
 */
import type { ReactNode } from 'react';
import { I18nProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { installAriaStrings, uiLangOf } from './aria-strings';

installAriaStrings();

export type UiLang = 'vi' | 'en';

/** The app's current language as the components use it. */
export function useUiLang(): UiLang {
  const { i18n } = useTranslation('ui');
  return uiLangOf(i18n.language ?? 'vi');
}

export const LOCALES: Record<UiLang, string> = { vi: 'vi-VN', en: 'en-US' };

/** Puts the library's locale under `children` (every library-backed component wraps itself). */
export function UiLocale({ children }: { children: ReactNode }) {
  return <I18nProvider locale={LOCALES[useUiLang()]}>{children}</I18nProvider>;
}
