/** A rule "customers who bought `antecedent` also bought `productId`", with the figures behind it. */
export interface CrossSellSuggestion {
  productId: string;
  /** The product the customer already has that the rule starts from. */
  antecedentId: string;
  /** Won deals containing both products. */
  deals: number;
  /** Won deals containing the antecedent. */
  antecedentDeals: number;
  /** Won deals containing the suggested product. */
  productDeals: number;
  /** Won deals considered (those with at least one product). */
  totalDeals: number;
  /** Share of all won deals containing both: deals ÷ totalDeals. */
  support: number;
  /** P(product | antecedent) = deals ÷ antecedentDeals. */
  confidence: number;
  /** confidence ÷ P(product); above 1 means bought together more often than by chance. */
  lift: number;
}

export interface CrossSellOptions {
  /** A rule needs at least this many deals with both products (default 2). */
  minDeals?: number;
  /** Rules below this confidence are dropped (default 0.1). */
  minConfidence?: number;
  /** At most this many suggestions (default 10). */
  limit?: number;
}

/**
 * Cross-sell suggestions by association rules A → B over won deals (market-basket analysis): for
 * each product B the customer has not bought, the best rule from a product A it has, by confidence
 * then lift then support. `baskets` are the product sets of the org's won deals (duplicates inside
 * a basket count once); `owned` is what the customer already bought. Deterministic: ties break by
 * product id.
 */
export function suggestCrossSell(
  baskets: readonly (readonly string[])[],
  owned: readonly string[],
  { minDeals = 2, minConfidence = 0.1, limit = 10 }: CrossSellOptions = {},
): CrossSellSuggestion[] {
  const have = new Set(owned);
  const sets = baskets.map((b) => new Set(b)).filter((s) => s.size > 0);
  const total = sets.length;
  if (total === 0 || have.size === 0) {
    return [];
  }
  const single = new Map<string, number>();
  // pair key antecedent + '\u0000' + consequent, antecedent owned, consequent not.
  const pairs = new Map<string, number>();
  for (const s of sets) {
    for (const p of s) {
      single.set(p, (single.get(p) ?? 0) + 1);
    }
    const mine = [...s].filter((p) => have.has(p));
    if (mine.length === 0) {
      continue;
    }
    const others = [...s].filter((p) => !have.has(p));
    for (const a of mine) {
      for (const b of others) {
        const key = `${a}\u0000${b}`;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  const best = new Map<string, CrossSellSuggestion>();
  for (const [key, both] of pairs) {
    if (both < minDeals) {
      continue;
    }
    const [a, b] = key.split('\u0000') as [string, string];
    const nA = single.get(a)!;
    const nB = single.get(b)!;
    const confidence = both / nA;
    if (confidence < minConfidence) {
      continue;
    }
    const rule: CrossSellSuggestion = {
      productId: b,
      antecedentId: a,
      deals: both,
      antecedentDeals: nA,
      productDeals: nB,
      totalDeals: total,
      support: both / total,
      confidence,
      lift: confidence / (nB / total),
    };
    const prev = best.get(b);
    if (!prev || compareRules(rule, prev) < 0) {
      best.set(b, rule);
    }
  }
  return [...best.values()].sort(compareRules).slice(0, limit);
}

/** Better first: higher confidence, then lift, then support; then product and antecedent ids. */
function compareRules(x: CrossSellSuggestion, y: CrossSellSuggestion): number {
  return (
    y.confidence - x.confidence ||
    y.lift - x.lift ||
    y.deals - x.deals ||
    (x.productId < y.productId ? -1 : x.productId > y.productId ? 1 : 0) ||
    (x.antecedentId < y.antecedentId ? -1 : x.antecedentId > y.antecedentId ? 1 : 0)
  );
}
