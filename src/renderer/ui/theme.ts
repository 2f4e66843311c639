import { Theme as ThemeSchema } from '../../shared/settings/schema';

/** The two themes of tokens.css, switched by `data-theme` on the root element (the device's
 * `theme` setting chooses one: app-services.tsx). */
export const THEMES = ThemeSchema.options;
export type Theme = (typeof THEMES)[number];

export const isTheme = (v: unknown): v is Theme => typeof v === 'string' && (THEMES as readonly string[]).includes(v);

/** Sets the theme on `root` (the document's root element by default). */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = theme;
}

/** The theme in force on `root`: light unless it says high-contrast. */
export function currentTheme(root: HTMLElement = document.documentElement): Theme {
  const t = root.dataset.theme;
  return isTheme(t) ? t : 'light';
}
