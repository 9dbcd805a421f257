import { Invalid } from '../errors.ts';

/**
 * Progress of one entity (rep, team, region) towards a period target.
 * Ratios are plain numbers (1 = 100 %); money is integer minor units (分).
 */
export interface ProgressInput {
  /** Actual to date, minor units (or any additive unit: orders, visits). */
  actual: number;
  /** Target for the whole period, same unit as `actual`. */
  target: number;
  /** Working days already elapsed in the period (0 … total). */
  workingDaysElapsed: number;
  /** Working days in the whole period (> 0). */
  workingDaysTotal: number;
}

export interface Progress {
  /** actual / target (ratio; null when the target is 0). */
  attainment: number | null;
  /** workingDaysElapsed / workingDaysTotal (ratio 0 … 1). */
  elapsed: number;
  /** attainment / elapsed: 1 means exactly on pace (null before the first working day or without target). */
  pace: number | null;
  /** Run-rate projection to period end: actual / elapsed days × total days, rounded half up (null before day one). */
  projected: number | null;
  /** projected / target (ratio; null when unknown). */
  projectedAttainment: number | null;
}

/** Rejects impossible calendars so every caller fails the same way. */
export function assertWorkingDays(workingDaysElapsed: number, workingDaysTotal: number): void {
  if (!Number.isFinite(workingDaysTotal) || workingDaysTotal <= 0) {
    throw new Invalid(`workingDaysTotal must be > 0, got ${workingDaysTotal}`, [
      { path: 'workingDaysTotal', message: 'must be > 0' },
    ]);
  }
  if (
    !Number.isFinite(workingDaysElapsed) ||
    workingDaysElapsed < 0 ||
    workingDaysElapsed > workingDaysTotal
  ) {
    throw new Invalid(`workingDaysElapsed must lie in 0…${workingDaysTotal}, got ${workingDaysElapsed}`, [
      { path: 'workingDaysElapsed', message: `must lie in 0…${workingDaysTotal}` },
    ]);
  }
}

/** Rounds half away from zero to an integer: the one rounding rule of progress figures. */
export function roundProjection(value: number): number {
  return Math.sign(value) * Math.round(Math.abs(value));
}

/**
 * Attainment, working-time elapsed, pace and run-rate projection (区域销售经理培训: dynamic tracking
 * against the target pro-rated to working time).
 */
export function measureProgress({
  actual,
  target,
  workingDaysElapsed,
  workingDaysTotal,
}: ProgressInput): Progress {
  assertWorkingDays(workingDaysElapsed, workingDaysTotal);
  const attainment = target > 0 ? actual / target : null;
  const elapsed = workingDaysElapsed / workingDaysTotal;
  const pace = attainment !== null && elapsed > 0 ? attainment / elapsed : null;
  const projected =
    workingDaysElapsed > 0 ? roundProjection((actual / workingDaysElapsed) * workingDaysTotal) : null;
  const projectedAttainment = projected !== null && target > 0 ? projected / target : null;
  return { attainment, elapsed, pace, projected, projectedAttainment };
}
