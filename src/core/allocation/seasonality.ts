import { Invalid } from '../errors.ts';

/** One year of monthly actuals, January first. */
export interface MonthlyHistory {
  year: number;
  /** Twelve monthly amounts, January … December. */
  months: readonly number[];
}

export interface SeasonalityIndices {
  /** Twelve indices, January … December, with mean exactly 1 (before float rounding). */
  indices: number[];
  /** Years that contributed (years with a zero total are skipped). */
  yearsUsed: number[];
  /** Years left out and why. */
  skipped: Array<{ year: number; reason: string }>;
}

/**
 * Monthly seasonality indices: each year's month ÷ that year's monthly mean, averaged over the
 * years available, then normalised to mean 1 (classical ratio-to-average; flat 1s with no history).
 */
export function computeSeasonalityIndices(history: readonly MonthlyHistory[]): SeasonalityIndices {
  const sums = new Array<number>(12).fill(0);
  const yearsUsed: number[] = [];
  const skipped: Array<{ year: number; reason: string }> = [];
  for (const { year, months } of history) {
    if (months.length !== 12) {
      throw new Invalid(`history for ${year} has ${months.length} months, expected 12`);
    }
    if (months.some((value) => !Number.isFinite(value) || value < 0)) {
      throw new Invalid(`history for ${year} has a negative or non-finite month`);
    }
    const total = months.reduce((a, b) => a + b, 0);
    if (total === 0) {
      skipped.push({ year, reason: 'the year total is zero, so it carries no seasonal shape' });
      continue;
    }
    const mean = total / 12;
    months.forEach((value, m) => {
      sums[m] = sums[m]! + value / mean;
    });
    yearsUsed.push(year);
  }
  if (yearsUsed.length === 0) {
    return { indices: new Array<number>(12).fill(1), yearsUsed, skipped };
  }
  const averages = sums.map((sum) => sum / yearsUsed.length);
  const mean = averages.reduce((a, b) => a + b, 0) / 12;
  return { indices: averages.map((value) => value / mean), yearsUsed, skipped };
}
