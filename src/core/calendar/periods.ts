import { Invalid } from '../errors.ts';
import {
  addMonths,
  dayNumberFromParts,
  daysInMonth,
  formatIsoDate,
  fromDayNumber,
  type IsoDate,
  isoWeekdayOfDayNumber,
  parseIsoDate,
  partsFromDayNumber,
  toDayNumber,
} from './calendar-date.ts';

/** An inclusive date range. */
export interface DateRange {
  from: IsoDate;
  to: IsoDate;
}

/** An ISO 8601 week: weeks start on Monday and belong to the year of their Thursday. */
export interface IsoWeek {
  weekYear: number;
  week: number;
  /** e.g. '2025-W01'. */
  label: string;
}

function weekLabel(weekYear: number, week: number): string {
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/** ISO week of a day number. */
export function isoWeekOfDayNumber(dayNumber: number): IsoWeek {
  const thursday = dayNumber - isoWeekdayOfDayNumber(dayNumber) + 4;
  const weekYear = partsFromDayNumber(thursday).year;
  const week = Math.floor((thursday - dayNumberFromParts({ year: weekYear, month: 1, day: 1 })) / 7) + 1;
  return { weekYear, week, label: weekLabel(weekYear, week) };
}

/** ISO 8601 week (Monday start; week 1 holds the year's first Thursday, so 2024-12-30 is 2025-W01). */
export function isoWeekOf(date: IsoDate): IsoWeek {
  return isoWeekOfDayNumber(toDayNumber(date));
}

/** Number of ISO weeks (52 or 53) in an ISO week-year. */
export function isoWeeksInYear(weekYear: number): number {
  // 28 December always lies in the last ISO week of its year.
  return isoWeekOfDayNumber(dayNumberFromParts({ year: weekYear, month: 12, day: 28 })).week;
}

/** Monday-to-Sunday date range of an ISO week (ISO 8601: week 1 contains 4 January). */
export function isoWeekRange(weekYear: number, week: number): DateRange {
  if (!Number.isInteger(week) || week < 1 || week > isoWeeksInYear(weekYear)) {
    throw new Invalid(`${weekYear} has no ISO week ${week}`);
  }
  const jan4 = dayNumberFromParts({ year: weekYear, month: 1, day: 4 });
  const monday = jan4 - isoWeekdayOfDayNumber(jan4) + 1 + (week - 1) * 7;
  return { from: fromDayNumber(monday), to: fromDayNumber(monday + 6) };
}

/** All ISO weeks of an ISO week-year, in order. */
export function listIsoWeeks(weekYear: number): Array<IsoWeek & DateRange> {
  const count = isoWeeksInYear(weekYear);
  const weeks: Array<IsoWeek & DateRange> = [];
  for (let week = 1; week <= count; week++) {
    weeks.push({ weekYear, week, label: weekLabel(weekYear, week), ...isoWeekRange(weekYear, week) });
  }
  return weeks;
}

function checkMonth(month: number, what = 'month'): void {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new Invalid(`${what} ${month} is not a month number 1–12`);
  }
}

/** First to last day of a calendar month. */
export function monthRange(year: number, month: number): DateRange {
  checkMonth(month);
  return {
    from: formatIsoDate({ year, month, day: 1 }),
    to: formatIsoDate({ year, month, day: daysInMonth(year, month) }),
  };
}

/** Calendar quarter (1–4) of a month. */
export function quarterOfMonth(month: number): number {
  checkMonth(month);
  return Math.floor((month - 1) / 3) + 1;
}

/** Calendar quarter (1–4) of a date. */
export function quarterOf(date: IsoDate): number {
  return quarterOfMonth(parseIsoDate(date).month);
}

/** First to last day of a calendar quarter. */
export function quarterRange(year: number, quarter: number): DateRange {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) {
    throw new Invalid(`quarter ${quarter} is not 1–4`);
  }
  const firstMonth = (quarter - 1) * 3 + 1;
  return { from: monthRange(year, firstMonth).from, to: monthRange(year, firstMonth + 2).to };
}

/** How a fiscal year is named: by the calendar year it starts in, or the one it ends in. */
export type FiscalYearNaming = 'start-year' | 'end-year';

/** Where a date falls in a fiscal year that starts on the 1st of `firstMonth`. */
export interface FiscalPosition {
  fiscalYear: number;
  /** 1–4, counted from the fiscal year's first month. */
  fiscalQuarter: number;
  /** 1–12, counted from the fiscal year's first month. */
  fiscalMonth: number;
}

/** Fiscal year, quarter and month of a date; the year starts in `firstMonth` (e.g. 4 for April). */
export function fiscalPositionOf({
  date,
  firstMonth = 1,
  naming = 'start-year',
}: {
  date: IsoDate;
  firstMonth?: number;
  naming?: FiscalYearNaming;
}): FiscalPosition {
  checkMonth(firstMonth, 'fiscal first month');
  const { year, month } = parseIsoDate(date);
  const startYear = month >= firstMonth ? year : year - 1;
  const fiscalMonth = ((month - firstMonth + 12) % 12) + 1;
  const fiscalYear = naming === 'start-year' || firstMonth === 1 ? startYear : startYear + 1;
  return { fiscalYear, fiscalQuarter: Math.floor((fiscalMonth - 1) / 3) + 1, fiscalMonth };
}

/** The calendar months (in order) of a fiscal year; a January start gives the calendar year. */
export function fiscalYearMonths({
  fiscalYear,
  firstMonth = 1,
  naming = 'start-year',
}: {
  fiscalYear: number;
  firstMonth?: number;
  naming?: FiscalYearNaming;
}): Array<{ year: number; month: number }> {
  checkMonth(firstMonth, 'fiscal first month');
  const startYear = naming === 'end-year' && firstMonth !== 1 ? fiscalYear - 1 : fiscalYear;
  return Array.from({ length: 12 }, (_, offset) => addMonths(startYear, firstMonth, offset));
}

/** First to last day of a fiscal year. */
export function fiscalYearRange(options: {
  fiscalYear: number;
  firstMonth?: number;
  naming?: FiscalYearNaming;
}): DateRange {
  const months = fiscalYearMonths(options);
  const first = months[0]!;
  const last = months[11]!;
  return { from: monthRange(first.year, first.month).from, to: monthRange(last.year, last.month).to };
}

/** Number of calendar days in a range, both ends included. */
export function countCalendarDays({ from, to }: DateRange): number {
  return toDayNumber(to) - toDayNumber(from) + 1;
}
