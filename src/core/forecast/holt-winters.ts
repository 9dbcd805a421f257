import { Invalid } from '../errors.ts';
import { minimiseNelderMead } from './nelder-mead.ts';

/** Additive (x = level + trend + season) or multiplicative (x = (level + trend) × season) seasonality. */
export type Seasonality = 'additive' | 'multiplicative';

/** Smoothing parameters, each in [0, 1]. */
export interface SmoothingParameters {
  alpha: number;
  beta: number;
  gamma: number;
}

/** Start values: level and trend just before observation `seasonLength`, and one season of factors. */
export interface HoltWintersStart {
  level: number;
  trend: number;
  season: number[];
}

/** A fitted Holt-Winters model. */
export interface HoltWintersFit extends SmoothingParameters {
  seasonality: Seasonality;
  seasonLength: number;
  /** Sum of squared one-step-ahead errors over observations seasonLength … n − 1. */
  sse: number;
  /** One-step-ahead predictions for observations seasonLength … n − 1. */
  fitted: number[];
  /** Final level (R's `a`), trend (`b`) and the next `seasonLength` seasonal terms (`s1` … `sm`). */
  level: number;
  trend: number;
  season: number[];
  start: HoltWintersStart;
}

/**
 * Start values exactly as R's `stats::HoltWinters` (start.periods = 2): classical `decompose()` of the
 * first two seasons (centred moving average; seasonal figure = per-position mean of detrended values,
 * centred to sum 0 / average 1), level and trend = intercept and slope of a straight line fitted to the
 * moving-average trend (intercept one step before its first defined point).
 */
export function initialiseHoltWinters(
  series: readonly number[],
  seasonLength: number,
  seasonality: Seasonality,
): HoltWintersStart {
  const f = seasonLength;
  const window = series.slice(0, 2 * f);
  const half = Math.floor(f / 2);
  const trend: (number | undefined)[] = window.map(() => undefined);
  for (let i = half; i < window.length - half; i++) {
    let s = 0;
    if (f % 2 === 0) {
      s = 0.5 * window[i - half]! + 0.5 * window[i + half]!;
      for (let j = i - half + 1; j < i + half; j++) {
        s += window[j]!;
      }
    } else {
      for (let j = i - half; j <= i + half; j++) {
        s += window[j]!;
      }
    }
    trend[i] = s / f;
  }
  const figure: number[] = [];
  for (let pos = 0; pos < f; pos++) {
    let sum = 0;
    let count = 0;
    for (let i = pos; i < window.length; i += f) {
      const t = trend[i];
      if (t !== undefined) {
        sum += seasonality === 'additive' ? window[i]! - t : window[i]! / t;
        count++;
      }
    }
    figure.push(sum / count);
  }
  const mean = figure.reduce((s, v) => s + v, 0) / f;
  const season = figure.map((v) => (seasonality === 'additive' ? v - mean : v / mean));
  const dat = trend.filter((t): t is number => t !== undefined);
  const m = dat.length;
  const xBar = (m + 1) / 2;
  const yBar = dat.reduce((s, v) => s + v, 0) / m;
  let sxy = 0;
  let sxx = 0;
  dat.forEach((y, i) => {
    sxy += (i + 1 - xBar) * (y - yBar);
    sxx += (i + 1 - xBar) ** 2;
  });
  const slope = sxy / sxx;
  return { level: yBar - slope * xBar, trend: slope, season };
}

/** Run the Holt-Winters recursions with fixed parameters (the filter of R's `C_HoltWinters`); returns SSE and states. */
export function filterHoltWinters(
  series: readonly number[],
  seasonLength: number,
  seasonality: Seasonality,
  params: SmoothingParameters,
  start: HoltWintersStart,
): Omit<HoltWintersFit, 'start'> {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const alpha = clamp(params.alpha);
  const beta = clamp(params.beta);
  const gamma = clamp(params.gamma);
  const f = seasonLength;
  const additive = seasonality === 'additive';
  const season = [...start.season];
  let level = start.level;
  let trend = start.trend;
  let sse = 0;
  const fitted: number[] = [];
  for (let i = f; i < series.length; i++) {
    const x = series[i]!;
    const s = season[i % f]!;
    const xhat = additive ? level + trend + s : (level + trend) * s;
    fitted.push(xhat);
    sse += (x - xhat) ** 2;
    const previous = level;
    level = alpha * (additive ? x - s : x / s) + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
    season[i % f] = gamma * (additive ? x - level : x / level) + (1 - gamma) * s;
  }
  const n = series.length;
  const next = Array.from({ length: f }, (_, j) => season[(n + j) % f]!);
  return { alpha, beta, gamma, seasonality, seasonLength: f, sse, fitted, level, trend, season: next };
}

/**
 * Fit Holt-Winters (additive or multiplicative) with R's start values; α, β, γ minimise the SSE of
 * one-step errors by Nelder–Mead from the best points of a coarse grid (plus R's default start
 * 0.3/0.1/0.1), all clamped to [0, 1]. Pass `params` to skip the search.
 */
export function fitHoltWinters(options: {
  series: readonly number[];
  seasonLength: number;
  seasonality: Seasonality;
  params?: SmoothingParameters;
}): HoltWintersFit {
  const { series, seasonLength, seasonality } = options;
  if (!Number.isInteger(seasonLength) || seasonLength < 2) {
    throw new Invalid('Season length must be an integer ≥ 2', [
      { path: 'seasonLength', message: 'must be ≥ 2' },
    ]);
  }
  if (series.length < 2 * seasonLength + 1) {
    throw new Invalid('Holt-Winters needs more than two full seasons of history', [
      { path: 'series', message: `needs at least ${2 * seasonLength + 1} values` },
    ]);
  }
  if (seasonality === 'multiplicative' && series.some((v) => !(v > 0))) {
    throw new Invalid('Multiplicative Holt-Winters needs positive values', [
      { path: 'series', message: 'must be > 0' },
    ]);
  }
  const start = initialiseHoltWinters(series, seasonLength, seasonality);
  const sseOf = (x: readonly number[]) =>
    filterHoltWinters(series, seasonLength, seasonality, { alpha: x[0]!, beta: x[1]!, gamma: x[2]! }, start)
      .sse;
  let params = options.params;
  if (!params) {
    const grid: { x: number[]; v: number }[] = [];
    for (const a of [0.05, 0.2, 0.4, 0.6, 0.8, 0.95]) {
      for (const b of [0, 0.02, 0.1, 0.3]) {
        for (const g of [0.05, 0.2, 0.4, 0.6, 0.8, 0.95]) {
          grid.push({ x: [a, b, g], v: sseOf([a, b, g]) });
        }
      }
    }
    grid.sort((p, q) => p.v - q.v);
    const starts = [[0.3, 0.1, 0.1], ...grid.slice(0, 3).map((g) => g.x)];
    let best = { point: [0.3, 0.1, 0.1], value: Number.POSITIVE_INFINITY };
    for (const s of starts) {
      const r = minimiseNelderMead(sseOf, s, { step: 0.1, tolerance: 1e-12, maxEvaluations: 1500 });
      if (r.value < best.value) {
        best = r;
      }
    }
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    params = { alpha: clamp(best.point[0]!), beta: clamp(best.point[1]!), gamma: clamp(best.point[2]!) };
  }
  return { ...filterHoltWinters(series, seasonLength, seasonality, params, start), start };
}

/** Forecast h = 1 … horizon steps past the end of a fitted series: (a + h·b) ⊕ s[(h − 1) mod m] (R's `predict.HoltWinters`). */
export function forecastHoltWinters(fit: HoltWintersFit, horizon: number): number[] {
  return Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    const s = fit.season[i % fit.seasonLength]!;
    const base = fit.level + h * fit.trend;
    return fit.seasonality === 'additive' ? base + s : base * s;
  });
}
