import { Invalid } from '../errors.ts';
import type { ScoringRule } from './types.ts';

/** Result of one scoring rule, in hundredths of a point (10 000 = 100 points). */
export interface IndicatorScore {
  hundredths: number;
  /** Human-readable statement of the rule and the numbers it used. */
  ruleApplied: string;
}

/**
 * numerator / denominator × 10 000, rounded half up (the one rounding rule of indicator scores).
 * Exact for integer inputs (BigInt); decimal inputs such as rates fall back to floating point.
 */
export function ratioToHundredths(numerator: number, denominator: number): number {
  if (Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) {
    const n = BigInt(numerator) * 10_000n;
    const d = BigInt(denominator);
    // floor((2n + d) / 2d) is round-half-up for d > 0; numerators here are ≥ 0.
    return Number((2n * n + d) / (2n * d));
  }
  return Math.floor((numerator / denominator) * 10_000 + 0.5);
}

/** numerator / denominator ≥ bp / 10 000, exactly for integer inputs. */
function reaches(numerator: number, denominator: number, bp: number): boolean {
  if (Number.isSafeInteger(numerator) && Number.isSafeInteger(denominator)) {
    return BigInt(numerator) * 10_000n >= BigInt(bp) * BigInt(denominator);
  }
  return numerator * 10_000 >= bp * denominator;
}

function toHundredths(points: number): number {
  return Math.round(points * 100);
}

const pct = (hundredths: number): string => `${(hundredths / 100).toFixed(2)} %`;

/**
 * Indicator score by rule (销售运营知识培训课件, 销售绩效考核体系): linear to a cap, step thresholds, or
 * lower-is-better (target / actual, e.g. DSO). Negative actuals score 0 on higher-is-better rules.
 */
export function scoreIndicator(rule: ScoringRule, actual: number, target: number): IndicatorScore {
  if (!(Number.isFinite(target) && target > 0)) {
    throw new Invalid(`target must be > 0, got ${target}`, [{ path: 'target', message: 'must be > 0' }]);
  }
  if (!Number.isFinite(actual)) {
    throw new Invalid(`actual must be a finite number, got ${actual}`, [
      { path: 'actual', message: 'must be finite' },
    ]);
  }
  switch (rule.kind) {
    case 'linear': {
      const cap = toHundredths(rule.capPoints);
      const raw = actual <= 0 ? 0 : ratioToHundredths(actual, target);
      const hundredths = Math.min(cap, raw);
      return {
        hundredths,
        ruleApplied: `linear: min(${rule.capPoints}, ${actual} / ${target} × 100 = ${pct(raw)})`,
      };
    }
    case 'lowerIsBetter': {
      const cap = toHundredths(rule.capPoints);
      if (actual <= 0) {
        return {
          hundredths: cap,
          ruleApplied: `lower is better: actual ${actual} ≤ 0 earns the cap ${rule.capPoints}`,
        };
      }
      const raw = ratioToHundredths(target, actual);
      return {
        hundredths: Math.min(cap, raw),
        ruleApplied: `lower is better: min(${rule.capPoints}, ${target} / ${actual} × 100 = ${pct(raw)})`,
      };
    }
    case 'step': {
      const [num, den] = rule.lowerIsBetter ? [target, actual] : [actual, target];
      const attainmentText = rule.lowerIsBetter ? `${target} / ${actual}` : `${actual} / ${target}`;
      // With lower-is-better, actual ≤ 0 counts as the best possible attainment.
      const step =
        rule.lowerIsBetter && actual <= 0
          ? rule.steps[0]
          : rule.steps.find((s) => num > 0 && reaches(num, den, s.minAttainmentBp));
      if (step) {
        return {
          hundredths: toHundredths(step.points),
          ruleApplied: `step: attainment ${attainmentText} ≥ ${step.minAttainmentBp / 100} % → ${step.points}`,
        };
      }
      const otherwise = rule.otherwisePoints ?? 0;
      const lowest = rule.steps[rule.steps.length - 1]?.minAttainmentBp ?? 0;
      return {
        hundredths: toHundredths(otherwise),
        ruleApplied: `step: attainment ${attainmentText} < ${lowest / 100} % → ${otherwise}`,
      };
    }
    default: {
      const unknown: never = rule;
      throw new Invalid(`unknown scoring rule ${JSON.stringify(unknown)}`);
    }
  }
}
