import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { setApiLanguage } from '../api.ts';
import { formatDate, formatDateTime } from '../dates.ts';
import { en } from './en.ts';
import type { Locale } from './locale.ts';
import { type MessageKey, type Messages, zhCN } from './zh-CN.ts';

export type { Locale } from './locale.ts';
export type { MessageKey } from './zh-CN.ts';

export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
];

const STORAGE_KEY = 'salesops.locale';
const dictionaries: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

/** The saved choice wins; otherwise any Chinese browser language (zh, zh-TW, …) gets zh-CN, the rest en. */
export function detectLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en') {
      return saved;
    }
  } catch {
    // Storage can be disabled (private mode, policies); fall through to the browser language.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Vars = Record<string, string | number>;
export type TFunction = (key: MessageKey, vars?: Vars) => string;

/** Whether the dictionaries have this key (for keys built from data, e.g. a field's name). */
export function hasMessage(key: string): key is MessageKey {
  return key in dictionaries.en;
}

export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[locale][key];
  if (!vars) {
    return text;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: TFunction;
  formatNumber(value: number): string;
  formatDateTime(iso: string | null | undefined): string;
  formatDate(iso: string | null | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const detected = detectLocale();
    // Before any child's first request.
    setApiLanguage(detected);
    return detected;
  });

  const setLocale = useCallback((next: Locale) => {
    setApiLanguage(next);
    setLocaleState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted when storage is unavailable; the switch still applies to this tab.
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    // antd's date pickers take month and weekday names from dayjs.
    dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  }, [locale]);

  const value = useMemo<I18n>(() => {
    const numbers = new Intl.NumberFormat(locale);
    // One format per language for every date on every page (app/dates.ts).
    const format = (formatter: (locale: Locale, value: string) => string, iso: string | null | undefined) =>
      iso ? formatter(locale, iso) : dictionaries[locale]['common.none'];
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      formatNumber: (n) => numbers.format(n),
      formatDateTime: (iso) => format(formatDateTime, iso),
      formatDate: (iso) => format(formatDate, iso),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) {
    throw new Error('useI18n outside I18nProvider');
  }
  return value;
}

export function useT(): TFunction {
  return useI18n().t;
}
