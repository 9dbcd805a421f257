import { Invalid } from '../errors.ts';

export type LeadOutcome = 'won' | 'lost';

/** Categorical features of a lead, e.g. `{ source: 'referral', industry: 'retail', budget: 'yes' }`. */
export type LeadFeatures = Record<string, string | null | undefined>;

export interface LeadExample {
  features: LeadFeatures;
  outcome: LeadOutcome;
}

export interface NaiveBayesModel {
  /** Features the model uses, in training order. */
  features: string[];
  /** Laplace smoothing constant α (> 0). */
  alpha: number;
  won: number;
  lost: number;
  /** counts[feature][value] = [won, lost]. */
  counts: Record<string, Record<string, [number, number]>>;
  /** Per feature: won / lost examples that had a value for it (the smoothing denominators). */
  seen: Record<string, [number, number]>;
}

export interface Factor {
  feature: string;
  value: string;
  /** ln P(value | won) − ln P(value | lost): > 0 pushes towards won. */
  contribution: number;
}

export interface LeadPrediction {
  /** P(won | features), 0…1. */
  probability: number;
  /** Prior log-odds ln(P(won) / P(lost)), Laplace-smoothed. */
  priorLogOdds: number;
  /** priorLogOdds + Σ contributions. */
  logOdds: number;
  /** Contributions sorted by absolute size, largest first (ties: feature name). */
  factors: Factor[];
  /** Features ignored: missing on the lead, or a value never seen in training. */
  ignored: string[];
}

/**
 * Trains a categorical naive Bayes model on won / lost history (销售运营知识培训课件: 商机评分机制,
 * learned from outcomes). Missing values are skipped, not counted as a category.
 */
export function trainNaiveBayes({
  examples,
  features,
  alpha = 1,
}: {
  examples: LeadExample[];
  features: string[];
  alpha?: number;
}): NaiveBayesModel {
  if (!(alpha > 0)) {
    throw new Invalid(`alpha must be > 0, got ${alpha}`, [{ path: 'alpha', message: 'must be > 0' }]);
  }
  if (examples.length === 0) {
    throw new Invalid('naive Bayes needs at least one training example', [
      { path: 'examples', message: 'empty' },
    ]);
  }
  const counts: NaiveBayesModel['counts'] = {};
  const seen: NaiveBayesModel['seen'] = {};
  for (const f of features) {
    counts[f] = {};
    seen[f] = [0, 0];
  }
  let won = 0;
  let lost = 0;
  for (const { features: values, outcome } of examples) {
    const k = outcome === 'won' ? 0 : 1;
    if (k === 0) {
      won += 1;
    } else {
      lost += 1;
    }
    for (const f of features) {
      const v = values[f];
      if (v === null || v === undefined) {
        continue;
      }
      const cell = counts[f]![v] ?? [0, 0];
      cell[k] += 1;
      counts[f]![v] = cell;
      seen[f]![k] += 1;
    }
  }
  return { features: [...features], alpha, won, lost, counts, seen };
}

/**
 * Win probability with Laplace smoothing: P(v | c) = (count(v, c) + α) / (n_c + α × K), K = distinct
 * values of the feature seen in training; P(c) = (n_c + α) / (n + 2α). Explained as log-odds: prior
 * plus one log-likelihood ratio per feature, so the factors show what moved the probability most.
 */
export function predictLead(model: NaiveBayesModel, lead: LeadFeatures): LeadPrediction {
  const { alpha } = model;
  const priorLogOdds = Math.log((model.won + alpha) / (model.lost + alpha));
  const factors: Factor[] = [];
  const ignored: string[] = [];
  for (const f of model.features) {
    const v = lead[f];
    const cell = v === null || v === undefined ? undefined : model.counts[f]?.[v];
    if (v === null || v === undefined || !cell) {
      ignored.push(f);
      continue;
    }
    const k = Object.keys(model.counts[f]!).length;
    const [seenWon, seenLost] = model.seen[f]!;
    const pWon = (cell[0] + alpha) / (seenWon + alpha * k);
    const pLost = (cell[1] + alpha) / (seenLost + alpha * k);
    factors.push({ feature: f, value: v, contribution: Math.log(pWon) - Math.log(pLost) });
  }
  const logOdds = priorLogOdds + factors.reduce((s, x) => s + x.contribution, 0);
  factors.sort(
    (a, b) =>
      Math.abs(b.contribution) - Math.abs(a.contribution) ||
      (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0),
  );
  return { probability: 1 / (1 + Math.exp(-logOdds)), priorLogOdds, logOdds, factors, ignored };
}
