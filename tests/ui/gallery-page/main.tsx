/**
 * The component gallery as a page of its own, built with Vite by the real-Chromium test (and by
 * `npm run ui:gallery` for a person to look at). `?theme=high-contrast` and `?lang=en` choose the
 * start.
 */
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { createI18n } from '../../../src/renderer/i18n';
import { applyTheme, isTheme } from '../../../src/renderer/ui';
import { Gallery } from '../../../src/renderer/ui/gallery/Gallery';

const params = new URLSearchParams(window.location.search);
const lang = params.get('lang') === 'en' ? 'en' : 'vi';
const theme = params.get('theme');
applyTheme(isTheme(theme) ? theme : 'light');
document.documentElement.lang = lang;

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
createRoot(root).render(
  <I18nextProvider i18n={createI18n(lang)}>
    <Gallery />
  </I18nextProvider>,
);
