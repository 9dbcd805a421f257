import type { CommissionPlan, Receipt } from '../../../../src/core/commissions/index.ts';

/** Below 80 % → 1 %, 80–100 % → 3 % (base), from 100 % → 5 % (accelerator). */
export function buildPlan(overrides: Partial<CommissionPlan> = {}): CommissionPlan {
  return {
    id: 'plan-2025',
    basis: 'marginal',
    tiers: [
      { fromAttainmentBp: 0, rateBp: 100, label: 'below 80 %' },
      { fromAttainmentBp: 8_000, rateBp: 300, label: 'base' },
      { fromAttainmentBp: 10_000, rateBp: 500, label: 'accelerator' },
    ],
    ...overrides,
  };
}

export function buildReceipt(overrides: Partial<Receipt> & Pick<Receipt, 'id' | 'amount'>): Receipt {
  return { date: '2025-04-01', ...overrides };
}

/** Target 10 000 元; 5 000 元 on 3 April then 7 000 元 on 20 April (120 % attainment). */
export const TARGET = 1_000_000;
export function aprilReceipts(): Receipt[] {
  return [
    buildReceipt({ id: 'r2', amount: 700_000, date: '2025-04-20' }),
    buildReceipt({ id: 'r1', amount: 500_000, date: '2025-04-03' }),
  ];
}
