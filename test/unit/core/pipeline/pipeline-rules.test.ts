import { describe, expect, it } from 'vitest';
import {
  checkStageMove,
  DEFAULT_STAGES,
  isStale,
  lineItemAmount,
  type StageRef,
  sumLineItems,
  summariseStage,
  weightedAmount,
} from '../../../../src/core/pipeline/index.ts';

const stages: StageRef[] = DEFAULT_STAGES.map((s, i) => ({
  id: s.key,
  key: s.key,
  nameEn: s.nameEn,
  nameZh: s.nameZh,
  position: i + 1,
  exitCriteria: s.exitCriteria,
}));
const noFacts = { bant: null, hasQuoteActivity: false };
const full = { budget: 'full', authority: 'full', need: 'full', timeline: 'full' };

describe('exit criteria', () => {
  it('leaving 线索筛选 forward needs full BANT', () => {
    const p = checkStageMove(stages, 'lead_screening', 'customer_contact', noFacts);
    expect(p.map((x) => [x.stage.key, x.rule])).toEqual([['lead_screening', 'bant_complete']]);
    expect(
      checkStageMove(stages, 'lead_screening', 'customer_contact', {
        ...noFacts,
        bant: { ...full, need: 'partial' },
      }),
    ).toHaveLength(1);
    expect(checkStageMove(stages, 'lead_screening', 'customer_contact', { ...noFacts, bant: full })).toEqual(
      [],
    );
  });

  it('entering 谈判协商 needs a quote; a jump checks every stage it passes', () => {
    expect(
      checkStageMove(stages, 'proposal', 'negotiation', { bant: full, hasQuoteActivity: false })[0]!.rule,
    ).toBe('quote_activity');
    expect(checkStageMove(stages, 'lead_capture', 'payment_delivery', noFacts).map((x) => x.rule)).toEqual([
      'bant_complete',
      'quote_activity',
    ]);
    expect(
      checkStageMove(stages, 'lead_capture', 'payment_delivery', { bant: full, hasQuoteActivity: true }),
    ).toEqual([]);
  });

  it('moving backward or staying checks nothing; unknown rules fail closed', () => {
    expect(checkStageMove(stages, 'contract', 'lead_capture', noFacts)).toEqual([]);
    expect(checkStageMove(stages, 'proposal', 'proposal', noFacts)).toEqual([]);
    const odd = stages.map((s) => (s.key === 'lead_capture' ? { ...s, exitCriteria: ['typo'] } : s));
    expect(checkStageMove(odd, 'lead_capture', 'lead_screening', noFacts)[0]!.rule).toBe('typo');
  });
});

describe('money', () => {
  it('line amount is quantity × unit price × (1 − discount), half up once per line', () => {
    expect(lineItemAmount(3, 10_000, 1500)).toBe(25_500);
    expect(lineItemAmount(1, 333, 3333)).toBe(222);
    expect(lineItemAmount(1, 1, 5000)).toBe(1); // 0.5 → 1
    expect(lineItemAmount(7, 9_007_199_254_740, 0)).toBe(63_050_394_783_180);
    expect(
      sumLineItems([
        { quantity: 1, unitPrice: 1, discountBp: 5000 },
        { quantity: 1, unitPrice: 1, discountBp: 5000 },
      ]),
    ).toBe(2);
  });

  it('weighted amount sums per-deal weighted amounts', () => {
    expect(weightedAmount(100_000, 4000)).toBe(40_000);
    expect(weightedAmount(50_001, 3333)).toBe(16_665);
    expect(
      summariseStage([
        { amount: 100_000, probabilityBp: 4000 },
        { amount: 50_001, probabilityBp: 3333 },
      ]),
    ).toEqual({
      count: 2,
      amount: 150_001,
      weightedAmount: 56_665,
    });
    expect(summariseStage([])).toEqual({ count: 0, amount: 0, weightedAmount: 0 });
  });
});

describe('stale', () => {
  const entered = new Date('2026-01-01T00:00:00Z');
  it('an open deal past its stage SLA is stale; closed deals and stages without SLA never are', () => {
    expect(isStale({ status: 'open', stageEnteredAt: entered }, 7, new Date('2026-01-08T00:00:00Z'))).toBe(
      false,
    );
    expect(isStale({ status: 'open', stageEnteredAt: entered }, 7, new Date('2026-01-08T00:00:01Z'))).toBe(
      true,
    );
    expect(isStale({ status: 'won', stageEnteredAt: entered }, 7, new Date('2026-03-01T00:00:00Z'))).toBe(
      false,
    );
    expect(isStale({ status: 'open', stageEnteredAt: entered }, null, new Date('2030-01-01T00:00:00Z'))).toBe(
      false,
    );
  });
});
