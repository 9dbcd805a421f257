import { Invalid } from '../errors.ts';
import { fitHoltWinters, forecastHoltWinters, type SmoothingParameters } from './holt-winters.ts';

/** The candidate models, simplest first (ties go to the simpler one). */
export type TimeSeriesModel = 'seasonal-naive' | 'additive' | 'multiplicative';

const MODELS: readonly TimeSeriesModel[] = ['seasonal-naive', 'additive', 'multiplicative'];

/** Seasonal-naive forecast: each future period repeats the same period one season earlier (y[n − m + (h − 1) mod m]); with less than one season, the last value. */
export function forecastSeasonalNaive(
  series: readonly number[],
  seasonLength: number,
  horizon: number,
): number[] {
  const n = series.length;
  if (n === 0) {
    throw new Invalid('Cannot forecast an empty series', [{ path: 'series', message: 'is empty' }]);
  }
  return Array.from({ length: horizon }, (_, i) =>
    n >= seasonLength ? series[n - seasonLength + (i % seasonLength)]! : series[n - 1]!,
  );
}

/** Forecast `horizon` periods with one model fitted on `series` (Holt-Winters fits its own α, β, γ). */
export function forecastWithModel(
  model: TimeSeriesModel,
  series: readonly number[],
  seasonLength: number,
  horizon: number,
): number[] {
  switch (model) {
    case 'seasonal-naive':
      return forecastSeasonalNaive(series, seasonLength, horizon);
    case 'additive':
    case 'multiplicative':
      return forecastHoltWinters(fitHoltWinters({ series, seasonLength, seasonality: model }), horizon);
  }
}

/** Forecast accuracy over a backtest, in percent. */
export interface BacktestScore {
  model: TimeSeriesModel;
  /** Mean absolute percentage error, over points whose actual is non-zero. */
  mape: number;
  /** Symmetric MAPE: mean of 200·|y − ŷ| / (|y| + |ŷ|) (0 when both are 0). */
  smape: number;
  /** Forecast points scored. */
  points: number;
}

/** Backtest options. */
export interface BacktestOptions {
  series: readonly number[];
  /** 12 for months, 52 for weeks. */
  seasonLength: number;
  /** Steps ahead scored from each origin (default one season). */
  horizon?: number;
  /** Maximum number of forecast origins, the latest ones (default 6). */
  origins?: number;
  /** Distance between consecutive origins (default 1). */
  step?: number;
}

/**
 * Rolling-origin backtest (Tashman 2000): for each origin o (the last `origins` ones, `step` apart, each
 * leaving at least two full seasons plus one point for fitting), fit on y[0..o), forecast y[o..o+h) and
 * score MAPE and sMAPE over all scored points.
 */
export function backtestModels(options: BacktestOptions): BacktestScore[] {
  const { series, seasonLength } = options;
  const horizon = options.horizon ?? seasonLength;
  const step = options.step ?? 1;
  const maxOrigins = options.origins ?? 6;
  const minTrain = 2 * seasonLength + 1;
  const origins: number[] = [];
  for (let o = series.length - horizon; o >= minTrain && origins.length < maxOrigins; o -= step) {
    origins.unshift(o);
  }
  if (origins.length === 0) {
    throw new Invalid('Series too short to backtest', [
      { path: 'series', message: `needs at least ${minTrain + horizon} values` },
    ]);
  }
  const positive = series.every((v) => v > 0);
  const models = MODELS.filter((m) => m !== 'multiplicative' || positive);
  return models.map((model) => {
    let ape = 0;
    let apeCount = 0;
    let sape = 0;
    let points = 0;
    for (const o of origins) {
      const forecast = forecastWithModel(model, series.slice(0, o), seasonLength, horizon);
      forecast.forEach((yhat, i) => {
        const y = series[o + i]!;
        const err = Math.abs(y - yhat);
        if (y !== 0) {
          ape += (100 * err) / Math.abs(y);
          apeCount++;
        }
        const denominator = Math.abs(y) + Math.abs(yhat);
        sape += denominator === 0 ? 0 : (200 * err) / denominator;
        points++;
      });
    }
    return { model, mape: apeCount === 0 ? Number.NaN : ape / apeCount, smape: sape / points, points };
  });
}

/** The chosen model, its forecast, and how it was chosen. */
export interface TimeSeriesForecast {
  model: TimeSeriesModel;
  forecast: number[];
  /** Why: `backtest` (lowest sMAPE) or `short-history` (fewer than two full seasons + horizon: seasonal-naive). */
  reason: 'backtest' | 'short-history';
  scores: BacktestScore[];
  /** Smoothing parameters when a Holt-Winters model was chosen. */
  params?: SmoothingParameters;
}

/**
 * Choose among seasonal-naive, additive and multiplicative Holt-Winters by rolling-origin backtest
 * (lowest sMAPE; ties within 1e-9 go to the simpler model) and forecast with the winner refitted on the
 * whole series. With too little history for Holt-Winters (two seasons + one, plus a horizon to score),
 * fall back to seasonal-naive.
 */
export function forecastTimeSeries(
  options: BacktestOptions & { forecastHorizon: number },
): TimeSeriesForecast {
  const { series, seasonLength, forecastHorizon } = options;
  const horizon = options.horizon ?? seasonLength;
  if (series.length < 2 * seasonLength + 1 + horizon) {
    return {
      model: 'seasonal-naive',
      forecast: forecastSeasonalNaive(series, seasonLength, forecastHorizon),
      reason: 'short-history',
      scores: [],
    };
  }
  const scores = backtestModels(options);
  let best = scores[0]!;
  for (const s of scores) {
    if (s.smape < best.smape - 1e-9) {
      best = s;
    }
  }
  if (best.model === 'seasonal-naive') {
    return {
      model: best.model,
      forecast: forecastSeasonalNaive(series, seasonLength, forecastHorizon),
      reason: 'backtest',
      scores,
    };
  }
  const fit = fitHoltWinters({ series, seasonLength, seasonality: best.model });
  return {
    model: best.model,
    forecast: forecastHoltWinters(fit, forecastHorizon),
    reason: 'backtest',
    scores,
    params: { alpha: fit.alpha, beta: fit.beta, gamma: fit.gamma },
  };
}
