import { Invalid } from '../errors.ts';

export type AbcClass = 'A' | 'B' | 'C';

export interface CustomerRevenue {
  customerId: string;
  /** Revenue of the analysis window, integer minor units; negative values (net credits) count as 0. */
  revenue: number;
}

export interface AbcThresholds {
  /** Cumulative revenue share that class A covers, basis points (default 8 000 = 80 %). */
  aUpToBp: number;
  /** Cumulative share covered by A and B together, basis points (default 9 500 = 95 %). */
  bUpToBp: number;
}

export const DEFAULT_ABC_THRESHOLDS: AbcThresholds = { aUpToBp: 8_000, bUpToBp: 9_500 };

export interface AbcEntry {
  customerId: string;
  revenue: number;
  /** 1-based position in the Pareto order. */
  position: number;
  /** This customer's share of total revenue, basis points (floored). */
  shareBp: number;
  /** Cumulative share before this customer, basis points (floored). */
  cumulativeBeforeBp: number;
  /** Cumulative share including this customer, basis points (floored). */
  cumulativeBp: number;
  abcClass: AbcClass;
  reason: string;
}

/**
 * ABC / Pareto classes by cumulative revenue share (区域销售经理培训: 柏拉图 of high-value customers).
 * Order: revenue descending, then customer id ascending. Boundary rule: a customer takes the class in
 * which its cumulative share STARTS — A if the share before it is < aUpTo, B if < bUpTo, else C — so the
 * customer that crosses 80 % is still A and A is never empty while revenue exists. Customers with equal
 * revenue all get the class of the first of them, so ties never split across classes. Zero revenue is C.
 */
export function classifyAbc(
  customers: CustomerRevenue[],
  thresholds: AbcThresholds = DEFAULT_ABC_THRESHOLDS,
): AbcEntry[] {
  const { aUpToBp, bUpToBp } = thresholds;
  if (
    !(
      Number.isInteger(aUpToBp) &&
      Number.isInteger(bUpToBp) &&
      aUpToBp > 0 &&
      aUpToBp <= bUpToBp &&
      bUpToBp <= 10_000
    )
  ) {
    throw new Invalid('ABC thresholds must satisfy 0 < aUpToBp ≤ bUpToBp ≤ 10000', [
      { path: 'thresholds', message: 'must satisfy 0 < aUpToBp ≤ bUpToBp ≤ 10000' },
    ]);
  }
  for (const c of customers) {
    if (!Number.isSafeInteger(c.revenue)) {
      throw new Invalid(`customer ${c.customerId}: revenue must be an integer`, [
        { path: `customers.${c.customerId}.revenue`, message: 'must be an integer (minor units)' },
      ]);
    }
  }
  const sorted = customers
    .map((c) => ({ customerId: c.customerId, revenue: Math.max(0, c.revenue) }))
    .sort(
      (a, b) =>
        b.revenue - a.revenue || (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
    );
  const total = BigInt(sorted.reduce((s, c) => s + c.revenue, 0));
  const bp = (x: number): number => (total === 0n ? 0 : Number((BigInt(x) * 10_000n) / total));
  // share < threshold ⇔ cumulative × 10 000 < threshold × total, exact.
  const below = (cumulative: number, thresholdBp: number): boolean =>
    BigInt(cumulative) * 10_000n < BigInt(thresholdBp) * total;

  const entries: AbcEntry[] = [];
  let cumulative = 0;
  sorted.forEach((c, i) => {
    const before = cumulative;
    cumulative += c.revenue;
    const previous = entries[i - 1];
    let abcClass: AbcClass;
    let reason: string;
    if (c.revenue === 0) {
      abcClass = 'C';
      reason = 'no revenue in the window';
    } else if (previous && previous.revenue === c.revenue) {
      abcClass = previous.abcClass;
      reason = `same revenue as ${previous.customerId}, same class`;
    } else {
      abcClass = below(before, aUpToBp) ? 'A' : below(before, bUpToBp) ? 'B' : 'C';
      const limits =
        abcClass === 'A'
          ? `< ${aUpToBp / 100} %`
          : abcClass === 'B'
            ? `< ${bUpToBp / 100} %`
            : `≥ ${bUpToBp / 100} %`;
      reason = `cumulative share before this customer ${(bp(before) / 100).toFixed(2)} % ${limits}`;
    }
    entries.push({
      customerId: c.customerId,
      revenue: c.revenue,
      position: i + 1,
      shareBp: bp(c.revenue),
      cumulativeBeforeBp: bp(before),
      cumulativeBp: bp(cumulative),
      abcClass,
      reason,
    });
  });
  return entries;
}
