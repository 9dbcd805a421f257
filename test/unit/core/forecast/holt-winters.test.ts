import { describe, expect, it } from 'vitest';
import {
  backtestModels,
  fitHoltWinters,
  forecastHoltWinters,
  forecastSeasonalNaive,
  forecastTimeSeries,
} from '../../../../src/core/forecast/index.ts';
import { createRng } from '../../../../src/core/random.ts';
import { AIR_PASSENGERS } from './air-passengers.ts';

// Reference: R 4.x `HoltWinters(AirPassengers, seasonal = "multiplicative")` (and the additive default),
// whose printed fits are reproduced in many course notes: α 0.2755925, β 0.03269295, γ 0.8707292,
// a 469.3232206, b 3.0215391, s1…s12 below, SSE 16570.78; additive: α 0.2479595, β 0.03453373, γ 1,
// a 477.827781, b 3.127627, SSE 21860.18. R prints 7 significant digits, which bounds our tolerances.
const R_MULT = { alpha: 0.2755925, beta: 0.03269295, gamma: 0.8707292 };
const R_MULT_SEASON = [
  0.9464611, 0.8829239, 0.9717369, 1.0304825, 1.0476884, 1.1805272, 1.3590778, 1.3331706, 1.1083381,
  0.9868813, 0.8361333, 0.9209877,
];
const R_ADD = { alpha: 0.2479595, beta: 0.03453373, gamma: 1 };
const R_ADD_SEASON = [
  -27.457685, -54.692464, -20.174608, 12.91912, 18.873607, 75.294426, 152.888368, 134.613464, 33.778349,
  -18.37906, -87.772408, -45.827781,
];

describe('Holt-Winters against R’s HoltWinters() on AirPassengers', () => {
  it('uses the 144-value series', () => {
    expect(AIR_PASSENGERS).toHaveLength(144);
    expect(AIR_PASSENGERS.reduce((s, v) => s + v, 0)).toBe(40_363);
  });

  it('reproduces R’s multiplicative fit given R’s parameters', () => {
    const fit = fitHoltWinters({
      series: AIR_PASSENGERS,
      seasonLength: 12,
      seasonality: 'multiplicative',
      params: R_MULT,
    });
    // Parameters are printed to 7 digits, so the SSE can only match to about 1e-6 relative.
    expect(Math.abs(fit.sse - 16_570.78)).toBeLessThan(0.01);
    expect(fit.level).toBeCloseTo(469.3232206, 4);
    expect(fit.trend).toBeCloseTo(3.0215391, 5);
    fit.season.forEach((s, i) => {
      expect(s).toBeCloseTo(R_MULT_SEASON[i]!, 6);
    });
    expect(fit.fitted).toHaveLength(132);
  });

  it('reproduces R’s additive fit given R’s parameters', () => {
    const fit = fitHoltWinters({
      series: AIR_PASSENGERS,
      seasonLength: 12,
      seasonality: 'additive',
      params: R_ADD,
    });
    expect(Math.abs(fit.sse - 21_860.18)).toBeLessThan(0.01);
    expect(fit.level).toBeCloseTo(477.827781, 4);
    expect(fit.trend).toBeCloseTo(3.127627, 5);
    fit.season.forEach((s, i) => {
      expect(s).toBeCloseTo(R_ADD_SEASON[i]!, 4);
    });
  });

  it('finds parameters at least as good as R’s L-BFGS-B optimum', () => {
    const mult = fitHoltWinters({ series: AIR_PASSENGERS, seasonLength: 12, seasonality: 'multiplicative' });
    expect(mult.sse).toBeLessThanOrEqual(16_570.78 * (1 + 1e-4));
    expect(mult.alpha).toBeCloseTo(R_MULT.alpha, 2);
    expect(mult.beta).toBeCloseTo(R_MULT.beta, 2);
    expect(mult.gamma).toBeCloseTo(R_MULT.gamma, 2);
    const add = fitHoltWinters({ series: AIR_PASSENGERS, seasonLength: 12, seasonality: 'additive' });
    expect(add.sse).toBeLessThanOrEqual(21_860.18 * (1 + 1e-4));
    expect(add.gamma).toBeCloseTo(1, 3);
  });

  it('forecasts like R’s predict(): (a + h·b) × s_h', () => {
    const fit = fitHoltWinters({
      series: AIR_PASSENGERS,
      seasonLength: 12,
      seasonality: 'multiplicative',
      params: R_MULT,
    });
    const [jan, feb] = forecastHoltWinters(fit, 2);
    expect(jan).toBeCloseTo((469.3232206 + 3.0215391) * 0.9464611, 2);
    expect(feb).toBeCloseTo((469.3232206 + 2 * 3.0215391) * 0.8829239, 2);
  });
});

function syntheticSeries(kind: 'multiplicative' | 'additive', months: number, seed: number): number[] {
  const rng = createRng(seed);
  const shape = [0.7, 0.75, 0.9, 1.0, 1.05, 1.2, 1.45, 1.4, 1.1, 0.95, 0.75, 0.75];
  return Array.from({ length: months }, (_, t) => {
    const noise = (rng.next() - 0.5) * 0.04;
    const level = 100 + 6 * t;
    return kind === 'multiplicative'
      ? level * shape[t % 12]! * (1 + noise)
      : level + 60 * (shape[t % 12]! - 1) + 100 * noise;
  });
}

describe('model choice by rolling-origin backtest', () => {
  it('picks multiplicative Holt-Winters for a trending series whose seasonal swing grows with the level', () => {
    const series = syntheticSeries('multiplicative', 96, 1);
    const result = forecastTimeSeries({ series, seasonLength: 12, forecastHorizon: 12 });
    const score = Object.fromEntries(result.scores.map((s) => [s.model, s.smape]));
    expect(result.model).toBe('multiplicative');
    expect(result.reason).toBe('backtest');
    expect(score.multiplicative!).toBeLessThan(score.additive!);
    expect(score.multiplicative!).toBeLessThan(score['seasonal-naive']!);
    expect(result.forecast).toHaveLength(12);
  });

  it('does not prefer multiplicative for a strongly additive series', () => {
    const series = syntheticSeries('additive', 96, 2);
    const scores = backtestModels({ series, seasonLength: 12 });
    const score = Object.fromEntries(scores.map((s) => [s.model, s.smape]));
    expect(score.additive!).toBeLessThanOrEqual(score.multiplicative! * 1.02);
    expect(score.additive!).toBeLessThan(score['seasonal-naive']!);
    expect(['additive', 'multiplicative']).toContain(
      forecastTimeSeries({ series, seasonLength: 12, forecastHorizon: 3 }).model,
    );
  });

  it('scores MAPE and sMAPE on the rolling origins', () => {
    const scores = backtestModels({ series: AIR_PASSENGERS, seasonLength: 12, origins: 3, horizon: 12 });
    for (const s of scores) {
      expect(s.points).toBe(36);
      expect(s.mape).toBeGreaterThan(0);
      expect(s.smape).toBeGreaterThan(0);
    }
    const naive = scores.find((s) => s.model === 'seasonal-naive')!;
    const mult = scores.find((s) => s.model === 'multiplicative')!;
    expect(mult.mape).toBeLessThan(naive.mape);
  });

  it('falls back to seasonal-naive when there are fewer than two full seasons', () => {
    const series = AIR_PASSENGERS.slice(0, 20);
    const result = forecastTimeSeries({ series, seasonLength: 12, forecastHorizon: 14 });
    expect(result.model).toBe('seasonal-naive');
    expect(result.reason).toBe('short-history');
    // Next month repeats the same month a year earlier: index 20 ← 8, …, index 33 ← 9 (wraps after 12).
    expect(result.forecast.slice(0, 3)).toEqual([AIR_PASSENGERS[8], AIR_PASSENGERS[9], AIR_PASSENGERS[10]]);
    expect(result.forecast[12]).toBe(AIR_PASSENGERS[8]);
    expect(forecastSeasonalNaive([5, 7], 12, 2)).toEqual([7, 7]);
  });

  it('refuses to fit Holt-Winters on too little history', () => {
    expect(() =>
      fitHoltWinters({ series: AIR_PASSENGERS.slice(0, 24), seasonLength: 12, seasonality: 'additive' }),
    ).toThrow(/two full seasons/);
  });
});
