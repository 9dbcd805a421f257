import { describe, expect, it } from 'vitest';
import { type ForecastDeal, rollUpForecast, weighPipeline } from '../../../../src/core/forecast/index.ts';

const deal = (overrides: Partial<ForecastDeal>): ForecastDeal => ({
  amount: 100_000,
  probability: 0.5,
  category: 'pipeline',
  ...overrides,
});

describe('forecast roll-ups', () => {
  const deals = [
    deal({ amount: 500_000, probability: 1, category: 'closed' }),
    deal({ amount: 300_000, probability: 0.9, category: 'commit' }),
    deal({ amount: 200_000, probability: 0.6, category: 'best_case' }),
    deal({ amount: 150_000, probability: 0.3, category: 'best_case' }),
    deal({ amount: 400_000, probability: 0.1, category: 'pipeline' }),
    deal({ amount: 999_999, probability: 0.5, category: 'omitted' }),
  ];

  it('accumulates the categories as Salesforce cumulative roll-ups do', () => {
    const r = rollUpForecast(deals);
    expect(r.closed).toBe(500_000);
    expect(r.commit).toBe(800_000);
    expect(r.bestCase).toBe(1_150_000);
    expect(r.openPipeline).toBe(1_050_000);
  });

  it('counts most likely as closed + commit + probability-weighted best case', () => {
    // 800,000 + 200,000 × 0.6 + 150,000 × 0.3 = 965,000
    expect(rollUpForecast(deals).mostLikely).toBe(965_000);
  });

  it('weights the open pipeline by probability and leaves closed and omitted deals out', () => {
    // 300,000 × 0.9 + 200,000 × 0.6 + 150,000 × 0.3 + 400,000 × 0.1 = 475,000
    expect(weighPipeline(deals)).toBe(475_000);
    expect(rollUpForecast(deals).weightedPipeline).toBe(475_000);
  });

  it('rounds the weighted sums once, not per deal', () => {
    const thirds = [1, 2, 3].map(() => deal({ amount: 1, probability: 0.5, category: 'best_case' }));
    // Per-deal rounding would give 3 × round(0.5) = 3; rounding the total 1.5 once gives 2.
    expect(weighPipeline(thirds)).toBe(2);
  });

  it('rejects a probability outside [0, 1]', () => {
    expect(() => rollUpForecast([deal({ probability: 1.2 })])).toThrow(/probability/);
  });
});
