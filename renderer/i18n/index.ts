/**
 * UI texts: Polish by default, English and Ukrainian complete. The chosen language is remembered
 * in localStorage and mirrored in <html lang>.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { LANGUAGES, type Lang } from '../../electron/common/messages';
import { RESOURCES } from './resources';

export const STORAGE_KEY = 'nadawca.lang';

function storedLang(): Lang {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (v && (LANGUAGES as readonly string[]).includes(v)) return v as Lang;
  } catch {
    // storage unavailable: fall back to Polish
  }
  return 'pl';
}

export function currentLang(): Lang {
  const l = i18n.language;
  return (LANGUAGES as readonly string[]).includes(l) ? (l as Lang) : 'pl';
}

export async function setLang(lang: Lang): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

void i18n.use(initReactI18next).init({
  resources: { pl: { translation: RESOURCES.pl }, en: { translation: RESOURCES.en }, uk: { translation: RESOURCES.uk } },
  lng: storedLang(),
  fallbackLng: 'pl',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  initAsync: false,
});
document.documentElement.lang = i18n.language;

export default i18n;
