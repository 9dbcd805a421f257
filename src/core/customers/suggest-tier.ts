import type { AbcClass } from './classify-abc.ts';

export type CustomerTier = 'vip' | 'key' | 'normal' | 'longTail';

export interface TierRule {
  /** Minimum R and F scores that count as "active and loyal" (default 4). */
  minActiveScore: number;
}

export const DEFAULT_TIER_RULE: TierRule = { minActiveScore: 4 };

export interface TierSuggestion {
  tier: CustomerTier;
  reason: string;
}

/**
 * Tier suggestion from ABC class and RFM (区域销售经理培训: Pareto of high-value customers, long-tail
 * strategy). "Active" means R ≥ 4 and F ≥ 4 (configurable).
 * VIP: class A and active. Key: class A not active (protect the revenue), or class B and active (grow it).
 * Long-tail: class C and not active. Normal: everything else (B not active, C but active).
 */
export function suggestTier({
  abcClass,
  r,
  f,
  rule = DEFAULT_TIER_RULE,
}: {
  abcClass: AbcClass;
  r: number;
  f: number;
  rule?: TierRule;
}): TierSuggestion {
  const min = rule.minActiveScore;
  const active = r >= min && f >= min;
  const activity = active
    ? `active (R ${r} ≥ ${min} and F ${f} ≥ ${min})`
    : `not active (R ${r}, F ${f}; both must be ≥ ${min})`;
  switch (abcClass) {
    case 'A':
      return active
        ? { tier: 'vip', reason: `class A revenue and ${activity}` }
        : { tier: 'key', reason: `class A revenue but ${activity}: protect the account` };
    case 'B':
      return active
        ? { tier: 'key', reason: `class B revenue and ${activity}: growth candidate` }
        : { tier: 'normal', reason: `class B revenue, ${activity}` };
    case 'C':
      return active
        ? { tier: 'normal', reason: `class C revenue but ${activity}` }
        : { tier: 'longTail', reason: `class C revenue and ${activity}: serve at low cost` };
    default: {
      const unknown: never = abcClass;
      throw new Error(`unknown ABC class ${String(unknown)}`);
    }
  }
}
