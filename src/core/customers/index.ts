export {
  type AbcClass,
  type AbcEntry,
  type AbcThresholds,
  type CustomerRevenue,
  classifyAbc,
  DEFAULT_ABC_THRESHOLDS,
} from './classify-abc.ts';
export { creditCodeProblem, normaliseCreditCode } from './credit-code.ts';
export { customerNameKey } from './name-key.ts';
export { type CustomerActivity, daysBetween, type RfmScore, scoreQuintiles, scoreRfm } from './score-rfm.ts';
export {
  type CustomerTier,
  DEFAULT_TIER_RULE,
  suggestTier,
  type TierRule,
  type TierSuggestion,
} from './suggest-tier.ts';
