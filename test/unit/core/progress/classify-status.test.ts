import { describe, expect, it } from 'vitest';
import { classifyStatus, measureProgress } from '../../../../src/core/progress/index.ts';

// Half of the period gone: target 1 000 pro-rates to 500, lower bound 800 pro-rates to 400.
const half = { target: 1_000, lowerBound: 800, workingDaysElapsed: 10, workingDaysTotal: 20 };

describe('measureProgress', () => {
  it('computes attainment, elapsed time, pace and a run-rate projection', () => {
    const p = measureProgress({ actual: 600, target: 1_000, workingDaysElapsed: 10, workingDaysTotal: 20 });
    expect(p.attainment).toBe(0.6);
    expect(p.elapsed).toBe(0.5);
    expect(p.pace).toBeCloseTo(1.2, 12);
    expect(p.projected).toBe(1_200);
    expect(p.projectedAttainment).toBe(1.2);
  });

  it('rounds the projection half up and has no pace before the first working day', () => {
    expect(
      measureProgress({ actual: 100, target: 1_000, workingDaysElapsed: 3, workingDaysTotal: 22 }).projected,
    ).toBe(733);
    const start = measureProgress({ actual: 0, target: 1_000, workingDaysElapsed: 0, workingDaysTotal: 22 });
    expect(start.pace).toBeNull();
    expect(start.projected).toBeNull();
  });

  it('rejects elapsed days beyond the period', () => {
    expect(() =>
      measureProgress({ actual: 1, target: 1, workingDaysElapsed: 23, workingDaysTotal: 22 }),
    ).toThrow(/workingDaysElapsed/);
  });
});

describe('classifyStatus', () => {
  it('is green exactly on the pro-rated target', () => {
    const s = classifyStatus({ ...half, actual: 500 });
    expect(s.colour).toBe('green');
    expect(s.expectedToDate).toBe(500);
    expect(s.gapToPace).toBe(0);
  });

  it('is yellow one unit below pace', () => {
    const s = classifyStatus({ ...half, actual: 499 });
    expect(s.colour).toBe('yellow');
    expect(s.gapToPace).toBe(1);
    expect(s.gapToLowerBound).toBe(0);
  });

  it('is still yellow exactly on the pro-rated lower bound', () => {
    const s = classifyStatus({ ...half, actual: 400 });
    expect(s.colour).toBe('yellow');
    expect(s.lowerBoundToDate).toBe(400);
  });

  it('is red one unit below the pro-rated lower bound and reports the gap', () => {
    const s = classifyStatus({ ...half, actual: 399 });
    expect(s.colour).toBe('red');
    expect(s.gapToLowerBound).toBe(1);
    expect(s.reason).toContain('lower bound 400');
  });

  it('applies the green tolerance at its boundary', () => {
    const thresholds = { greenToleranceBp: 500 };
    expect(classifyStatus({ ...half, actual: 475, thresholds }).colour).toBe('green');
    expect(classifyStatus({ ...half, actual: 474, thresholds }).colour).toBe('yellow');
  });

  it('derives the lower bound from the band when none is given (default 10 % below target)', () => {
    const input = { target: 1_000, workingDaysElapsed: 10, workingDaysTotal: 20 };
    expect(classifyStatus({ ...input, actual: 450 }).colour).toBe('yellow');
    expect(classifyStatus({ ...input, actual: 449 }).colour).toBe('red');
    expect(classifyStatus({ ...input, actual: 399, thresholds: { lowerBandBp: 2_000 } }).colour).toBe('red');
    expect(classifyStatus({ ...input, actual: 400, thresholds: { lowerBandBp: 2_000 } }).colour).toBe(
      'yellow',
    );
  });

  it('compares exactly when the pro-rated target is fractional', () => {
    // 1 000 × 1/3 = 333.33…: 334 is on pace, 333 is not.
    const third = { target: 1_000, lowerBound: 900, workingDaysElapsed: 1, workingDaysTotal: 3 };
    expect(classifyStatus({ ...third, actual: 334 }).colour).toBe('green');
    expect(classifyStatus({ ...third, actual: 333 }).colour).toBe('yellow');
    expect(classifyStatus({ ...third, actual: 300 }).colour).toBe('yellow');
    expect(classifyStatus({ ...third, actual: 299 }).colour).toBe('red');
  });

  it('is green on day zero and checks the full target on the last day', () => {
    expect(classifyStatus({ ...half, workingDaysElapsed: 0, actual: 0 }).colour).toBe('green');
    expect(classifyStatus({ ...half, workingDaysElapsed: 20, actual: 999 }).colour).toBe('yellow');
    expect(classifyStatus({ ...half, workingDaysElapsed: 20, actual: 799 }).colour).toBe('red');
  });

  it('stays exact for amounts far beyond 2^53 when cross-multiplied', () => {
    const big = 9_000_000_000_000; // 900 亿元 in 分
    const s = classifyStatus({ actual: big / 2, target: big, workingDaysElapsed: 11, workingDaysTotal: 22 });
    expect(s.colour).toBe('green');
    expect(
      classifyStatus({ actual: big / 2 - 1, target: big, workingDaysElapsed: 11, workingDaysTotal: 22 })
        .colour,
    ).toBe('yellow');
  });
});
