import { Invalid } from '../errors.ts';

export interface CustomerActivity {
  customerId: string;
  /** ISO date `YYYY-MM-DD` of the last purchase in the window, or null if none. */
  lastPurchaseDate: string | null;
  /** Number of orders in the window (integer ≥ 0). */
  orderCount: number;
  /** Revenue in the window, integer minor units. */
  revenue: number;
}

export interface RfmScore {
  customerId: string;
  /** Days from the last purchase to `asOf` (null when the customer never bought). */
  recencyDays: number | null;
  orderCount: number;
  revenue: number;
  /** Quintile scores 1 (worst) … 5 (best). */
  r: number;
  f: number;
  m: number;
  /** Concatenated code, e.g. `545`. */
  code: string;
}

const MS_PER_DAY = 86_400_000;

/** Whole days between two ISO dates (b − a), calendar arithmetic in UTC. */
export function daysBetween(a: string, b: string): number {
  const parse = (s: string): number => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!match) {
      throw new Invalid(`not an ISO date: ${s}`, [{ path: 'date', message: 'must be YYYY-MM-DD' }]);
    }
    return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  };
  return Math.round((parse(b) - parse(a)) / MS_PER_DAY);
}

/**
 * Quintile score of each value, higher = better: score = 1 + ⌊5 × (number of strictly worse values) / n⌋.
 * Equal values therefore always share a score (the one of the lowest-placed among them) and the result
 * does not depend on input order. With n distinct values they spread evenly over 1…5.
 */
export function scoreQuintiles(values: number[]): number[] {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  return values.map((v) => {
    // Count strictly smaller values by binary search over the sorted copy.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return 1 + Math.floor((5 * lo) / n);
  });
}

/**
 * RFM scores (销售运营知识培训课件: 客户分层 by value and activity): recency (days since last purchase,
 * relative to the injected `asOf` date — fewer is better; never bought counts as the worst), frequency
 * (order count) and monetary (revenue), each scored in quintiles 1–5 by `scoreQuintiles`.
 */
export function scoreRfm({ customers, asOf }: { customers: CustomerActivity[]; asOf: string }): RfmScore[] {
  const recency = customers.map((c) => {
    if (c.lastPurchaseDate === null) {
      return null;
    }
    const days = daysBetween(c.lastPurchaseDate, asOf);
    if (days < 0) {
      throw new Invalid(
        `customer ${c.customerId}: last purchase ${c.lastPurchaseDate} is after asOf ${asOf}`,
        [{ path: `customers.${c.customerId}.lastPurchaseDate`, message: 'after asOf' }],
      );
    }
    return days;
  });
  // Fewer days is better, so score the negated days; "never" is worse than any real recency.
  const r = scoreQuintiles(recency.map((d) => (d === null ? Number.NEGATIVE_INFINITY : -d)));
  const f = scoreQuintiles(customers.map((c) => c.orderCount));
  const m = scoreQuintiles(customers.map((c) => c.revenue));
  return customers.map((c, i) => ({
    customerId: c.customerId,
    recencyDays: recency[i]!,
    orderCount: c.orderCount,
    revenue: c.revenue,
    r: r[i]!,
    f: f[i]!,
    m: m[i]!,
    code: `${r[i]}${f[i]}${m[i]}`,
  }));
}
