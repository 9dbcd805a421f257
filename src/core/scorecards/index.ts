export { type RankedScore, type RankInput, rankScores } from './rank-scores.ts';
export { type IndicatorScore, ratioToHundredths, scoreIndicator } from './score-indicator.ts';
export { type ScorecardResult, type ScoreLine, scoreScorecard } from './score-scorecard.ts';
export * from './types.ts';
export { assertValidScorecard, validateScorecard } from './validate-scorecard.ts';
