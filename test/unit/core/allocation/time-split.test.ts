import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeSeasonalityIndices,
  computeWeekWeights,
  splitTotalsAcrossPeriods,
  splitYearTarget,
} from '../../../../src/core/allocation/index.ts';
import { createChinaMainlandCalendar, createWeekendCalendar } from '../../../../src/core/calendar/index.ts';

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('computeSeasonalityIndices', () => {
  it('averages ratio-to-mean over the years and normalises to mean 1', () => {
    const flat = new Array<number>(12).fill(100);
    const peak = [...new Array<number>(11).fill(100), 1300]; // December = 1300, mean 200 → 6.5, others 0.5
    const result = computeSeasonalityIndices([
      { year: 2023, months: flat },
      { year: 2024, months: peak },
      { year: 2022, months: new Array<number>(12).fill(0) },
    ]);
    // Average of 1 and 0.5 = 0.75 for Jan–Nov, of 1 and 6.5 = 3.75 for December; the mean is already 1.
    expect(result.indices.map((v) => Math.round(v * 1e9) / 1e9)).toEqual([
      ...new Array<number>(11).fill(0.75),
      3.75,
    ]);
    expect(result.yearsUsed).toEqual([2023, 2024]);
    expect(result.skipped.map((s) => s.year)).toEqual([2022]);
  });

  it('gives flat indices without history', () => {
    expect(computeSeasonalityIndices([]).indices).toEqual(new Array<number>(12).fill(1));
  });
});

describe('splitYearTarget', () => {
  const calendar = createChinaMainlandCalendar();

  it('splits a flat year by working days and gives non-working days nothing', () => {
    // 2025 has 248 working days: 248 000 gives exactly 1 000 per working day.
    const split = splitYearTarget({ total: 248_000, year: 2025, calendar });
    expect(split.months.map((m) => m.amount)).toEqual(
      [19, 19, 21, 22, 19, 20, 23, 21, 23, 18, 20, 23].map((days) => days * 1000),
    );
    expect(split.quarters.map((q) => q.amount)).toEqual([59_000, 61_000, 67_000, 61_000]);
    expect(split.days.find((d) => d.date === '2025-01-28')).toEqual({
      date: '2025-01-28',
      working: false,
      amount: 0,
    });
    expect(split.days.find((d) => d.date === '2025-01-26')).toEqual({
      date: '2025-01-26',
      working: true,
      amount: 1000,
    });
    expect(split.coverage.missingYears).toEqual([]);
  });

  it('cuts a week that straddles two months into one piece per month', () => {
    const split = splitYearTarget({ total: 248_000, year: 2025, calendar });
    // 2025-W40: Mon 29 – Tue 30 Sep worked, 1–5 Oct off.
    const week = split.weeks.find((w) => w.label === '2025-W40')!;
    expect(week.pieces.map((p) => [p.month, p.from, p.to, p.workingDays, p.amount])).toEqual([
      [9, '2025-09-29', '2025-09-30', 2, 2000],
      [10, '2025-10-01', '2025-10-05', 0, 0],
    ]);
    expect(week.amount).toBe(2000);
    // The first week of calendar 2025 starts on Wednesday 1 January.
    expect(split.weeks[0]).toMatchObject({ label: '2025-W01', from: '2025-01-01', to: '2025-01-05' });
    expect(split.weeks.at(-1)).toMatchObject({ label: '2026-W01', from: '2025-12-29', to: '2025-12-31' });
  });

  it('supports an April-start fiscal year and warns about years without holiday data', () => {
    const split = splitYearTarget({ total: 1_000_000, year: 2026, calendar, fiscalFirstMonth: 4 });
    expect(split.from).toBe('2026-04-01');
    expect(split.to).toBe('2027-03-31');
    expect(split.months[0]).toMatchObject({ year: 2026, month: 4, quarter: 1 });
    expect(split.coverage.missingYears).toEqual([2027]);
    expect(split.coverage.warnings[0]).toContain('2027');
  });

  it('adds up exactly at every level for any total, seasonality and year', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.array(fc.double({ min: 0.05, max: 5, noNaN: true }), { minLength: 12, maxLength: 12 }),
        fc.constantFrom(2023, 2024, 2025, 2026, 2031),
        fc.integer({ min: 1, max: 12 }),
        (total, seasonality, year, fiscalFirstMonth) => {
          const split = splitYearTarget({ total, year, calendar, seasonality, fiscalFirstMonth });
          expect(sum(split.quarters.map((q) => q.amount))).toBe(total);
          expect(sum(split.months.map((m) => m.amount))).toBe(total);
          split.quarters.forEach((q) => {
            expect(sum(split.months.filter((m) => m.quarter === q.quarter).map((m) => m.amount))).toBe(
              q.amount,
            );
          });
          expect(sum(split.weeks.map((w) => w.amount))).toBe(total);
          split.months.forEach((m) => {
            const pieces = split.weeks
              .flatMap((w) => w.pieces)
              .filter((p) => p.year === m.year && p.month === m.month);
            expect(sum(pieces.map((p) => p.amount))).toBe(m.amount);
          });
          split.weeks.forEach((w) => {
            expect(sum(w.pieces.map((p) => p.amount))).toBe(w.amount);
            const days = split.days.filter((d) => d.date >= w.from && d.date <= w.to);
            expect(sum(days.map((d) => d.amount))).toBe(w.amount);
          });
          expect(sum(split.days.map((d) => d.amount))).toBe(total);
          expect(split.days.every((d) => d.amount >= 0 && (d.working || d.amount === 0))).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('weights months by seasonality × working days', () => {
    const calendar2 = createWeekendCalendar();
    const seasonality = [2, ...new Array<number>(11).fill(1)];
    const split = splitYearTarget({ total: 1_000_000, year: 2025, calendar: calendar2, seasonality });
    // Weekdays 2025: Jan 23, Feb 20, Mar 21 … total 261; January weighs 46 of 284 units.
    const weights = [46, 20, 21, 22, 22, 21, 23, 21, 22, 23, 20, 23];
    const totalWeight = sum(weights);
    split.months.forEach((m, i) => {
      expect(Math.abs(m.amount - (1_000_000 * weights[i]!) / totalWeight)).toBeLessThan(2);
    });
  });
});

describe('bulk week split', () => {
  it('gives the same weekly shares as the month-then-piece split', () => {
    const calendar = createChinaMainlandCalendar();
    const seasonality = [0.8, 0.6, 1, 1, 1, 1, 1, 1, 1, 1.1, 1.2, 1.3];
    const { labels, weights } = computeWeekWeights({
      from: '2025-01-01',
      to: '2025-12-31',
      calendar,
      seasonality,
    });
    const split = splitYearTarget({ total: 50_000_000, year: 2025, calendar, seasonality });
    expect(labels).toEqual(split.weeks.map((w) => w.label));
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    split.weeks.forEach((w, i) => {
      // Two roundings (month, then piece) separate them by at most a couple of units.
      expect(Math.abs(w.amount - (50_000_000 * weights[i]!) / totalWeight)).toBeLessThan(3);
    });
  });

  it('splits each total exactly across the periods', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 50 }),
        (totals) => {
          const weights = Float64Array.from([5, 0, 3.5, 4, 4, 2.25, 5]);
          const out = splitTotalsAcrossPeriods({ totals, weights });
          totals.forEach((total, i) => {
            const row = Array.from(out.subarray(i * 7, (i + 1) * 7));
            expect(sum(row)).toBe(total);
            expect(row[1]).toBe(0);
          });
        },
      ),
    );
  });
});
