import { Invalid } from '../errors.ts';
import { scoreIndicator } from './score-indicator.ts';
import type { IndicatorActual, IndicatorCategory, Scorecard, WeightRanges } from './types.ts';
import { DEFAULT_WEIGHT_RANGES } from './types.ts';
import { assertValidScorecard } from './validate-scorecard.ts';

/** One explanation line: how an indicator turned into points of the period score. */
export interface ScoreLine {
  indicatorId: string;
  name: string;
  category: IndicatorCategory;
  weight: number;
  actual: number;
  target: number;
  ruleApplied: string;
  /** Indicator score in points (e.g. 87.5), before weighting. */
  rawScore: number;
  /** weight × rawScore / 100, in hundredths of a point after largest-remainder rounding. */
  contributionHundredths: number;
  /** contributionHundredths / 100, for display. */
  contribution: number;
}

export interface ScorecardResult {
  scorecardId: string;
  /** Period score in hundredths of a point; equals the sum of the lines' contributionHundredths. */
  totalHundredths: number;
  total: number;
  lines: ScoreLine[];
}

/**
 * Period score = Σ weight × indicator score / 100 (销售运营知识培训课件, 销售绩效考核体系). The exact total is
 * rounded half up to hundredths once; the lines share it by largest remainder (ties: scorecard order).
 */
export function scoreScorecard({
  scorecard,
  actuals,
  ranges = DEFAULT_WEIGHT_RANGES,
}: {
  scorecard: Scorecard;
  actuals: IndicatorActual[];
  ranges?: WeightRanges;
}): ScorecardResult {
  assertValidScorecard(scorecard, ranges);
  const byId = new Map(actuals.map((a) => [a.indicatorId, a]));
  const scored = scorecard.indicators.map((indicator) => {
    const measured = byId.get(indicator.id);
    if (!measured) {
      throw new Invalid(`no actual for indicator "${indicator.id}"`, [
        { path: `actuals.${indicator.id}`, message: 'missing' },
      ]);
    }
    const score = scoreIndicator(indicator.rule, measured.actual, measured.target);
    // weight × hundredths is the contribution in 1/10 000 of a point: an exact integer.
    const exact = indicator.weight * score.hundredths;
    return { indicator, measured, score, exact };
  });

  const exactTotal = scored.reduce((s, x) => s + x.exact, 0);
  const totalHundredths = Math.floor((exactTotal + 50) / 100);
  const floors = scored.map((x) => Math.floor(x.exact / 100));
  let leftover = totalHundredths - floors.reduce((s, x) => s + x, 0);
  const order = scored
    .map((x, i) => ({ i, remainder: x.exact % 100 }))
    .sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  for (const { i } of order) {
    if (leftover <= 0) {
      break;
    }
    floors[i] = floors[i]! + 1;
    leftover -= 1;
  }

  const lines: ScoreLine[] = scored.map(({ indicator, measured, score }, i) => ({
    indicatorId: indicator.id,
    name: indicator.name,
    category: indicator.category,
    weight: indicator.weight,
    actual: measured.actual,
    target: measured.target,
    ruleApplied: score.ruleApplied,
    rawScore: score.hundredths / 100,
    contributionHundredths: floors[i]!,
    contribution: floors[i]! / 100,
  }));
  return { scorecardId: scorecard.id, totalHundredths, total: totalHundredths / 100, lines };
}
