import { Invalid } from '../errors.ts';
import { roundMinorUnits } from '../money.ts';

/** Salesforce's five forecast categories (an opportunity stage maps to exactly one). */
export type ForecastCategory = 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';

/** A deal as the roll-ups see it. Money in minor units; probability in [0, 1]. */
export interface ForecastDeal {
  amount: number;
  probability: number;
  category: ForecastCategory;
}

/** The forecast roll-ups of a set of deals (minor units). */
export interface ForecastRollUp {
  /** Closed: closed (won) deals only. */
  closed: number;
  /** Commit forecast: closed + commit. */
  commit: number;
  /** Most likely: closed + commit + Σ amount × probability over best-case deals. */
  mostLikely: number;
  /** Best Case forecast: closed + commit + best case. */
  bestCase: number;
  /** Open Pipeline: pipeline + best case + commit (every open, non-omitted deal). */
  openPipeline: number;
  /** Weighted pipeline: Σ amount × probability over open deals (pipeline, best case, commit). */
  weightedPipeline: number;
}

/** Weighted pipeline Σ amount × probability over open, non-omitted deals, rounded once (classic sales-ops definition). */
export function weighPipeline(deals: readonly ForecastDeal[]): number {
  let sum = 0;
  for (const deal of deals) {
    assertDeal(deal);
    if (deal.category === 'pipeline' || deal.category === 'best_case' || deal.category === 'commit') {
      sum += deal.amount * deal.probability;
    }
  }
  return roundMinorUnits(sum);
}

/**
 * Cumulative forecast roll-ups as Salesforce Collaborative Forecasts defines them ("Rollup Methods for
 * Pipeline Forecasts", cumulative rollups: Closed Only = Closed; Commit Forecast = Closed + Commit;
 * Best Case Forecast = Closed + Commit + Best Case; Open Pipeline = Pipeline + Best Case + Commit;
 * Omitted in none), plus "most likely" = Closed + Commit + probability-weighted Best Case (our rule:
 * the committed money counted in full, the upside at its probability).
 */
export function rollUpForecast(deals: readonly ForecastDeal[]): ForecastRollUp {
  const sums: Record<ForecastCategory, number> = {
    pipeline: 0,
    best_case: 0,
    commit: 0,
    closed: 0,
    omitted: 0,
  };
  let weightedBestCase = 0;
  let weightedOpen = 0;
  for (const deal of deals) {
    assertDeal(deal);
    sums[deal.category] += deal.amount;
    switch (deal.category) {
      case 'best_case':
        weightedBestCase += deal.amount * deal.probability;
        weightedOpen += deal.amount * deal.probability;
        break;
      case 'pipeline':
      case 'commit':
        weightedOpen += deal.amount * deal.probability;
        break;
      case 'closed':
      case 'omitted':
        break;
    }
  }
  const closed = sums.closed;
  const commit = closed + sums.commit;
  return {
    closed,
    commit,
    mostLikely: roundMinorUnits(commit + weightedBestCase),
    bestCase: commit + sums.best_case,
    openPipeline: sums.pipeline + sums.best_case + sums.commit,
    weightedPipeline: roundMinorUnits(weightedOpen),
  };
}

function assertDeal(deal: ForecastDeal): void {
  if (!Number.isSafeInteger(deal.amount)) {
    throw new Invalid('Deal amount must be an integer in minor units', [
      { path: 'amount', message: 'must be an integer' },
    ]);
  }
  if (!(deal.probability >= 0 && deal.probability <= 1)) {
    throw new Invalid('Deal probability must lie in [0, 1]', [
      { path: 'probability', message: 'must lie in [0, 1]' },
    ]);
  }
}
