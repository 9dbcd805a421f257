import { describe, expect, it } from 'vitest';
import { applyMarketTriggers, roundToMinorUnits } from '../../../../src/core/targets/index.ts';

describe('applyMarketTriggers', () => {
  it('multiplies the target by the coefficient of a recorded trigger', () => {
    const result = applyMarketTriggers({
      target: 1_000_000,
      triggers: [
        { coefficient: 1.2, reason: 'policy tailwind: competitors grow > 20 %', date: '2025-03-10' },
      ],
    });
    expect(result.adjusted).toBe(1_200_000);
    expect(result.explanation).toBe(
      '1000000 × 1.2 (2025-03-10: policy tailwind: competitors grow > 20 %) = 1200000',
    );
  });

  it('compounds several triggers in date order and rescales the band, rounding once', () => {
    const result = applyMarketTriggers({
      target: 1_000_000,
      band: { lower: 900_000, upper: 1_100_000 },
      triggers: [
        { coefficient: 1.1, reason: 'policy tailwind', date: '2025-03-10' },
        { coefficient: 0.95, reason: 'supply disruption', date: '2025-02-01' },
      ],
    });
    // 1 000 000 × 0.95 × 1.1 = 1 045 000; band 940 500 … 1 149 500.
    expect(result.steps.map((s) => s.reason)).toEqual(['supply disruption', 'policy tailwind']);
    expect(result.steps.map((s) => Math.round(s.cumulativeCoefficient * 1e9) / 1e9)).toEqual([0.95, 1.045]);
    expect(result.adjusted).toBe(1_045_000);
    expect(result.band).toEqual({ lower: 940_500, upper: 1_149_500 });
  });

  it('leaves the target unchanged without triggers, and says so', () => {
    const result = applyMarketTriggers({ target: 500, triggers: [] });
    expect(result.adjusted).toBe(500);
    expect(result.explanation).toMatch(/no market trigger/);
  });

  it('rejects non-positive coefficients, missing reasons and bad dates', () => {
    expect(() =>
      applyMarketTriggers({ target: 1, triggers: [{ coefficient: 0, reason: 'x', date: '2025-01-01' }] }),
    ).toThrow(/coefficient/);
    expect(() =>
      applyMarketTriggers({ target: 1, triggers: [{ coefficient: 1, reason: ' ', date: '2025-01-01' }] }),
    ).toThrow(/reason/);
    expect(() =>
      applyMarketTriggers({ target: 1, triggers: [{ coefficient: 1, reason: 'x', date: '2025-13-01' }] }),
    ).toThrow(/calendar date/);
  });
});

describe('roundToMinorUnits', () => {
  it('rounds half away from zero', () => {
    expect([0.5, 1.5, 2.5, -2.5, 2.4999].map(roundToMinorUnits)).toEqual([1, 2, 3, -3, 2]);
  });
});
