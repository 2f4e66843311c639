/**
 * The translation layer: Vietnamese by default, English second. Each area owns one namespace file
 * (`./<namespace>.ts` exporting `{ vi, en }`); they are registered here, with the message catalog
 * of every machine code (src/shared/messages) as the namespace `codes` (keys `codes:<group>.<code>`,
 * built by ./codes.ts). Keys are typed (./i18next.d.ts): `npm run typecheck` refuses a key the
 * Vietnamese resources lack.
 */
import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOG } from '../../shared/messages';
import app from './app';
import scanners from './scanners';
import camera from './camera';
import sync from './sync';
import citizen from './citizen';
import technician from './technician';
import counter from './counter';
import consoleNs from './console';
import ui from './ui';
import recovery from './recovery';
import queue from './queue';
import digitise from './digitise';
import province from './province';

export const namespaces = { app, codes: CATALOG, scanners, camera, sync, citizen, technician, counter, console: consoleNs, ui, recovery, queue, digitise, province } as const;
export type Lang = 'vi' | 'en';

export function createI18n(lang: Lang = 'vi'): i18n {
  const instance = i18next.createInstance();
  const resources: Record<Lang, Record<string, object>> = { vi: {}, en: {} };
  for (const [ns, res] of Object.entries(namespaces)) {
    resources.vi[ns] = res.vi;
    resources.en[ns] = res.en;
  }
  void instance.use(initReactI18next).init({
    lng: lang,
    fallbackLng: 'vi',
    resources,
    ns: Object.keys(namespaces),
    defaultNS: 'app',
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  return instance;
}
