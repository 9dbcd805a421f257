import { describe, expect, it } from 'vitest';
import {
  CN_HOLIDAY_NOTICES,
  countWorkingDays,
  createChinaMainlandCalendar,
  isWorkingDay,
  monthRange,
} from '../../../../src/core/calendar/index.ts';

// Working days per month, counted by hand from each notice (weekdays − weekday holidays + 调休 workdays),
// written here independently of src/core/calendar/cn-holidays.ts.
// 2024 (国办发明电〔2023〕7号): April 22 (4–5 Apr off, Sun 7 and Sun 28 Apr worked), September 21
// (16–17 Sep off, Sat 14 and Sun 29 Sep worked), October 19 (1–4 and 7 Oct off, Sat 12 Oct worked): 251 days.
const OFFICIAL_WORKING_DAYS: Record<number, number[]> = {
  2023: [18, 20, 23, 20, 21, 21, 21, 23, 20, 19, 22, 21],
  2024: [22, 18, 21, 22, 21, 19, 23, 22, 21, 19, 21, 22],
  2025: [19, 19, 21, 22, 19, 20, 23, 21, 23, 18, 20, 23],
  2026: [21, 16, 22, 21, 19, 21, 23, 21, 22, 18, 21, 23],
};
const OFFICIAL_TOTALS: Record<number, number> = { 2023: 249, 2024: 251, 2025: 248, 2026: 248 };

describe('mainland China working days', () => {
  const calendar = createChinaMainlandCalendar();

  for (const year of [2023, 2024, 2025, 2026]) {
    it(`matches the official working days of each month of ${year}`, () => {
      const counted = OFFICIAL_WORKING_DAYS[year]!.map(
        (_, m) => countWorkingDays({ calendar, ...monthRange(year, m + 1) }).workingDays,
      );
      expect(counted).toEqual(OFFICIAL_WORKING_DAYS[year]);
    });

    it(`counts ${OFFICIAL_TOTALS[year]} working days in ${year} with full coverage`, () => {
      const result = countWorkingDays({ calendar, from: `${year}-01-01`, to: `${year}-12-31` });
      expect(result.workingDays).toBe(OFFICIAL_TOTALS[year]);
      expect(OFFICIAL_WORKING_DAYS[year]!.reduce((a, b) => a + b, 0)).toBe(OFFICIAL_TOTALS[year]);
      expect(result.missingYears).toEqual([]);
      expect(result.warnings).toEqual([]);
    });
  }

  it('treats 调休 weekend workdays as working days and weekday holidays as days off', () => {
    expect(isWorkingDay(calendar, '2025-01-26')).toBe(true); // Sunday, worked for the Spring Festival
    expect(isWorkingDay(calendar, '2025-01-28')).toBe(false); // 除夕, statutory from 2025
    expect(isWorkingDay(calendar, '2025-05-02')).toBe(false); // 5月2日, statutory from 2025
    expect(isWorkingDay(calendar, '2026-01-04')).toBe(true); // Sunday after 元旦 2026
    expect(isWorkingDay(calendar, '2026-02-23')).toBe(false); // 正月初七 2026
    expect(isWorkingDay(calendar, '2026-02-24')).toBe(true);
    expect(isWorkingDay(calendar, '2024-10-12')).toBe(true); // Saturday worked after National Day
    expect(isWorkingDay(calendar, '2024-10-13')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay(calendar, '2023-01-02')).toBe(false);
  });

  it('records 11 statutory holidays up to 2024 and 13 from 2025 (除夕 and 5月2日 added)', () => {
    const statutory = Object.fromEntries(
      CN_HOLIDAY_NOTICES.map((n) => [n.year, n.breaks.reduce((acc, b) => acc + b.statutoryDays, 0)]),
    );
    expect(statutory).toEqual({ 2023: 11, 2024: 11, 2025: 13, 2026: 13 });
  });

  it('cites the State Council notice for each year', () => {
    expect(CN_HOLIDAY_NOTICES.map((n) => [n.year, n.documentNumber])).toEqual([
      [2023, '国办发明电〔2022〕16号'],
      [2024, '国办发明电〔2023〕7号'],
      [2025, '国办发明电〔2024〕12号'],
      [2026, '国办发明电〔2025〕7号'],
    ]);
  });
});

describe('years without holiday data', () => {
  const calendar = createChinaMainlandCalendar();

  it('falls back to weekends only for 2031 and says so', () => {
    const result = countWorkingDays({ calendar, from: '2031-01-01', to: '2031-12-31' });
    expect(result.workingDays).toBe(261);
    expect(result.missingYears).toEqual([2031]);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('no holiday data for 2031');
  });

  it('lists only the uncovered years of a range spanning covered and uncovered years', () => {
    const result = countWorkingDays({ calendar, from: '2026-12-01', to: '2027-01-31' });
    expect(result.coveredYears).toEqual([2026]);
    expect(result.missingYears).toEqual([2027]);
    // 2026-12 has 23 working days; January 2027 has 21 weekdays and no known holiday.
    expect(result.workingDays).toBe(23 + 21);
  });
});
