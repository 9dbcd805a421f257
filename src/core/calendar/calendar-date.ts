import { Invalid } from '../errors.ts';

/**
 * A plain calendar date, 'YYYY-MM-DD'. No time, no zone: the maths below runs on whole-day numbers
 * (days since 1970-01-01, proleptic Gregorian), so no clock or zone can shift a day.
 */
export type IsoDate = string;

/** A date split into its parts; month and day are 1-based. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Gregorian leap year rule (divisible by 4, except centuries not divisible by 400). */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Number of days in a month of the Gregorian calendar. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    return isLeapYear(year) ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Parses 'YYYY-MM-DD' strictly (real date, zero-padded); throws Invalid otherwise. */
export function parseIsoDate(date: IsoDate): DateParts {
  const match = ISO_DATE.exec(date);
  if (!match) {
    throw new Invalid(`"${date}" is not a date in the form YYYY-MM-DD`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new Invalid(`"${date}" is not a real calendar date`);
  }
  return { year, month, day };
}

/** Days since 1970-01-01 for a civil date (H. Hinnant's days_from_civil algorithm). */
export function dayNumberFromParts({ year, month, day }: DateParts): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Civil date for a day number (H. Hinnant's civil_from_days algorithm). */
export function partsFromDayNumber(dayNumber: number): DateParts {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** Day number (days since 1970-01-01) of an ISO date. */
export function toDayNumber(date: IsoDate): number {
  return dayNumberFromParts(parseIsoDate(date));
}

/** Formats date parts as 'YYYY-MM-DD'. */
export function formatIsoDate({ year, month, day }: DateParts): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** ISO date of a day number. */
export function fromDayNumber(dayNumber: number): IsoDate {
  return formatIsoDate(partsFromDayNumber(dayNumber));
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfDayNumber(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return isoWeekdayOfDayNumber(toDayNumber(date));
}

/** The date n days after (or before, if negative) a date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** First and last day number of a calendar month. */
export function monthDayNumbers(year: number, month: number): { first: number; last: number } {
  const first = dayNumberFromParts({ year, month, day: 1 });
  return { first, last: first + daysInMonth(year, month) - 1 };
}

/** Adds months to a (year, month) pair, e.g. (2025, 11) + 3 → (2026, 2). */
export function addMonths(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}
