import type { Locale } from './i18n/index.tsx';

/**
 * Money arrives from the API as integer minor units (分) of the org currency. Shown as ¥1,234.50;
 * `compact` shortens large amounts the way each language reads them: 万 / 亿 in Chinese, K / M in English.
 */
export function formatMoney(
  minor: number | null | undefined,
  locale: Locale,
  currency = 'CNY',
  options: { compact?: boolean } = {},
): string {
  if (minor === null || minor === undefined || !Number.isFinite(minor)) {
    return '—';
  }
  const major = minor / 100;
  const symbol = currencySymbol(locale, currency);
  const abs = Math.abs(major);
  const sign = major < 0 ? '-' : '';
  if (options.compact) {
    if (locale === 'zh-CN') {
      if (abs >= 1e8) {
        return `${sign}${symbol}${trim(abs / 1e8)}亿`;
      }
      if (abs >= 1e4) {
        return `${sign}${symbol}${trim(abs / 1e4)}万`;
      }
    } else if (abs >= 1e3) {
      return `${sign}${symbol}${new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 }).format(abs)}`;
    }
  }
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(major);
}

function trim(value: number): string {
  return new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2, useGrouping: true }).format(value);
}

/** The narrow symbol of a currency in a language (¥, $, €). */
export function currencySymbol(locale: Locale, currency: string): string {
  const part = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
    .formatToParts(0)
    .find((p) => p.type === 'currency');
  return part?.value ?? currency;
}

/** Yuan as typed in a form → minor units (rounded once, here). */
export function toMinor(major: number | null | undefined): number | null {
  if (major === null || major === undefined || !Number.isFinite(major)) {
    return null;
  }
  return Math.round(major * 100);
}

export function toMajor(minor: number | null | undefined): number | null {
  return minor === null || minor === undefined ? null : minor / 100;
}

/** Basis points → "40%". */
export function formatPercentBp(bp: number | null | undefined): string {
  return bp === null || bp === undefined ? '—' : `${Math.round(bp / 100)}%`;
}
