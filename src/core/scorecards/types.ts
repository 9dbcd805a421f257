/**
 * Scorecard vocabulary. Weights are whole points (a scorecard's weights total 100). Scores are points on
 * a 0…cap scale (100 = fully on target) and are computed internally in hundredths of a point, so every
 * explanation line is an integer and the lines add up exactly to the total shown.
 */

/** 结果指标 (results), 过程指标 (process), 能力指标 (capability). */
export type IndicatorCategory = 'results' | 'process' | 'capability';

export const INDICATOR_CATEGORIES: readonly IndicatorCategory[] = ['results', 'process', 'capability'];

/** One step of a step rule: attainment ≥ minAttainmentBp (basis points, 10 000 = 100 %) earns `points`. */
export interface ScoreStep {
  minAttainmentBp: number;
  points: number;
}

export type ScoringRule =
  /** score = min(capPoints, actual / target × 100); higher is better. */
  | { kind: 'linear'; capPoints: number }
  /** First step whose threshold the attainment reaches, else `otherwisePoints` (default 0). */
  | { kind: 'step'; steps: readonly ScoreStep[]; otherwisePoints?: number; lowerIsBetter?: boolean }
  /** score = min(capPoints, target / actual × 100), e.g. DSO (days sales outstanding); actual ≤ 0 earns the cap. */
  | { kind: 'lowerIsBetter'; capPoints: number };

export interface IndicatorDefinition {
  id: string;
  name: string;
  category: IndicatorCategory;
  /** Whole points > 0; all weights of a scorecard total exactly 100. */
  weight: number;
  rule: ScoringRule;
}

export interface Scorecard {
  id: string;
  indicators: IndicatorDefinition[];
}

export interface WeightRange {
  min: number;
  max: number;
}

/** The organisation's allowed weight per category (inclusive) and the exact total. */
export interface WeightRanges {
  results: WeightRange;
  process: WeightRange;
  capability: WeightRange;
  total: number;
}

/** 销售运营知识培训课件, 销售绩效考核体系: results 60–70 %, process 20–30 %, capability 10–20 %. */
export const DEFAULT_WEIGHT_RANGES: WeightRanges = {
  results: { min: 60, max: 70 },
  process: { min: 20, max: 30 },
  capability: { min: 10, max: 20 },
  total: 100,
};

/** Measured value of one indicator for one person and period. */
export interface IndicatorActual {
  indicatorId: string;
  actual: number;
  target: number;
}
