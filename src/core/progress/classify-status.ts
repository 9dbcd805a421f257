import { Invalid } from '../errors.ts';
import { assertWorkingDays } from './measure-progress.ts';

export type StatusColour = 'green' | 'yellow' | 'red';

/** Thresholds of the red / yellow / green rule. Basis points: 10 000 bp = 100 %. */
export interface StatusThresholds {
  /**
   * Tolerance below the pro-rated target that still counts as green, in basis points of the
   * pro-rated target (default 0: green means actual ≥ target × elapsed exactly).
   */
  greenToleranceBp: number;
  /**
   * Lower bound of the floating band as basis points below the target, used when the input gives
   * no explicit `lowerBound` (default 1 000 bp: lower bound = 90 % of target).
   */
  lowerBandBp: number;
}

export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = { greenToleranceBp: 0, lowerBandBp: 1_000 };

export interface StatusInput {
  /** Actual to date (integer minor units or counts). */
  actual: number;
  /** Target for the whole period (integer, same unit). */
  target: number;
  /** Lower bound of the band for the whole period ("baseline + floating band"); defaults from `lowerBandBp`. */
  lowerBound?: number;
  workingDaysElapsed: number;
  workingDaysTotal: number;
  thresholds?: Partial<StatusThresholds>;
}

/** The numbers that decided the colour. */
export interface StatusExplanation {
  colour: StatusColour;
  actual: number;
  /** Target pro-rated to elapsed working time: target × elapsed / total (exact, may be fractional). */
  expectedToDate: number;
  /** Green threshold: expectedToDate × (1 − tolerance). */
  greenThreshold: number;
  /** Lower bound pro-rated to elapsed working time. */
  lowerBoundToDate: number;
  /** lowerBoundToDate − actual when positive, else 0 (how far below the band). */
  gapToLowerBound: number;
  /** expectedToDate − actual when positive, else 0 (how far below pace). */
  gapToPace: number;
  elapsed: number;
  reason: string;
}

function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new Invalid(`${name} must be a safe integer, got ${value}`, [
      { path: name, message: 'must be an integer' },
    ]);
  }
}

/**
 * Red / yellow / green status (区域销售经理培训 "红黄绿灯" alerts): green when actual ≥ target pro-rated
 * to working time (minus tolerance), yellow when below pace but ≥ the pro-rated lower bound, red below it.
 * Comparisons are exact (BigInt cross-multiplication), so boundary values land on the stated side.
 */
export function classifyStatus(input: StatusInput): StatusExplanation {
  const { actual, target, workingDaysElapsed, workingDaysTotal } = input;
  const thresholds = { ...DEFAULT_STATUS_THRESHOLDS, ...input.thresholds };
  assertWorkingDays(workingDaysElapsed, workingDaysTotal);
  assertInteger('actual', actual);
  assertInteger('target', target);
  assertInteger('workingDaysElapsed', workingDaysElapsed);
  assertInteger('workingDaysTotal', workingDaysTotal);
  assertInteger('greenToleranceBp', thresholds.greenToleranceBp);
  assertInteger('lowerBandBp', thresholds.lowerBandBp);
  if (thresholds.greenToleranceBp < 0 || thresholds.greenToleranceBp > 10_000) {
    throw new Invalid('greenToleranceBp must lie in 0…10000', [
      { path: 'thresholds.greenToleranceBp', message: 'must lie in 0…10000' },
    ]);
  }
  const lowerBound = input.lowerBound ?? Math.floor((target * (10_000 - thresholds.lowerBandBp)) / 10_000);
  assertInteger('lowerBound', lowerBound);
  if (lowerBound > target) {
    throw new Invalid('lowerBound must not exceed target', [
      { path: 'lowerBound', message: 'must be ≤ target' },
    ]);
  }

  // actual ≥ target × e / T × (1 − tol)  ⇔  actual × T × 10000 ≥ target × e × (10000 − tol)
  const a = BigInt(actual);
  const e = BigInt(workingDaysElapsed);
  const t = BigInt(workingDaysTotal);
  const isGreen = a * t * 10_000n >= BigInt(target) * e * BigInt(10_000 - thresholds.greenToleranceBp);
  const isYellow = a * t >= BigInt(lowerBound) * e;
  const colour: StatusColour = isGreen ? 'green' : isYellow ? 'yellow' : 'red';

  const elapsed = workingDaysElapsed / workingDaysTotal;
  const expectedToDate = (target * workingDaysElapsed) / workingDaysTotal;
  const greenThreshold = (expectedToDate * (10_000 - thresholds.greenToleranceBp)) / 10_000;
  const lowerBoundToDate = (lowerBound * workingDaysElapsed) / workingDaysTotal;
  const gapToLowerBound = isYellow ? 0 : lowerBoundToDate - actual;
  const gapToPace = isGreen ? 0 : Math.max(0, expectedToDate - actual);
  const days = `${workingDaysElapsed}/${workingDaysTotal} working days`;
  const reason =
    colour === 'green'
      ? `actual ${actual} ≥ green threshold ${greenThreshold} (target ${target} pro-rated to ${days})`
      : colour === 'yellow'
        ? `actual ${actual} < green threshold ${greenThreshold} but ≥ lower bound ${lowerBoundToDate} (pro-rated to ${days})`
        : `actual ${actual} < lower bound ${lowerBoundToDate} (lower bound ${lowerBound} pro-rated to ${days})`;
  return {
    colour,
    actual,
    expectedToDate,
    greenThreshold,
    lowerBoundToDate,
    gapToLowerBound,
    gapToPace,
    elapsed,
    reason,
  };
}
