import { describe, expect, it } from 'vitest';
import {
  computeBaselineBand,
  sampleStandardDeviation,
  type YearActual,
} from '../../../../src/core/targets/index.ts';

const threeYears = (): YearActual[] => [
  { year: 2024, amount: 1_265_000 },
  { year: 2022, amount: 1_000_000 },
  { year: 2023, amount: 1_100_000 },
];

describe('computeBaselineBand', () => {
  it('applies the average year-on-year growth to the last year (hand-computed)', () => {
    // Growth 2022→2023 = 10 %, 2023→2024 = 15 %, average 12.5 %: baseline = 1 265 000 × 1.125 = 1 423 125.
    // σ = sample std dev of {0.10, 0.15} = √(2 × 0.025²) = 0.0353553…
    // band = 1 423 125 × (1 ± 0.0353553) = 1 372 809.93 … 1 473 440.07 → 1 372 810 … 1 473 440.
    const result = computeBaselineBand({ history: threeYears() });
    expect(result.baseline).toBe(1_423_125);
    expect(result.lower).toBe(1_372_810);
    expect(result.upper).toBe(1_473_440);
    expect(result.explanation.years).toEqual([2022, 2023, 2024]);
    expect(result.explanation.growthRates.map((g) => [g.from, g.to, Math.round(g.rate * 1e9) / 1e9])).toEqual(
      [
        [2022, 2023, 0.1],
        [2023, 2024, 0.15],
      ],
    );
    expect(result.explanation.growth.rate).toBeCloseTo(0.125, 12);
    expect(result.explanation.volatility).toEqual({
      source: 'growth-rates',
      sigma: expect.any(Number),
      samples: 2,
    });
    expect(result.explanation.volatility.sigma).toBeCloseTo(0.0353553391, 9);
    expect(result.explanation.steps.at(-1)).toBe('band = 1423125 × (1 ± 1 × 3.54 %) = 1372810 … 1473440');
  });

  it('widens the band with k', () => {
    // 1 423 125 × (1 ± 2 × 0.0353553) = 1 322 494.87 … 1 523 755.13.
    const result = computeBaselineBand({ history: threeYears(), k: 2 });
    expect([result.lower, result.upper]).toEqual([1_322_495, 1_523_755]);
  });

  it('uses CAGR when asked', () => {
    // (1 265 000 / 1 000 000)^(1/2) − 1 = 12.4722 %: baseline = 1 265 000 × 1.124722 = 1 422 773.57.
    const result = computeBaselineBand({ history: threeYears(), method: 'cagr' });
    expect(result.baseline).toBe(1_422_774);
    expect(result.explanation.growth.method).toBe('cagr');
  });

  it('uses only the most recent `window` years', () => {
    const result = computeBaselineBand({ history: [{ year: 2021, amount: 10 }, ...threeYears()], window: 3 });
    expect(result.explanation.years).toEqual([2022, 2023, 2024]);
    expect(result.baseline).toBe(1_423_125);
  });

  it('takes σ from seasonal residuals when asked (hand-computed)', () => {
    // Year A alternates 90/110, year B 110/90: indices average to 1, residuals are ±0.1 (24 of them),
    // σ = √(24 × 0.01 / 23) = 0.1021508; growth 0 so baseline 1 200, band 1 077.42 … 1 322.58.
    const a = Array.from({ length: 12 }, (_, m) => (m % 2 === 0 ? 90 : 110));
    const b = Array.from({ length: 12 }, (_, m) => (m % 2 === 0 ? 110 : 90));
    const result = computeBaselineBand({
      history: [
        { year: 2023, amount: 1200, months: a },
        { year: 2024, amount: 1200, months: b },
      ],
      window: 2,
      volatility: 'seasonal-residuals',
    });
    expect(result.baseline).toBe(1200);
    expect(result.explanation.volatility.samples).toBe(24);
    expect(result.explanation.volatility.sigma).toBeCloseTo(0.1021508, 6);
    expect([result.lower, result.upper]).toEqual([1077, 1323]);
  });

  it('warns when σ cannot be estimated and rejects unusable history', () => {
    const two = computeBaselineBand({
      history: [
        { year: 2023, amount: 100 },
        { year: 2024, amount: 120 },
      ],
      window: 2,
    });
    expect(two.baseline).toBe(144);
    expect([two.lower, two.upper]).toEqual([144, 144]);
    expect(two.explanation.warnings[0]).toMatch(/at least two/);
    expect(() => computeBaselineBand({ history: [{ year: 2024, amount: 1 }] })).toThrow(/at least two years/);
    expect(() =>
      computeBaselineBand({
        history: [
          { year: 2022, amount: 1 },
          { year: 2024, amount: 2 },
        ],
      }),
    ).toThrow(/consecutive/);
    expect(() =>
      computeBaselineBand({
        history: [
          { year: 2023, amount: 0 },
          { year: 2024, amount: 2 },
        ],
      }),
    ).toThrow(/actual is zero/);
    expect(() => computeBaselineBand({ history: threeYears(), volatility: 'seasonal-residuals' })).toThrow(
      /monthly actuals/,
    );
  });
});

describe('sampleStandardDeviation', () => {
  it('divides by n − 1', () => {
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.1380899, 6);
    expect(sampleStandardDeviation([3])).toBe(0);
  });
});
