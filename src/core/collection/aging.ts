/*
 * Receivables figures (应收账款): aging buckets, DSO and collection rate, each defined once here
 * (DESIGN.md §10) and documented in docs/receivables.md. Dates are calendar days 'YYYY-MM-DD' in the
 * org's time zone; amounts are whole minor units.
 */

/** The aging buckets, in display order. "0–30" of the issue is 1–30 days overdue: due today is not due yet. */
export const AGING_BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

/**
 * Days overdue per bucket, inclusive: `not_due` is ≤ 0 (due today or later, or no due date yet),
 * `d90_plus` is 91 and more. The SQL of the services is generated from this table.
 */
export const BUCKET_DAYS: Record<AgingBucket, { min: number | null; max: number | null }> = {
  not_due: { min: null, max: 0 },
  d1_30: { min: 1, max: 30 },
  d31_60: { min: 31, max: 60 },
  d61_90: { min: 61, max: 90 },
  d90_plus: { min: 91, max: null },
};

/** Days overdue at which a customer carries the credit-risk flag (bucket d90_plus). */
export const CREDIT_RISK_DAYS = BUCKET_DAYS.d90_plus.min as number;

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(t)) {
    throw new RangeError(`not a calendar date: ${date}`);
  }
  return Math.round(t / DAY_MS);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Days an installment is overdue on `asOf`: asOf − due date (0 on the due date, negative before). */
export function daysOverdue(dueDate: string, asOf: string): number {
  return daysBetween(dueDate, asOf);
}

/** The aging bucket of an open installment on `asOf`; an installment with no due date yet is not due. */
export function agingBucket(dueDate: string | null, asOf: string): AgingBucket {
  if (dueDate === null) {
    return 'not_due';
  }
  const d = daysOverdue(dueDate, asOf);
  for (const bucket of AGING_BUCKETS) {
    const { min, max } = BUCKET_DAYS[bucket];
    if ((min === null || d >= min) && (max === null || d <= max)) {
      return bucket;
    }
  }
  /* c8 ignore next */
  throw new Error(`no bucket for ${d} days`);
}

/**
 * The due dates (inclusive) of a bucket's installments on `asOf`: `dueFrom` … `dueTo`, either open.
 * `not_due` also takes installments without a due date (`withoutDueDate`).
 */
export function bucketDueRange(
  bucket: AgingBucket,
  asOf: string,
): { dueFrom: string | null; dueTo: string | null; withoutDueDate: boolean } {
  const { min, max } = BUCKET_DAYS[bucket];
  return {
    // More days overdue = an earlier due date: the bucket's max days give its earliest due date.
    dueFrom: max === null ? null : addDays(asOf, -max),
    dueTo: min === null ? null : addDays(asOf, -min),
    withoutDueDate: bucket === 'not_due',
  };
}

/** What is still owed on an installment: amount − collected (never below zero). */
export function outstandingOf(amount: number, collected: number): number {
  return Math.max(0, amount - collected);
}

/** Days in a period [from, to], both ends included. */
export function daysInPeriod(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

/**
 * Days sales outstanding by the simple (period-average) method:
 * DSO = receivables open at the end of the period ÷ amount that fell due in the period × days in the
 * period, rounded to one decimal. "Receivables open at the end" is what was still owed on `to` on
 * every installment due on or before `to`; "fell due" stands for "invoiced" (a payment plan's
 * installment becomes a receivable on its due date). null when nothing fell due in the period.
 */
export function dso({
  receivablesAtEnd,
  dueInPeriod,
  days,
}: {
  receivablesAtEnd: number;
  dueInPeriod: number;
  days: number;
}): number | null {
  if (dueInPeriod <= 0 || days <= 0) {
    return null;
  }
  return Math.round(((receivablesAtEnd * days) / dueInPeriod) * 10) / 10;
}

/**
 * Collection rate of a period (回款率), in basis points (10,000 = 100 %):
 * money received in the period (by receipt date) on installments due on or before the period's end
 * ÷ the amount that fell due in the period, rounded half up. Collecting arrears from earlier periods
 * can take it above 100 %. null when nothing fell due in the period.
 */
export function collectionRateBp({ collected, due }: { collected: number; due: number }): number | null {
  if (due <= 0) {
    return null;
  }
  return Math.floor((collected * 10_000 * 2 + due) / (2 * due));
}
