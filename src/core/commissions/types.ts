/**
 * Commission vocabulary. Money is integer minor units (分); rates and attainment are basis points
 * (10 000 bp = 100 %). Commission is earned on COLLECTED money (receipts), never on bookings.
 */

/**
 * How tiers apply: `marginal` pays each band of collected revenue at its own tier's rate (like tax
 * brackets); `retroactive` pays all counted revenue at the rate of the highest tier reached.
 */
export type TierBasis = 'marginal' | 'retroactive';

export interface CommissionTier {
  /** Attainment (collected / target) from which this tier applies, basis points; the first tier starts at 0. */
  fromAttainmentBp: number;
  /** Commission rate, basis points of collected revenue (300 = 3 %). */
  rateBp: number;
  label?: string;
}

export interface CommissionPlan {
  id: string;
  basis: TierBasis;
  /** Ascending by `fromAttainmentBp`, first at 0. E.g. 0 → 0 %, 8 000 → 3 %, 10 000 → 5 % (accelerator). */
  tiers: CommissionTier[];
  /** Maximum commission per statement period (before clawbacks), minor units. */
  capAmount?: number;
  /** Attainment counted at most (e.g. 15 000 = 150 %): revenue beyond target × cap earns nothing. */
  attainmentCapBp?: number;
}

/** Money actually collected (回款) in the statement period. */
export interface Receipt {
  id: string;
  /** ISO date `YYYY-MM-DD`; receipts are consumed in date order (then id) to fill the tier bands. */
  date: string;
  /** Collected amount, integer minor units > 0. */
  amount: number;
  dealId?: string;
  customerId?: string;
}

/** What was paid on a receipt in its original statement: the basis of any clawback. */
export interface OriginalPayout {
  period: string;
  receiptAmount: number;
  /** Commission the original statement attributed to this receipt (`StatementReceipt.commissionPaid`). */
  commissionPaid: number;
  /** Part of the receipt already reversed by earlier reversals (default 0). */
  alreadyReversedAmount?: number;
}

/** A receipt reversed (bounced transfer, refund) in the statement period. */
export interface Reversal {
  id: string;
  receiptId: string;
  date: string;
  /** Reversed amount, integer minor units > 0, at most what is left of the receipt. */
  reversedAmount: number;
  original: OriginalPayout;
}

export type StatementLineKind = 'commission' | 'notCounted' | 'cap' | 'clawback';

/** One step of the statement; the amounts of all lines add up exactly to the statement total. */
export interface StatementLine {
  kind: StatementLineKind;
  receiptId?: string;
  reversalId?: string;
  /** Tier whose rate applied (commission lines). */
  tierLabel?: string;
  /** Band of cumulative collected revenue this portion fell in, minor units; `bandTo` null = open-ended. */
  bandFrom?: number;
  bandTo?: number | null;
  /** Revenue (or reversed revenue) the line is computed on, minor units. */
  base?: number;
  rateBp?: number;
  /** Integer minor units; negative for cap adjustments and clawbacks. */
  amount: number;
  explanation: string;
}

export interface StatementReceipt {
  receiptId: string;
  amount: number;
  /** Commission attributed to the receipt after any cap: keep it, a later clawback is computed from it. */
  commissionPaid: number;
}

export interface CommissionStatement {
  planId: string;
  period: string;
  basis: TierBasis;
  target: number;
  collected: number;
  /** Collected revenue counted after the attainment cap. */
  counted: number;
  /** collected / target, basis points (floored). */
  attainmentBp: number;
  /** Label of the highest tier reached by counted revenue. */
  tierReached: string;
  /** Commission before cap, minor units. */
  gross: number;
  /** Negative cap adjustment (0 when the cap did not bite). */
  capAdjustment: number;
  /** Sum of clawback lines (≤ 0). */
  clawbacks: number;
  /** gross + capAdjustment + clawbacks = Σ line amounts. May be negative. */
  total: number;
  lines: StatementLine[];
  receipts: StatementReceipt[];
}
