import { type ErrorDetail, RuleViolated } from '../errors.ts';
import {
  DEFAULT_WEIGHT_RANGES,
  INDICATOR_CATEGORIES,
  type Scorecard,
  type ScoringRule,
  type WeightRanges,
} from './types.ts';

function validateRule(rule: ScoringRule, path: string): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  switch (rule.kind) {
    case 'linear':
    case 'lowerIsBetter':
      if (!(Number.isFinite(rule.capPoints) && rule.capPoints > 0)) {
        errors.push({ path: `${path}.capPoints`, message: `cap must be > 0, got ${rule.capPoints}` });
      }
      break;
    case 'step': {
      if (rule.steps.length === 0) {
        errors.push({ path: `${path}.steps`, message: 'a step rule needs at least one step' });
      }
      rule.steps.forEach((step, i) => {
        if (!Number.isInteger(step.minAttainmentBp) || step.minAttainmentBp < 0) {
          errors.push({
            path: `${path}.steps.${i}.minAttainmentBp`,
            message: 'must be an integer ≥ 0 (basis points)',
          });
        }
        if (!Number.isFinite(step.points) || step.points < 0) {
          errors.push({ path: `${path}.steps.${i}.points`, message: 'must be ≥ 0' });
        }
        const previous = rule.steps[i - 1];
        if (previous && previous.minAttainmentBp <= step.minAttainmentBp) {
          errors.push({
            path: `${path}.steps.${i}.minAttainmentBp`,
            message: 'steps must be ordered from the highest threshold to the lowest',
          });
        }
      });
      break;
    }
    default: {
      const unknown: never = rule;
      errors.push({ path, message: `unknown rule ${JSON.stringify(unknown)}` });
    }
  }
  return errors;
}

/**
 * Scorecard weight validation (销售运营知识培训课件: results 60–70, process 20–30, capability 10–20,
 * total 100): every weight a whole number > 0, each category total inside its range, grand total exact.
 * Returns one error per broken rule, each naming the category, its total and the allowed range.
 */
export function validateScorecard(
  scorecard: Scorecard,
  ranges: WeightRanges = DEFAULT_WEIGHT_RANGES,
): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const seen = new Set<string>();
  scorecard.indicators.forEach((indicator, i) => {
    const path = `indicators.${i}`;
    if (seen.has(indicator.id)) {
      errors.push({ path: `${path}.id`, message: `duplicate indicator id "${indicator.id}"` });
    }
    seen.add(indicator.id);
    if (!Number.isInteger(indicator.weight) || indicator.weight <= 0) {
      errors.push({
        path: `${path}.weight`,
        message: `indicator "${indicator.name}" has weight ${indicator.weight}; each weight must be a whole number > 0`,
      });
    }
    errors.push(...validateRule(indicator.rule, `${path}.rule`));
  });
  for (const category of INDICATOR_CATEGORIES) {
    const total = scorecard.indicators
      .filter((x) => x.category === category)
      .reduce((s, x) => s + x.weight, 0);
    const { min, max } = ranges[category];
    if (total < min || total > max) {
      errors.push({
        path: `weights.${category}`,
        message: `${category} indicators total ${total}, outside the allowed range ${min}–${max}`,
      });
    }
  }
  const grandTotal = scorecard.indicators.reduce((s, x) => s + x.weight, 0);
  if (grandTotal !== ranges.total) {
    errors.push({
      path: 'weights.total',
      message: `weights total ${grandTotal}, must be exactly ${ranges.total}`,
    });
  }
  return errors;
}

/** Throws `RuleViolated` listing every broken weight rule (see `validateScorecard`). */
export function assertValidScorecard(
  scorecard: Scorecard,
  ranges: WeightRanges = DEFAULT_WEIGHT_RANGES,
): void {
  const errors = validateScorecard(scorecard, ranges);
  if (errors.length > 0) {
    throw new RuleViolated(
      `Scorecard "${scorecard.id}" is invalid: ${errors.map((e) => e.message).join('; ')}`,
      errors,
    );
  }
}
