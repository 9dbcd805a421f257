import type { Locale } from './i18n/locale.ts';

/**
 * The one way dates are written in the UI, per language: zh-CN 2026-12-02 09:28 / 2026-12-02, en
 * Dec 2, 2026, 9:28 AM / Dec 2, 2026. Instants are shown in the browser's time zone; calendar dates
 * (YYYY-MM-DD, e.g. an expected close date) are shown as the day they name, never shifted by a zone.
 */
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const pad = (n: number) => String(n).padStart(2, '0');

const enDateTime = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const enDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });
const enCalendarDate = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

/** A date and time of day (an ISO instant) in the language's one format; as given when it does not parse. */
export function formatDateTime(locale: Locale, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  if (locale === 'en') {
    return enDateTime.format(date);
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A day (a calendar date YYYY-MM-DD, or the local day of an ISO instant) in the language's format. */
export function formatDate(locale: Locale, value: string): string {
  const calendar = CALENDAR_DATE.exec(value);
  if (calendar) {
    if (locale === 'en') {
      return enCalendarDate.format(new Date(`${value}T00:00:00Z`));
    }
    return value;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    return value;
  }
  if (locale === 'en') {
    return enDate.format(date);
  }
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
