import { type ErrorDetail, Invalid } from '../errors.ts';

export type BantCriterion = 'budget' | 'authority' | 'need' | 'timeline';
export const BANT_CRITERIA: readonly BantCriterion[] = ['budget', 'authority', 'need', 'timeline'];

/** How well a lead meets one criterion. */
export type BantLevel = 'none' | 'partial' | 'full';

export type LeadGrade = 'A' | 'B' | 'C' | 'D';

export interface BantConfig {
  /** Whole points per criterion, ≥ 0, totalling exactly 100. */
  weights: Record<BantCriterion, number>;
  /** Share of a criterion's weight earned by a `partial` answer, percent 0…100 (default 50). */
  partialCreditPct: number;
  /** Minimum score for grades A, B and C (descending, 0…100); below C is D. */
  gradeThresholds: { A: number; B: number; C: number };
}

export const DEFAULT_BANT_CONFIG: BantConfig = {
  weights: { budget: 30, authority: 25, need: 25, timeline: 20 },
  partialCreditPct: 50,
  gradeThresholds: { A: 80, B: 60, C: 40 },
};

export interface BantScore {
  /** 0…100, rounded half up. */
  score: number;
  grade: LeadGrade;
  /** Points earned per criterion (may carry a .5 before the total is rounded). */
  points: Record<BantCriterion, number>;
  reason: string;
}

/** BANT configuration rules: weights whole ≥ 0 summing to 100, partial credit 0…100, thresholds descending. */
export function validateBantConfig(config: BantConfig): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  let total = 0;
  for (const c of BANT_CRITERIA) {
    const w = config.weights[c];
    if (!Number.isInteger(w) || w < 0) {
      errors.push({ path: `weights.${c}`, message: `${c} weight ${w} must be a whole number ≥ 0` });
    }
    total += w;
  }
  if (total !== 100) {
    errors.push({ path: 'weights', message: `BANT weights total ${total}, must be exactly 100` });
  }
  if (!(config.partialCreditPct >= 0 && config.partialCreditPct <= 100)) {
    errors.push({ path: 'partialCreditPct', message: 'must lie in 0…100' });
  }
  const { A, B, C } = config.gradeThresholds;
  if (!(A <= 100 && A > B && B > C && C >= 0)) {
    errors.push({
      path: 'gradeThresholds',
      message: `grade thresholds must satisfy 100 ≥ A > B > C ≥ 0, got ${A}/${B}/${C}`,
    });
  }
  return errors;
}

/** Grade from a 0…100 score against descending thresholds. */
export function gradeScore(score: number, thresholds: BantConfig['gradeThresholds']): LeadGrade {
  return score >= thresholds.A ? 'A' : score >= thresholds.B ? 'B' : score >= thresholds.C ? 'C' : 'D';
}

/**
 * BANT lead score (销售运营知识培训课件: 有效商机应符合BANT标准 — budget, authority, need, timeline;
 * 建立商机评分机制): Σ weight × credit (full 100 %, partial `partialCreditPct`, none 0), rounded half up,
 * then graded A–D.
 */
export function scoreBant(
  answers: Record<BantCriterion, BantLevel>,
  config: BantConfig = DEFAULT_BANT_CONFIG,
): BantScore {
  const errors = validateBantConfig(config);
  if (errors.length > 0) {
    throw new Invalid(`invalid BANT configuration: ${errors.map((e) => e.message).join('; ')}`, errors);
  }
  const credit = (level: BantLevel): number =>
    level === 'full' ? 100 : level === 'partial' ? config.partialCreditPct : 0;
  const points = {} as Record<BantCriterion, number>;
  let hundredths = 0;
  for (const c of BANT_CRITERIA) {
    const earned = config.weights[c] * credit(answers[c]);
    points[c] = earned / 100;
    hundredths += earned;
  }
  const score = Math.floor((hundredths + 50) / 100);
  const grade = gradeScore(score, config.gradeThresholds);
  const parts = BANT_CRITERIA.map((c) => `${c} ${answers[c]} ${points[c]}/${config.weights[c]}`).join(', ');
  return { score, grade, points, reason: `${parts} → ${score} → grade ${grade}` };
}
