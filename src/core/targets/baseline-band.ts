import { computeSeasonalityIndices } from '../allocation/seasonality.ts';
import { Invalid } from '../errors.ts';
import { roundMinorUnits } from '../money.ts';

/** One year of actuals in minor units; `months` (January … December) only for seasonal residuals. */
export interface YearActual {
  year: number;
  amount: number;
  months?: readonly number[];
}

/** 'average-growth': mean of the year-on-year rates; 'cagr': compound annual growth first → last year. */
export type GrowthMethod = 'average-growth' | 'cagr';

/** Where σ comes from: the spread of the growth rates, or of monthly residuals around the seasonal shape. */
export type VolatilitySource = 'growth-rates' | 'seasonal-residuals';

export interface GrowthRate {
  from: number;
  to: number;
  rate: number;
}

export interface BaselineExplanation {
  years: number[];
  actuals: number[];
  growthRates: GrowthRate[];
  growth: { method: GrowthMethod; rate: number };
  volatility: { source: VolatilitySource; sigma: number; samples: number };
  k: number;
  /** Human-readable derivation, e.g. for a tooltip on the target screen. */
  steps: string[];
  warnings: string[];
}

export interface BaselineBand {
  baseline: number;
  lower: number;
  upper: number;
  explanation: BaselineExplanation;
}

/** Sample standard deviation (n − 1 in the denominator); 0 with fewer than two values. */
export function sampleStandardDeviation(values: readonly number[]): number {
  if (values.length < 2) {
    return 0;
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const squares = values.reduce((acc, value) => acc + (value - mean) ** 2, 0);
  return Math.sqrt(squares / (values.length - 1));
}

function pickWindow(history: readonly YearActual[], window: number): YearActual[] {
  if (!Number.isInteger(window) || window < 2) {
    throw new Invalid(`window must be a whole number of years ≥ 2 (got ${window})`);
  }
  const sorted = [...history].sort((a, b) => a.year - b.year);
  const picked = sorted.slice(-window);
  if (picked.length < 2) {
    throw new Invalid(`need at least two years of actuals for a growth rate (got ${picked.length})`);
  }
  picked.forEach((entry, i) => {
    if (!Number.isFinite(entry.amount) || entry.amount < 0) {
      throw new Invalid(`actual for ${entry.year} must be a finite amount ≥ 0`);
    }
    if (i > 0 && entry.year !== picked[i - 1]!.year + 1) {
      throw new Invalid(`years must be consecutive; ${picked[i - 1]!.year} is followed by ${entry.year}`);
    }
  });
  return picked;
}

function seasonalResiduals(years: YearActual[]): number[] {
  const monthly = years.map(({ year, months }) => {
    if (!months) {
      throw new Invalid(`seasonal-residual volatility needs monthly actuals for ${year}`);
    }
    return { year, months };
  });
  const { indices } = computeSeasonalityIndices(monthly);
  const residuals: number[] = [];
  for (const { months } of monthly) {
    const mean = months.reduce((a, b) => a + b, 0) / 12;
    months.forEach((value, m) => {
      const expected = mean * indices[m]!;
      if (expected > 0) {
        residuals.push(value / expected - 1);
      }
    });
  }
  return residuals;
}

/**
 * "Baseline + floating band" KPI (基线 + 浮动区间, 001 text): baseline = last year × (1 + growth), growth
 * being the average YoY rate (or CAGR) of the past `window` years; band = baseline × (1 ± k·σ), σ the
 * sample std dev of the growth rates (or of seasonal residuals).
 */
export function computeBaselineBand({
  history,
  window = 3,
  method = 'average-growth',
  volatility = 'growth-rates',
  k = 1,
}: {
  history: readonly YearActual[];
  /** How many most recent years to use (3 → two year-on-year rates). */
  window?: number;
  method?: GrowthMethod;
  volatility?: VolatilitySource;
  k?: number;
}): BaselineBand {
  if (!Number.isFinite(k) || k < 0) {
    throw new Invalid(`k must be a finite number ≥ 0 (got ${k})`);
  }
  const years = pickWindow(history, window);
  const warnings: string[] = [];
  const growthRates: GrowthRate[] = [];
  for (let i = 1; i < years.length; i++) {
    const previous = years[i - 1]!;
    if (previous.amount === 0) {
      throw new Invalid(`no growth rate from ${previous.year}: its actual is zero`);
    }
    growthRates.push({
      from: previous.year,
      to: years[i]!.year,
      rate: years[i]!.amount / previous.amount - 1,
    });
  }
  const first = years[0]!;
  const last = years[years.length - 1]!;
  const rate =
    method === 'cagr'
      ? (last.amount / first.amount) ** (1 / (years.length - 1)) - 1
      : growthRates.reduce((acc, g) => acc + g.rate, 0) / growthRates.length;
  const samples = volatility === 'growth-rates' ? growthRates.map((g) => g.rate) : seasonalResiduals(years);
  if (samples.length < 2) {
    warnings.push(`σ needs at least two ${volatility}; got ${samples.length}, so the band has zero width`);
  }
  const sigma = sampleStandardDeviation(samples);
  const rawBaseline = last.amount * (1 + rate);
  if (rawBaseline < 0) {
    warnings.push('growth below −100 % gives a negative baseline; clamped to 0');
  }
  const baseline = Math.max(0, roundMinorUnits(rawBaseline));
  const lower = Math.max(0, roundMinorUnits(baseline * (1 - k * sigma)));
  const upper = roundMinorUnits(baseline * (1 + k * sigma));
  if (k * sigma > 1) {
    warnings.push(`k·σ = ${(k * sigma).toFixed(4)} exceeds 100 %; the lower bound is clamped to 0`);
  }
  const pct = (value: number) => `${(value * 100).toFixed(2)} %`;
  const steps = [
    `actuals ${years.map((y) => `${y.year}: ${y.amount}`).join(', ')}`,
    `year-on-year growth ${growthRates.map((g) => `${g.from}→${g.to} ${pct(g.rate)}`).join(', ')}`,
    method === 'cagr' ? `CAGR ${first.year}→${last.year} = ${pct(rate)}` : `average growth = ${pct(rate)}`,
    `baseline = ${last.amount} × (1 + ${pct(rate)}) = ${baseline}`,
    `σ (${volatility}, ${samples.length} samples) = ${pct(sigma)}`,
    `band = ${baseline} × (1 ± ${k} × ${pct(sigma)}) = ${lower} … ${upper}`,
  ];
  return {
    baseline,
    lower,
    upper,
    explanation: {
      years: years.map((y) => y.year),
      actuals: years.map((y) => y.amount),
      growthRates,
      growth: { method, rate },
      volatility: { source: volatility, sigma, samples: samples.length },
      k,
      steps,
      warnings,
    },
  };
}
