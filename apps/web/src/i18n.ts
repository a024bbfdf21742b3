import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import zhCN from './locales/zh-CN.ts';
// en-US is loaded when chosen (its ~15 KB gzipped stay out of the pages of a Chinese session; bench web).
const loadEnUS = () => import('./locales/en-US.ts').then((m) => m.default);

export const languages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof languages)[number];

/** localStorage key; holds only the UI language. */
const LANG_KEY = 'cpaudit.lang';
const dayjsLocale: Record<Language, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

function readStoredLanguage(): Language {
  try {
    const v = window.localStorage.getItem(LANG_KEY);
    return (languages as readonly string[]).includes(v ?? '') ? (v as Language) : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

function applyLanguage(lng: Language): void {
  dayjs.locale(dayjsLocale[lng]);
  // no document when a component test renders to HTML in Node (src/testing/render.tsx)
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
}

const initial = readStoredLanguage();
applyLanguage(initial);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN } },
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  supportedLngs: [...languages],
  // React escapes everything it renders.
  interpolation: { escapeValue: false },
});

/** Adds the en-US texts if `lng` needs them and they are not loaded yet. */
async function ensureResources(lng: Language): Promise<void> {
  if (lng === 'en-US' && !i18n.hasResourceBundle('en-US', 'translation')) i18n.addResourceBundle('en-US', 'translation', await loadEnUS());
}

/** Resolves once the stored language's texts are loaded and active (main.tsx renders after it). */
export const i18nReady: Promise<void> = initial === 'zh-CN' ? Promise.resolve() : ensureResources(initial).then(() => i18n.changeLanguage(initial)).then(() => undefined);

export function currentLanguage(): Language {
  return (languages as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'zh-CN';
}

export async function setLanguage(lng: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANG_KEY, lng);
  } catch {
    // storage unavailable (private mode): the choice lasts for this page only
  }
  await ensureResources(lng);
  applyLanguage(lng);
  await i18n.changeLanguage(lng);
}

export default i18n;
