import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import zhCN from './locales/zh-CN.ts';
import enUS from './locales/en-US.ts';

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
  document.documentElement.lang = lng;
}

const initial = readStoredLanguage();
applyLanguage(initial);

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
  lng: initial,
  fallbackLng: 'zh-CN',
  supportedLngs: [...languages],
  // React escapes everything it renders.
  interpolation: { escapeValue: false },
});

export function currentLanguage(): Language {
  return (languages as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'zh-CN';
}

export async function setLanguage(lng: Language): Promise<void> {
  try {
    window.localStorage.setItem(LANG_KEY, lng);
  } catch {
    // storage unavailable (private mode): the choice lasts for this page only
  }
  applyLanguage(lng);
  await i18n.changeLanguage(lng);
}

export default i18n;
