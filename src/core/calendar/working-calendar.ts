import { Invalid } from '../errors.ts';
import {
  fromDayNumber,
  type IsoDate,
  isoWeekdayOfDayNumber,
  partsFromDayNumber,
  toDayNumber,
} from './calendar-date.ts';
import { CN_HOLIDAY_NOTICES, type HolidayNotice } from './cn-holidays.ts';

/**
 * A working-day calendar. A day is a working day when it is a declared workday (调休上班 or an
 * override), otherwise not when it is a declared day off, otherwise not on the weekend days.
 */
export interface WorkingCalendar {
  readonly name: string;
  /** ISO weekdays that are rest days by default (6 = Saturday, 7 = Sunday). */
  readonly weekendDays: readonly number[];
  /** Day numbers forced off (holidays, org closures). */
  readonly offDays: ReadonlySet<number>;
  /** Day numbers forced to be worked (调休上班, org overrides); wins over weekend and offDays. */
  readonly workDays: ReadonlySet<number>;
  /** Years whose holidays are known; 'all' for a calendar that has no holiday concept. */
  readonly coveredYears: ReadonlySet<number> | 'all';
  /** Where the holiday data comes from (document numbers, org policy names). */
  readonly sources: readonly string[];
}

/** Which years of a range a calendar knows holidays for, and a warning for each it does not. */
export interface CalendarCoverage {
  coveredYears: number[];
  missingYears: number[];
  warnings: string[];
}

export interface CalendarOverride {
  date: IsoDate;
  kind: 'workday' | 'off';
  reason?: string;
}

function checkWeekendDays(weekendDays: readonly number[]): void {
  for (const day of weekendDays) {
    if (!Number.isInteger(day) || day < 1 || day > 7) {
      throw new Invalid(`weekend day ${day} is not an ISO weekday (1 = Monday … 7 = Sunday)`);
    }
  }
}

/** Weekends-only calendar (default Saturday + Sunday); declares no holidays, so covers every year. */
export function createWeekendCalendar({
  name = 'Weekends only',
  weekendDays = [6, 7],
}: {
  name?: string;
  weekendDays?: readonly number[];
} = {}): WorkingCalendar {
  checkWeekendDays(weekendDays);
  return { name, weekendDays, offDays: new Set(), workDays: new Set(), coveredYears: 'all', sources: [] };
}

/** Mainland China calendar: weekends, statutory holidays and 调休 workdays from the State Council notices. */
export function createChinaMainlandCalendar(
  notices: readonly HolidayNotice[] = CN_HOLIDAY_NOTICES,
): WorkingCalendar {
  const offDays = new Set<number>();
  const workDays = new Set<number>();
  const coveredYears = new Set<number>();
  const sources: string[] = [];
  for (const notice of notices) {
    coveredYears.add(notice.year);
    sources.push(`${notice.year}: ${notice.title}（${notice.documentNumber}）`);
    for (const holiday of notice.breaks) {
      const last = toDayNumber(holiday.off[1]);
      for (let day = toDayNumber(holiday.off[0]); day <= last; day++) {
        offDays.add(day);
      }
      for (const workday of holiday.workdays) {
        workDays.add(toDayNumber(workday));
      }
    }
  }
  return {
    name: 'Mainland China (statutory holidays and 调休)',
    weekendDays: [6, 7],
    offDays,
    workDays,
    coveredYears,
    sources,
  };
}

/**
 * Org-defined calendar: a base calendar plus dates forced to workday or off-day (the override wins),
 * optionally its own weekend and extra years the org vouches for (e.g. it published its own 2027 list).
 */
export function createOrgCalendar({
  name,
  base,
  overrides = [],
  weekendDays,
  extraCoveredYears = [],
  source,
}: {
  name: string;
  base: WorkingCalendar;
  overrides?: readonly CalendarOverride[];
  weekendDays?: readonly number[];
  extraCoveredYears?: readonly number[];
  source?: string;
}): WorkingCalendar {
  const offDays = new Set(base.offDays);
  const workDays = new Set(base.workDays);
  for (const override of overrides) {
    const day = toDayNumber(override.date);
    if (override.kind === 'workday') {
      workDays.add(day);
      offDays.delete(day);
    } else {
      offDays.add(day);
      workDays.delete(day);
    }
  }
  const weekend = weekendDays ?? base.weekendDays;
  checkWeekendDays(weekend);
  const coveredYears =
    base.coveredYears === 'all' ? 'all' : new Set([...base.coveredYears, ...extraCoveredYears]);
  return {
    name,
    weekendDays: weekend,
    offDays,
    workDays,
    coveredYears,
    sources: source ? [...base.sources, source] : base.sources,
  };
}

/** Working-day test on a day number: declared workday > declared day off > weekend. */
export function isWorkingDayNumber(calendar: WorkingCalendar, dayNumber: number): boolean {
  if (calendar.workDays.has(dayNumber)) {
    return true;
  }
  if (calendar.offDays.has(dayNumber)) {
    return false;
  }
  return !calendar.weekendDays.includes(isoWeekdayOfDayNumber(dayNumber));
}

/** Whether a date is a working day; 调休 weekend workdays count as working days (State Council notices). */
export function isWorkingDay(calendar: WorkingCalendar, date: IsoDate): boolean {
  return isWorkingDayNumber(calendar, toDayNumber(date));
}

/** Years between two dates (inclusive) with and without holiday data; never silently weekends-only. */
export function checkCoverage(calendar: WorkingCalendar, from: IsoDate, to: IsoDate): CalendarCoverage {
  const firstYear = partsFromDayNumber(toDayNumber(from)).year;
  const lastYear = partsFromDayNumber(toDayNumber(to)).year;
  const coveredYears: number[] = [];
  const missingYears: number[] = [];
  for (let year = firstYear; year <= lastYear; year++) {
    if (calendar.coveredYears === 'all' || calendar.coveredYears.has(year)) {
      coveredYears.push(year);
    } else {
      missingYears.push(year);
    }
  }
  const warnings = missingYears.map(
    (year) => `${calendar.name}: no holiday data for ${year}; counted weekends only, holidays not excluded`,
  );
  return { coveredYears, missingYears, warnings };
}

/** 0/1 working-day mask for each day from `from` to `to` inclusive, for fast repeated sums. */
export function workingDayMask(calendar: WorkingCalendar, from: IsoDate, to: IsoDate): Uint8Array {
  const first = toDayNumber(from);
  const last = toDayNumber(to);
  if (last < first) {
    throw new Invalid(`date range ends (${to}) before it starts (${from})`);
  }
  const mask = new Uint8Array(last - first + 1);
  for (let day = first; day <= last; day++) {
    mask[day - first] = isWorkingDayNumber(calendar, day) ? 1 : 0;
  }
  return mask;
}

/** Working days in a date range, both ends included, with the coverage of the years it spans. */
export function countWorkingDays({
  calendar,
  from,
  to,
}: {
  calendar: WorkingCalendar;
  from: IsoDate;
  to: IsoDate;
}): { workingDays: number; calendarDays: number } & CalendarCoverage {
  const mask = workingDayMask(calendar, from, to);
  let workingDays = 0;
  for (const flag of mask) {
    workingDays += flag;
  }
  return { workingDays, calendarDays: mask.length, ...checkCoverage(calendar, from, to) };
}

/** The working dates in a range, in order. */
export function listWorkingDays(calendar: WorkingCalendar, from: IsoDate, to: IsoDate): IsoDate[] {
  const first = toDayNumber(from);
  const mask = workingDayMask(calendar, from, to);
  const dates: IsoDate[] = [];
  mask.forEach((flag, offset) => {
    if (flag) {
      dates.push(fromDayNumber(first + offset));
    }
  });
  return dates;
}
