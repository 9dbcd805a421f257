import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type IndicatorCategory,
  type IndicatorDefinition,
  rankScores,
  scoreIndicator,
  scoreScorecard,
} from '../../../../src/core/scorecards/index.ts';
import { buildScorecard } from './factories.ts';

describe('scoreIndicator', () => {
  const linear = { kind: 'linear', capPoints: 120 } as const;
  const step = {
    kind: 'step',
    steps: [
      { minAttainmentBp: 10_000, points: 100 },
      { minAttainmentBp: 8_000, points: 70 },
    ],
  } as const;

  it('scores linearly up to the cap, in hundredths rounded half up', () => {
    expect(scoreIndicator(linear, 90, 100).hundredths).toBe(9_000);
    expect(scoreIndicator(linear, 2, 3).hundredths).toBe(6_667);
    expect(scoreIndicator(linear, 130, 100).hundredths).toBe(12_000);
    expect(scoreIndicator(linear, -5, 100).hundredths).toBe(0);
  });

  it('applies step thresholds at their exact boundaries', () => {
    expect(scoreIndicator(step, 100_000, 100_000).hundredths).toBe(10_000);
    expect(scoreIndicator(step, 99_999, 100_000).hundredths).toBe(7_000);
    expect(scoreIndicator(step, 80_000, 100_000).hundredths).toBe(7_000);
    expect(scoreIndicator(step, 79_999, 100_000).hundredths).toBe(0);
    expect(scoreIndicator({ ...step, otherwisePoints: 20 }, 1, 100).hundredths).toBe(2_000);
  });

  it('scores lower-is-better indicators as target / actual', () => {
    const dso = { kind: 'lowerIsBetter', capPoints: 100 } as const;
    expect(scoreIndicator(dso, 45, 30).hundredths).toBe(6_667);
    expect(scoreIndicator(dso, 20, 30).hundredths).toBe(10_000);
    expect(scoreIndicator(dso, 0, 30).hundredths).toBe(10_000);
    expect(scoreIndicator({ ...step, lowerIsBetter: true }, 36, 30).hundredths).toBe(7_000);
    expect(scoreIndicator({ ...step, lowerIsBetter: true }, 38, 30).hundredths).toBe(0);
  });
});

describe('scoreScorecard', () => {
  it('weights indicator scores and explains every point', () => {
    const result = scoreScorecard({
      scorecard: buildScorecard(),
      actuals: [
        { indicatorId: 'revenue', actual: 1_100_000, target: 1_000_000 }, // 110 × 40 = 44.00
        { indicatorId: 'collection', actual: 850, target: 1_000 }, // step 70 × 15 = 10.50
        { indicatorId: 'dso', actual: 45, target: 30 }, // 66.67 × 10 = 6.667
        { indicatorId: 'visits', actual: 2, target: 3 }, // 66.67 × 15 = 10.0005
        { indicatorId: 'quotes', actual: 12, target: 10 }, // capped 100 × 10 = 10.00
        { indicatorId: 'skills', actual: 4, target: 5 }, // 80 × 10 = 8.00
      ],
    });
    // Exact 89.1675 → 89.17; lines 44.00 + 10.50 + 6.67 + 10.00 + 10.00 + 8.00 = 89.17.
    expect(result.totalHundredths).toBe(8_917);
    expect(result.total).toBe(89.17);
    expect(result.lines.map((l) => l.contributionHundredths)).toEqual([4_400, 1_050, 667, 1_000, 1_000, 800]);
    expect(result.lines[1]).toMatchObject({ actual: 850, target: 1_000, rawScore: 70, weight: 15 });
    expect(result.lines[1]!.ruleApplied).toContain('≥ 80 % → 70');
    expect(result.lines[4]!.ruleApplied).toContain('min(100');
  });

  it('refuses to score when an actual is missing', () => {
    expect(() => scoreScorecard({ scorecard: buildScorecard(), actuals: [] })).toThrow(/no actual/);
  });

  it('has contributions that add up exactly to the total, each within one hundredth of its exact value', () => {
    const category = (c: IndicatorCategory, min: number, max: number) =>
      fc
        .integer({ min, max })
        .chain((total) =>
          fc
            .array(fc.integer({ min: 1, max: 1_000 }), { minLength: 1, maxLength: 4 })
            .map((shares) => splitWeight(total, shares).map((weight) => ({ category: c, weight }))),
        );
    const scorecards = fc
      .tuple(category('results', 60, 70), category('process', 20, 30), category('capability', 10, 20))
      .filter(([r, p, c]) => [...r, ...p, ...c].reduce((s, x) => s + x.weight, 0) === 100);
    fc.assert(
      fc.property(
        scorecards,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 1, max: 1_000 })), {
          minLength: 12,
          maxLength: 12,
        }),
        (parts, values) => {
          const indicators: IndicatorDefinition[] = parts.flat().map((p, i) => ({
            id: `i${i}`,
            name: `I${i}`,
            category: p.category,
            weight: p.weight,
            rule:
              i % 3 === 0 ? { kind: 'lowerIsBetter', capPoints: 150 } : { kind: 'linear', capPoints: 120 },
          }));
          const actuals = indicators.map((x, i) => ({
            indicatorId: x.id,
            actual: values[i]![0],
            target: values[i]![1],
          }));
          const result = scoreScorecard({ scorecard: { id: 'p', indicators }, actuals });
          const sum = result.lines.reduce((s, l) => s + l.contributionHundredths, 0);
          expect(sum).toBe(result.totalHundredths);
          // Exact contributions in 1/10 000 of a point (integers, so no floating-point slack is needed).
          const exact = result.lines.map((l) => l.weight * Math.round(l.rawScore * 100));
          const exactTotal = exact.reduce((s, x) => s + x, 0);
          expect(Math.abs(exactTotal - result.totalHundredths * 100)).toBeLessThanOrEqual(50);
          result.lines.forEach((l, i) => {
            expect(Math.abs(l.contributionHundredths * 100 - exact[i]!)).toBeLessThan(100);
          });
        },
      ),
    );
  });
});

/** Splits a whole total into positive whole parts proportional to shares (test helper). */
function splitWeight(total: number, shares: number[]): number[] {
  const n = Math.min(shares.length, total);
  const used = shares.slice(0, n);
  const sum = used.reduce((s, x) => s + x, 0);
  const parts = used.map((s) => 1 + Math.floor(((total - n) * s) / sum));
  parts[0] = parts[0]! + total - parts.reduce((s, x) => s + x, 0);
  return parts;
}

describe('rankScores', () => {
  it('uses competition ranking with ties listed by id', () => {
    const ranked = rankScores([
      { id: 'c', totalHundredths: 9_000 },
      { id: 'b', totalHundredths: 9_500 },
      { id: 'a', totalHundredths: 9_000 },
      { id: 'd', totalHundredths: 8_000 },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 2],
      ['d', 4],
    ]);
  });
});
