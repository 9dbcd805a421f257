export { divideRoundMinor as roundMinor } from '../money.ts';
export { type BuildStatementInput, buildCommissionStatement } from './build-commission-statement.ts';
export { computeClawback } from './compute-clawback.ts';
export { allocateLargestRemainder, apportionRounded } from './money-rounding.ts';
export { splitIntoTiers, type TierPortion, type TierSplit } from './split-into-tiers.ts';
export * from './types.ts';
export { assertValidPlan, validatePlan } from './validate-plan.ts';
