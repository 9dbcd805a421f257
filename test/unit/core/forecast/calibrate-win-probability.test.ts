import { describe, expect, it } from 'vitest';
import {
  type ClosedDealHistory,
  calibrateWinProbabilities,
  estimateWinProbability,
  findAgeBucket,
} from '../../../../src/core/forecast/index.ts';

const history = (unitId: string, stage: string, days: number, won: boolean): ClosedDealHistory => ({
  unitId,
  visits: [{ stage, days }],
  won,
});

const many = (count: number, make: (i: number) => ClosedDealHistory) =>
  Array.from({ length: count }, (_, i) => make(i));

const stageDefaults = { proposal: 0.4, negotiation: 0.7 };

describe('win probability calibration', () => {
  it('puts ages into the configured buckets 0–14, 15–30, 31–60, 61+', () => {
    const starts = [0, 15, 31, 61];
    expect([0, 14, 15, 30, 31, 60, 61, 400].map((d) => findAgeBucket(starts, d))).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3,
    ]);
  });

  it('smooths the org rate towards the stage default with the Beta prior', () => {
    // 10 deals, 8 won, prior mean 0.4 with strength 10: (8 + 4) / (10 + 10) = 0.6
    const histories = many(10, (i) => history('east', 'proposal', 5, i < 8));
    const model = calibrateWinProbabilities(histories, {
      stageDefaults,
      priorStrength: 10,
      minObservations: 30,
    });
    const e = estimateWinProbability(model, { stage: 'proposal', ageDays: 3 });
    expect(e.level).toBe('org');
    expect(e.probability).toBeCloseTo(0.6, 12);
    expect(e).toMatchObject({ n: 10, wins: 8, priorMean: 0.4, priorStrength: 10 });
  });

  it('counts a deal in every age bucket it reached in the stage', () => {
    // Won deals lingered 70 days; lost deals left within a week.
    const histories = [
      ...many(6, () => history('east', 'proposal', 70, true)),
      ...many(14, () => history('east', 'proposal', 5, false)),
    ];
    const model = calibrateWinProbabilities(histories, { stageDefaults, priorStrength: 2 });
    const young = estimateWinProbability(model, { stage: 'proposal', ageDays: 2 });
    const old = estimateWinProbability(model, { stage: 'proposal', ageDays: 65 });
    expect(young.n).toBe(20);
    expect(young.probability).toBeCloseTo((6 + 0.8) / 22, 12);
    expect(old.n).toBe(6);
    expect(old.probability).toBeCloseTo((6 + 0.8) / 8, 12);
  });

  it('uses the unit’s own data when it has enough observations', () => {
    const histories = [
      ...many(40, (i) => history('east', 'proposal', 5, i < 30)),
      ...many(100, (i) => history('west', 'proposal', 5, i < 20)),
    ];
    const model = calibrateWinProbabilities(histories, {
      stageDefaults,
      priorStrength: 10,
      minObservations: 30,
    });
    const east = estimateWinProbability(model, { unitId: 'east', stage: 'proposal', ageDays: 0 });
    expect(east.level).toBe('unit');
    expect(east.probability).toBeCloseTo((30 + 4) / 50, 12);
  });

  it('falls back to the org estimate as prior when a unit’s data are thin', () => {
    const histories = [
      ...many(100, (i) => history('west', 'proposal', 5, i < 20)),
      ...many(5, () => history('north', 'proposal', 5, true)),
    ];
    const model = calibrateWinProbabilities(histories, {
      stageDefaults,
      priorStrength: 10,
      minObservations: 30,
    });
    const org = (25 + 4) / (105 + 10);
    const north = estimateWinProbability(model, { unitId: 'north', stage: 'proposal', ageDays: 1 });
    expect(north.level).toBe('unit-with-org-prior');
    expect(north.priorMean).toBeCloseTo(org, 12);
    expect(north.probability).toBeCloseTo((5 + 10 * org) / 15, 12);
    expect(north).toMatchObject({ n: 5, wins: 5 });
    const south = estimateWinProbability(model, { unitId: 'south', stage: 'proposal', ageDays: 1 });
    expect(south.level).toBe('org');
    expect(south.probability).toBeCloseTo(org, 12);
  });

  it('returns the stage default when nobody has data for the stage and age', () => {
    const model = calibrateWinProbabilities([], { stageDefaults });
    expect(estimateWinProbability(model, { stage: 'negotiation', ageDays: 90 })).toMatchObject({
      probability: 0.7,
      level: 'stage-default',
      n: 0,
    });
  });

  it('rejects an unknown stage', () => {
    const model = calibrateWinProbabilities([], { stageDefaults });
    expect(() => estimateWinProbability(model, { stage: 'dreaming', ageDays: 1 })).toThrow(/Unknown stage/);
  });
});
