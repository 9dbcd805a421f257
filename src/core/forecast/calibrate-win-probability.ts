import { Invalid } from '../errors.ts';

/** Time a closed deal spent in one stage. */
export interface StageVisit {
  stage: string;
  /** Whole days spent in the stage before leaving it (or closing). */
  days: number;
}

/** A closed deal's history: the unit (team, region…) it belonged to, its stage visits, and the outcome. */
export interface ClosedDealHistory {
  unitId: string;
  visits: readonly StageVisit[];
  won: boolean;
}

/** Calibration settings. */
export interface CalibrationOptions {
  /** Stage default probabilities in [0, 1]; the prior is centred on them. */
  stageDefaults: Readonly<Record<string, number>>;
  /** Lower bounds (days) of the age-in-stage buckets, ascending, first 0. Default [0, 15, 31, 61]: 0–14, 15–30, 31–60, 61+. */
  ageBucketStarts?: readonly number[];
  /** Prior strength α + β, in pseudo-deals (default 10). */
  priorStrength?: number;
  /** Below this many observations a unit borrows the org estimate as its prior (default 30). */
  minObservations?: number;
}

interface Tally {
  n: number;
  wins: number;
}

/** Counts per (stage, age bucket), for the org and per unit. */
export interface WinProbabilityModel {
  stageDefaults: Readonly<Record<string, number>>;
  ageBucketStarts: readonly number[];
  priorStrength: number;
  minObservations: number;
  org: ReadonlyMap<string, Tally>;
  units: ReadonlyMap<string, ReadonlyMap<string, Tally>>;
}

/** Which level of data an estimate rests on. */
export type CalibrationLevel = 'unit' | 'unit-with-org-prior' | 'org' | 'stage-default';

/** A calibrated win probability and where it came from. */
export interface WinProbabilityEstimate {
  probability: number;
  level: CalibrationLevel;
  /** Observations and wins at the level used (for `unit-with-org-prior`: the unit's). */
  n: number;
  wins: number;
  /** Mean and strength of the Beta prior that was combined with the data. */
  priorMean: number;
  priorStrength: number;
  ageBucket: number;
}

const DEFAULT_BUCKETS = [0, 15, 31, 61];

/** Age bucket index of `days` given ascending bucket lower bounds. */
export function findAgeBucket(ageBucketStarts: readonly number[], days: number): number {
  let bucket = 0;
  for (let i = 0; i < ageBucketStarts.length; i++) {
    if (days >= ageBucketStarts[i]!) {
      bucket = i;
    }
  }
  return bucket;
}

function key(stage: string, bucket: number): string {
  return `${stage}\u0000${bucket}`;
}

function add(map: Map<string, Tally>, k: string, won: boolean): void {
  const tally = map.get(k) ?? { n: 0, wins: 0 };
  tally.n += 1;
  tally.wins += won ? 1 : 0;
  map.set(k, tally);
}

/**
 * Tally closed deals into P(win | stage, age-in-stage bucket). A deal that spent d days in a stage was
 * "in that stage at age a" for every a ≤ d, so it counts once in every bucket it reached: an open deal
 * 40 days into Proposal is compared with the closed deals that were still in Proposal at day 40.
 */
export function calibrateWinProbabilities(
  histories: readonly ClosedDealHistory[],
  options: CalibrationOptions,
): WinProbabilityModel {
  const ageBucketStarts = options.ageBucketStarts ?? DEFAULT_BUCKETS;
  const priorStrength = options.priorStrength ?? 10;
  const minObservations = options.minObservations ?? 30;
  if (ageBucketStarts[0] !== 0 || ageBucketStarts.some((b, i) => i > 0 && b <= ageBucketStarts[i - 1]!)) {
    throw new Invalid('Age buckets must start at 0 and ascend', [
      { path: 'ageBucketStarts', message: 'invalid' },
    ]);
  }
  if (!(priorStrength > 0)) {
    throw new Invalid('Prior strength must be positive', [{ path: 'priorStrength', message: 'must be > 0' }]);
  }
  for (const [stage, p] of Object.entries(options.stageDefaults)) {
    if (!(p >= 0 && p <= 1)) {
      throw new Invalid('Stage default probability must lie in [0, 1]', [
        { path: `stageDefaults.${stage}`, message: 'must lie in [0, 1]' },
      ]);
    }
  }
  const org = new Map<string, Tally>();
  const units = new Map<string, Map<string, Tally>>();
  for (const history of histories) {
    let unit = units.get(history.unitId);
    if (!unit) {
      unit = new Map();
      units.set(history.unitId, unit);
    }
    // Revisiting a stage (sent back from Negotiation to Proposal) counts the deal once per bucket.
    const reached = new Map<string, number>();
    for (const visit of history.visits) {
      reached.set(visit.stage, Math.max(reached.get(visit.stage) ?? 0, visit.days));
    }
    for (const [stage, days] of reached) {
      const last = findAgeBucket(ageBucketStarts, days);
      for (let b = 0; b <= last; b++) {
        add(org, key(stage, b), history.won);
        add(unit, key(stage, b), history.won);
      }
    }
  }
  return {
    stageDefaults: options.stageDefaults,
    ageBucketStarts,
    priorStrength,
    minObservations,
    org,
    units,
  };
}

/** Posterior mean of a Beta(κ·m, κ·(1 − m)) prior after `wins` of `n`: (wins + κm)/(n + κ). */
export function smoothWinRate(wins: number, n: number, priorMean: number, priorStrength: number): number {
  return (wins + priorStrength * priorMean) / (n + priorStrength);
}

/**
 * Calibrated P(win | stage, age-in-stage) with Beta-prior smoothing and unit → org fallback:
 * org estimate = Beta posterior with the prior centred on the stage default; a unit with at least
 * `minObservations` uses its own data on the same prior; a thinner unit uses its data on a prior
 * centred on the org estimate; a unit with no data gets the org estimate.
 */
export function estimateWinProbability(
  model: WinProbabilityModel,
  query: { unitId?: string; stage: string; ageDays: number },
): WinProbabilityEstimate {
  const stageDefault = model.stageDefaults[query.stage];
  if (stageDefault === undefined) {
    throw new Invalid(`Unknown stage ${query.stage}`, [
      { path: 'stage', message: 'has no default probability' },
    ]);
  }
  const ageBucket = findAgeBucket(model.ageBucketStarts, query.ageDays);
  const k = key(query.stage, ageBucket);
  const kappa = model.priorStrength;
  const org = model.org.get(k) ?? { n: 0, wins: 0 };
  const orgEstimate: WinProbabilityEstimate =
    org.n === 0
      ? {
          probability: stageDefault,
          level: 'stage-default',
          n: 0,
          wins: 0,
          priorMean: stageDefault,
          priorStrength: kappa,
          ageBucket,
        }
      : {
          probability: smoothWinRate(org.wins, org.n, stageDefault, kappa),
          level: 'org',
          n: org.n,
          wins: org.wins,
          priorMean: stageDefault,
          priorStrength: kappa,
          ageBucket,
        };
  const unit = query.unitId === undefined ? undefined : model.units.get(query.unitId)?.get(k);
  if (!unit || unit.n === 0) {
    return orgEstimate;
  }
  if (unit.n >= model.minObservations) {
    return {
      probability: smoothWinRate(unit.wins, unit.n, stageDefault, kappa),
      level: 'unit',
      n: unit.n,
      wins: unit.wins,
      priorMean: stageDefault,
      priorStrength: kappa,
      ageBucket,
    };
  }
  return {
    probability: smoothWinRate(unit.wins, unit.n, orgEstimate.probability, kappa),
    level: 'unit-with-org-prior',
    n: unit.n,
    wins: unit.wins,
    priorMean: orgEstimate.probability,
    priorStrength: kappa,
    ageBucket,
  };
}
