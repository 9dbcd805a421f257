import { Invalid } from '../errors.ts';
import { partsFromDayNumber, toDayNumber } from './calendar-date.ts';
import { isoWeekRange, quarterOfMonth } from './periods.ts';
import { isWorkingDayNumber, type WorkingCalendar } from './working-calendar.ts';

/**
 * Which month a week that straddles two months counts toward, for weekly-to-monthly roll-ups:
 * - 'iso-thursday': the month holding the week's Thursday (the ISO 8601 convention; every week
 *   belongs to exactly one month and a month gets 4 or 5 weeks);
 * - 'majority-workdays': the month holding most of the week's working days (calendar needed;
 *   ties go to the earlier month; a week with no working day at all falls back to 'iso-thursday');
 * - 'week-start': the month of the week's Monday.
 */
export type WeekToMonthRule = 'iso-thursday' | 'majority-workdays' | 'week-start';

export interface WeekMonthAssignment {
  year: number;
  month: number;
  quarter: number;
  rule: WeekToMonthRule;
  /** Set when 'majority-workdays' found no working day and used the Thursday instead. */
  fellBackTo?: 'iso-thursday';
  /** Working days of the week in each month it touches (filled for 'majority-workdays'). */
  workingDaysByMonth?: Array<{ year: number; month: number; workingDays: number }>;
}

function monthOfDay(dayNumber: number): { year: number; month: number } {
  const { year, month } = partsFromDayNumber(dayNumber);
  return { year, month };
}

function assignment(
  { year, month }: { year: number; month: number },
  rule: WeekToMonthRule,
  extra: Partial<WeekMonthAssignment> = {},
): WeekMonthAssignment {
  return { year, month, quarter: quarterOfMonth(month), rule, ...extra };
}

/** Month (and quarter) an ISO week counts toward under the chosen rule (iso-thursday, majority-workdays, week-start). */
export function assignWeekToMonth({
  weekYear,
  week,
  rule,
  calendar,
}: {
  weekYear: number;
  week: number;
  rule: WeekToMonthRule;
  /** Required by 'majority-workdays'. */
  calendar?: WorkingCalendar;
}): WeekMonthAssignment {
  const monday = toDayNumber(isoWeekRange(weekYear, week).from);
  switch (rule) {
    case 'iso-thursday':
      return assignment(monthOfDay(monday + 3), rule);
    case 'week-start':
      return assignment(monthOfDay(monday), rule);
    case 'majority-workdays': {
      if (!calendar) {
        throw new Invalid("the 'majority-workdays' rule needs a working calendar");
      }
      const counts: Array<{ year: number; month: number; workingDays: number }> = [];
      for (let day = monday; day < monday + 7; day++) {
        const { year, month } = monthOfDay(day);
        let entry = counts.find((c) => c.year === year && c.month === month);
        if (!entry) {
          entry = { year, month, workingDays: 0 };
          counts.push(entry);
        }
        entry.workingDays += isWorkingDayNumber(calendar, day) ? 1 : 0;
      }
      // counts is in date order, so keeping the first maximum sends ties to the earlier month.
      let best = counts[0]!;
      for (const entry of counts) {
        if (entry.workingDays > best.workingDays) {
          best = entry;
        }
      }
      if (best.workingDays === 0) {
        return assignment(monthOfDay(monday + 3), rule, {
          fellBackTo: 'iso-thursday',
          workingDaysByMonth: counts,
        });
      }
      return assignment(best, rule, { workingDaysByMonth: counts });
    }
  }
}
