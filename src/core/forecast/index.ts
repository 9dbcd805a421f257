/** Forecasting: roll-ups, calibrated win probabilities, period-revenue distributions, time series. */

export { roundMinorUnits } from '../money.ts';
export {
  type CalibrationLevel,
  type CalibrationOptions,
  type ClosedDealHistory,
  calibrateWinProbabilities,
  estimateWinProbability,
  findAgeBucket,
  type StageVisit,
  smoothWinRate,
  type WinProbabilityEstimate,
  type WinProbabilityModel,
} from './calibrate-win-probability.ts';
export {
  type BacktestOptions,
  type BacktestScore,
  backtestModels,
  forecastSeasonalNaive,
  forecastTimeSeries,
  forecastWithModel,
  type TimeSeriesForecast,
  type TimeSeriesModel,
} from './choose-time-series-model.ts';
export {
  computePeriodRevenueExactly,
  type ExactOptions,
  type ExactRevenue,
  probabilityAtMost,
} from './compute-period-revenue-exactly.ts';
export {
  filterHoltWinters,
  fitHoltWinters,
  forecastHoltWinters,
  type HoltWintersFit,
  type HoltWintersStart,
  initialiseHoltWinters,
  type Seasonality,
  type SmoothingParameters,
} from './holt-winters.ts';
export { minimiseNelderMead } from './nelder-mead.ts';
export { normalCdf, normalQuantile } from './normal.ts';
export {
  expectRevenue,
  landingProbability,
  type OpenDeal,
  type RevenueDistributionInput,
  type RevenueOutlook,
} from './revenue-distribution.ts';
export {
  type ForecastCategory,
  type ForecastDeal,
  type ForecastRollUp,
  rollUpForecast,
  weighPipeline,
} from './roll-up-forecast.ts';
export {
  type SimulatedRevenue,
  type SimulateOptions,
  simulatePeriodRevenue,
} from './simulate-period-revenue.ts';
