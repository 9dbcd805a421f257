import { describe, expect, it } from 'vitest';
import { RuleViolated } from '../../../../src/core/errors.ts';
import { assertValidScorecard, validateScorecard } from '../../../../src/core/scorecards/index.ts';
import { buildScorecard } from './factories.ts';

function withWeights(weights: Record<string, number>) {
  const base = buildScorecard();
  return { ...base, indicators: base.indicators.map((x) => ({ ...x, weight: weights[x.id] ?? x.weight })) };
}

describe('validateScorecard', () => {
  it('accepts weights inside the default ranges that total 100', () => {
    expect(validateScorecard(buildScorecard())).toEqual([]);
  });

  it('rejects a results total above 70 and names category, total and range', () => {
    // revenue 45 → results 70 ok; 50 → results 75, grand total 110.
    const errors = validateScorecard(withWeights({ revenue: 50 }));
    expect(errors.map((e) => e.message)).toEqual([
      'results indicators total 75, outside the allowed range 60–70',
      'weights total 110, must be exactly 100',
    ]);
    expect(errors[0]!.path).toBe('weights.results');
  });

  it('rejects process below 20 even when the grand total is 100', () => {
    const errors = validateScorecard(withWeights({ revenue: 45, visits: 5, skills: 15 }));
    expect(errors.map((e) => e.message)).toEqual([
      'process indicators total 15, outside the allowed range 20–30',
    ]);
  });

  it('rejects a zero weight and a capability share above 20', () => {
    const errors = validateScorecard(
      withWeights({ quotes: 0, skills: 30, revenue: 30, collection: 15, dso: 15 }),
    );
    const messages = errors.map((e) => e.message);
    expect(messages).toContain('indicator "Quotes" has weight 0; each weight must be a whole number > 0');
    expect(messages).toContain('capability indicators total 30, outside the allowed range 10–20');
    expect(messages).toContain('process indicators total 15, outside the allowed range 20–30');
  });

  it('accepts custom ranges', () => {
    const ranges = {
      results: { min: 50, max: 80 },
      process: { min: 10, max: 30 },
      capability: { min: 0, max: 20 },
      total: 100,
    };
    expect(validateScorecard(withWeights({ revenue: 50, visits: 5 }), ranges)).toEqual([]);
  });

  it('throws RuleViolated with the reasons as details', () => {
    expect(() => assertValidScorecard(withWeights({ skills: 5, revenue: 45 }))).toThrow(RuleViolated);
    try {
      assertValidScorecard(withWeights({ skills: 5, revenue: 45 }));
    } catch (error) {
      expect((error as RuleViolated).details).toEqual([
        {
          path: 'weights.capability',
          message: 'capability indicators total 5, outside the allowed range 10–20',
        },
      ]);
    }
  });

  it('rejects step rules out of order', () => {
    const sc = buildScorecard();
    sc.indicators[1] = {
      ...sc.indicators[1]!,
      rule: {
        kind: 'step',
        steps: [
          { minAttainmentBp: 8_000, points: 70 },
          { minAttainmentBp: 10_000, points: 100 },
        ],
      },
    };
    expect(validateScorecard(sc).map((e) => e.path)).toEqual(['indicators.1.rule.steps.1.minAttainmentBp']);
  });
});
