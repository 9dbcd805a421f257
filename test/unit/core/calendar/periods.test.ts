import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  assignWeekToMonth,
  countWorkingDays,
  createChinaMainlandCalendar,
  createOrgCalendar,
  createWeekendCalendar,
  fiscalPositionOf,
  fiscalYearRange,
  fromDayNumber,
  isoWeekday,
  isoWeekOf,
  isoWeekRange,
  isoWeeksInYear,
  isWorkingDay,
  parseIsoDate,
  quarterOf,
  quarterRange,
  toDayNumber,
} from '../../../../src/core/calendar/index.ts';

describe('plain calendar dates', () => {
  it('round-trips every day number through its ISO date', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (n) => {
        expect(toDayNumber(fromDayNumber(n))).toBe(n);
      }),
    );
  });

  it('agrees with UTC Date arithmetic on weekday and date', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40_000 }), (n) => {
        const utc = new Date(n * 86_400_000);
        expect(fromDayNumber(n)).toBe(utc.toISOString().slice(0, 10));
        expect(isoWeekday(fromDayNumber(n))).toBe(((utc.getUTCDay() + 6) % 7) + 1);
      }),
    );
  });

  it('rejects dates that do not exist', () => {
    expect(() => parseIsoDate('2025-02-29')).toThrow(/not a real calendar date/);
    expect(() => parseIsoDate('2025-1-5')).toThrow(/YYYY-MM-DD/);
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
  });
});

describe('ISO weeks', () => {
  it('puts a week in the ISO week-year of its Thursday', () => {
    expect(isoWeekOf('2024-12-30').label).toBe('2025-W01');
    expect(isoWeekOf('2021-01-03').label).toBe('2020-W53');
    expect(isoWeekOf('2026-12-31').label).toBe('2026-W53');
    expect(isoWeekOf('2025-12-29').label).toBe('2026-W01');
  });

  it('counts 52 or 53 weeks per ISO year', () => {
    expect([2020, 2024, 2025, 2026].map(isoWeeksInYear)).toEqual([53, 52, 52, 53]);
  });

  it('gives Monday-to-Sunday ranges', () => {
    expect(isoWeekRange(2025, 1)).toEqual({ from: '2024-12-30', to: '2025-01-05' });
    expect(isoWeekRange(2026, 53)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(() => isoWeekRange(2025, 53)).toThrow(/no ISO week 53/);
  });
});

describe('quarters and fiscal years', () => {
  it('maps dates to calendar quarters', () => {
    expect(['2025-01-01', '2025-03-31', '2025-04-01', '2025-12-31'].map(quarterOf)).toEqual([1, 1, 2, 4]);
    expect(quarterRange(2024, 1)).toEqual({ from: '2024-01-01', to: '2024-03-31' });
  });

  it('places dates in an April-start fiscal year named by its start year', () => {
    expect(fiscalPositionOf({ date: '2025-04-01', firstMonth: 4 })).toEqual({
      fiscalYear: 2025,
      fiscalQuarter: 1,
      fiscalMonth: 1,
    });
    expect(fiscalPositionOf({ date: '2026-03-31', firstMonth: 4 })).toEqual({
      fiscalYear: 2025,
      fiscalQuarter: 4,
      fiscalMonth: 12,
    });
    expect(fiscalPositionOf({ date: '2025-10-15', firstMonth: 10, naming: 'end-year' }).fiscalYear).toBe(
      2026,
    );
    expect(fiscalYearRange({ fiscalYear: 2025, firstMonth: 4 })).toEqual({
      from: '2025-04-01',
      to: '2026-03-31',
    });
    expect(fiscalYearRange({ fiscalYear: 2026, firstMonth: 10, naming: 'end-year' })).toEqual({
      from: '2025-10-01',
      to: '2026-09-30',
    });
  });
});

describe('which month a week counts toward', () => {
  const calendar = createChinaMainlandCalendar();

  it('follows the Thursday, the Monday or the majority of working days', () => {
    // 2025-W40 runs Mon 29 Sep – Sun 5 Oct: Sep 29–30 worked, Oct 1–5 off (National Day).
    expect(assignWeekToMonth({ weekYear: 2025, week: 40, rule: 'iso-thursday' }).month).toBe(10);
    expect(assignWeekToMonth({ weekYear: 2025, week: 40, rule: 'week-start' }).month).toBe(9);
    const majority = assignWeekToMonth({ weekYear: 2025, week: 40, rule: 'majority-workdays', calendar });
    expect(majority.month).toBe(9);
    expect(majority.quarter).toBe(3);
    expect(majority.workingDaysByMonth).toEqual([
      { year: 2025, month: 9, workingDays: 2 },
      { year: 2025, month: 10, workingDays: 0 },
    ]);
  });

  it('sends a tie in working days to the earlier month', () => {
    // 2026-W27 runs Mon 29 Jun – Sun 5 Jul with a custom calendar that closes Wednesday 1 Jul:
    // June holds Mon–Tue (2), July holds Thu–Fri (2).
    const closed = createOrgCalendar({
      name: 'Org',
      base: createWeekendCalendar(),
      overrides: [{ date: '2026-07-01', kind: 'off', reason: 'inventory day' }],
    });
    expect(
      assignWeekToMonth({ weekYear: 2026, week: 27, rule: 'majority-workdays', calendar: closed }).month,
    ).toBe(6);
    expect(assignWeekToMonth({ weekYear: 2026, week: 27, rule: 'iso-thursday' }).month).toBe(7);
  });

  it('falls back to the Thursday when a week has no working day', () => {
    // 2026-W08, 16–22 Feb 2026, lies entirely inside the Spring Festival break.
    const result = assignWeekToMonth({ weekYear: 2026, week: 8, rule: 'majority-workdays', calendar });
    expect(result.fellBackTo).toBe('iso-thursday');
    expect(result.month).toBe(2);
  });
});

describe('org calendars', () => {
  it('applies overrides on top of the base calendar, the override winning', () => {
    const base = createChinaMainlandCalendar();
    const org = createOrgCalendar({
      name: 'Shenzhen branch',
      base,
      overrides: [
        { date: '2025-10-08', kind: 'workday', reason: 'quarter-end close' },
        { date: '2025-12-31', kind: 'off', reason: 'company day' },
      ],
    });
    expect(isWorkingDay(base, '2025-10-08')).toBe(false);
    expect(isWorkingDay(org, '2025-10-08')).toBe(true);
    expect(isWorkingDay(org, '2025-12-31')).toBe(false);
    expect(countWorkingDays({ calendar: org, from: '2025-01-01', to: '2025-12-31' }).workingDays).toBe(248);
  });

  it('supports its own weekend and vouches for extra years', () => {
    const sixDay = createOrgCalendar({
      name: 'Six-day week',
      base: createChinaMainlandCalendar(),
      weekendDays: [7],
      extraCoveredYears: [2027],
    });
    // March 2026: 22 weekdays + 4 Saturdays.
    expect(countWorkingDays({ calendar: sixDay, from: '2026-03-01', to: '2026-03-31' }).workingDays).toBe(26);
    expect(countWorkingDays({ calendar: sixDay, from: '2027-01-01', to: '2027-12-31' }).missingYears).toEqual(
      [],
    );
  });
});
