import { describe, expect, it } from 'vitest';
import { DEFAULT_BANT_CONFIG, scoreBant, validateBantConfig } from '../../../../src/core/leads/index.ts';

describe('scoreBant', () => {
  it('scores a fully qualified lead 100 and grades it A', () => {
    const s = scoreBant({ budget: 'full', authority: 'full', need: 'full', timeline: 'full' });
    expect([s.score, s.grade]).toEqual([100, 'A']);
  });

  it('gives half credit for partial answers and rounds half up', () => {
    // 30 + 25 × 50 % + 25 + 0 = 67.5 → 68 → B
    const s = scoreBant({ budget: 'full', authority: 'partial', need: 'full', timeline: 'none' });
    expect(s.points.authority).toBe(12.5);
    expect([s.score, s.grade]).toEqual([68, 'B']);
  });

  it('grades at the exact thresholds', () => {
    expect(scoreBant({ budget: 'full', authority: 'full', need: 'full', timeline: 'none' })).toMatchObject({
      score: 80,
      grade: 'A',
    });
    expect(scoreBant({ budget: 'none', authority: 'full', need: 'full', timeline: 'none' })).toMatchObject({
      score: 50,
      grade: 'C',
    });
    expect(scoreBant({ budget: 'none', authority: 'none', need: 'full', timeline: 'none' })).toMatchObject({
      score: 25,
      grade: 'D',
    });
  });

  it('uses configurable weights and thresholds', () => {
    const config = {
      weights: { budget: 40, authority: 20, need: 20, timeline: 20 },
      partialCreditPct: 25,
      gradeThresholds: { A: 90, B: 50, C: 20 },
    };
    const s = scoreBant({ budget: 'partial', authority: 'full', need: 'full', timeline: 'none' }, config);
    expect([s.score, s.grade]).toEqual([50, 'B']);
  });

  it('rejects weights that do not total 100 and inverted thresholds', () => {
    const bad = { ...DEFAULT_BANT_CONFIG, weights: { budget: 30, authority: 25, need: 25, timeline: 19 } };
    expect(validateBantConfig(bad).map((e) => e.message)).toEqual([
      'BANT weights total 99, must be exactly 100',
    ]);
    expect(() =>
      scoreBant(
        { budget: 'full', authority: 'full', need: 'full', timeline: 'full' },
        { ...DEFAULT_BANT_CONFIG, gradeThresholds: { A: 60, B: 80, C: 40 } },
      ),
    ).toThrow(/A > B > C/);
  });
});
