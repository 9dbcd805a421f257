import { Invalid } from '../errors.ts';
import { divideRoundMinor } from '../money.ts';
import { computeClawback } from './compute-clawback.ts';
import { allocateLargestRemainder, apportionRounded } from './money-rounding.ts';
import { splitIntoTiers } from './split-into-tiers.ts';
import type { CommissionPlan, CommissionStatement, Receipt, Reversal, StatementLine } from './types.ts';
import { assertValidPlan } from './validate-plan.ts';

export interface BuildStatementInput {
  plan: CommissionPlan;
  /** Statement period label, e.g. `2025-04`. */
  period: string;
  /** Collection target of the period, integer minor units > 0 (attainment = collected / target). */
  target: number;
  /** Receipts collected in the period (never bookings). */
  receipts: Receipt[];
  /** Reversals recorded in the period, of receipts paid in this or earlier periods. */
  reversals?: Reversal[];
}

const pct = (bp: number): string => `${bp / 100} %`;

function compareReceipts(a: Receipt, b: Receipt): number {
  if (a.date !== b.date) {
    return a.date < b.date ? -1 : 1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Commission statement on collected amounts (销售运营知识培训课件: 业绩提成 tied to 回款): tiered on
 * attainment (marginal or retroactive), optional attainment and amount caps, clawbacks of reversed
 * receipts. Gross = Σ base × rate rounded once by `divideRoundMinor`; each line gets its own exact
 * amount's floor, and the units left go to the largest fractional parts, so the line amounts add up
 * exactly to the gross and none is a whole unit or more from its exact value.
 */
export function buildCommissionStatement({
  plan,
  period,
  target,
  receipts,
  reversals = [],
}: BuildStatementInput): CommissionStatement {
  assertValidPlan(plan);
  if (!(Number.isSafeInteger(target) && target > 0)) {
    throw new Invalid(`target must be an integer > 0, got ${target}`, [
      { path: 'target', message: 'must be > 0' },
    ]);
  }
  const ids = new Set<string>();
  for (const r of receipts) {
    if (!(Number.isSafeInteger(r.amount) && r.amount > 0)) {
      throw new Invalid(`receipt ${r.id}: amount must be an integer > 0`, [
        { path: `receipts.${r.id}.amount`, message: 'must be an integer > 0; reversals go in `reversals`' },
      ]);
    }
    if (ids.has(r.id)) {
      throw new Invalid(`duplicate receipt ${r.id}`, [{ path: `receipts.${r.id}`, message: 'duplicate id' }]);
    }
    ids.add(r.id);
  }
  const ordered = [...receipts].sort(compareReceipts);
  const split = splitIntoTiers(plan, target, ordered);
  const label = (i: number): string =>
    plan.tiers[i]!.label ?? `tier ${i + 1} (from ${pct(plan.tiers[i]!.fromAttainmentBp)})`;

  // Exact commission of each portion is base × rate / 10 000; round the sum once, then share it.
  const numerators = split.portions.map((p) => BigInt(p.base) * BigInt(p.rateBp));
  const gross = divideRoundMinor(
    numerators.reduce((s, n) => s + n, 0n),
    10_000n,
  );
  const amounts = apportionRounded(numerators, 10_000n, gross).map(Number);

  const lines: StatementLine[] = split.portions.map((p, i) => {
    const band = `${p.bandFrom}–${p.bandTo ?? '∞'}`;
    if (p.tierIndex === null) {
      return {
        kind: 'notCounted',
        receiptId: p.receiptId,
        bandFrom: p.bandFrom,
        bandTo: null,
        base: p.base,
        rateBp: 0,
        amount: amounts[i]!,
        explanation: `receipt ${p.receiptId}: ${p.base} beyond the attainment cap ${pct(plan.attainmentCapBp ?? 0)} (from ${p.bandFrom}) earns nothing`,
      };
    }
    const how = plan.basis === 'marginal' ? `band ${band}` : `all counted revenue at the reached tier`;
    return {
      kind: 'commission',
      receiptId: p.receiptId,
      tierLabel: label(p.tierIndex),
      bandFrom: p.bandFrom,
      bandTo: p.bandTo,
      base: p.base,
      rateBp: p.rateBp,
      amount: amounts[i]!,
      explanation: `receipt ${p.receiptId}: ${p.base} in ${how}, ${label(p.tierIndex)} at ${pct(p.rateBp)} → ${amounts[i]}`,
    };
  });

  // Per-receipt commission before the cap: the sum of its lines.
  const perReceipt = ordered.map((r) =>
    lines.filter((l) => l.receiptId === r.id).reduce((s, l) => s + BigInt(l.amount), 0n),
  );
  let paid = perReceipt;
  let capAdjustment = 0;
  if (plan.capAmount !== undefined && gross > BigInt(plan.capAmount)) {
    capAdjustment = plan.capAmount - Number(gross);
    paid = allocateLargestRemainder(BigInt(plan.capAmount), perReceipt);
    lines.push({
      kind: 'cap',
      amount: capAdjustment,
      explanation: `commission cap ${plan.capAmount}: gross ${gross} reduced by ${-capAdjustment}`,
    });
  }

  const clawbackLines = reversals.map(computeClawback);
  lines.push(...clawbackLines);
  const clawbacks = clawbackLines.reduce((s, l) => s + l.amount, 0);
  const total = lines.reduce((s, l) => s + l.amount, 0);

  return {
    planId: plan.id,
    period,
    basis: plan.basis,
    target,
    collected: split.collected,
    counted: split.counted,
    attainmentBp: Number((BigInt(split.collected) * 10_000n) / BigInt(target)),
    tierReached: label(split.reachedTier),
    gross: Number(gross),
    capAdjustment,
    clawbacks,
    total,
    lines,
    receipts: ordered.map((r, i) => ({
      receiptId: r.id,
      amount: r.amount,
      commissionPaid: Number(paid[i]!),
    })),
  };
}
