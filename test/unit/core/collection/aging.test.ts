import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AGING_BUCKETS,
  addDays,
  agingBucket,
  bucketDueRange,
  collectionRateBp,
  daysInPeriod,
  daysOverdue,
  dso,
} from '../../../../src/core/collection/aging.ts';
import { dueStep } from '../../../../src/core/collection/ladder.ts';

const AS_OF = '2026-03-31';

describe('aging buckets', () => {
  it('puts each day overdue in the bucket the definition names (due today is not due)', () => {
    const cases: [string, string][] = [
      ['2026-04-15', 'not_due'],
      ['2026-03-31', 'not_due'],
      ['2026-03-30', 'd1_30'],
      ['2026-03-01', 'd1_30'], // 30 days
      ['2026-02-28', 'd31_60'], // 31 days
      ['2026-01-30', 'd31_60'], // 60 days
      ['2026-01-29', 'd61_90'], // 61 days
      ['2025-12-31', 'd61_90'], // 90 days
      ['2025-12-30', 'd90_plus'], // 91 days
      ['2020-01-01', 'd90_plus'],
    ];
    for (const [due, bucket] of cases) {
      expect(agingBucket(due, AS_OF), due).toBe(bucket);
    }
    expect(agingBucket(null, AS_OF)).toBe('not_due');
    expect(daysOverdue('2025-12-30', AS_OF)).toBe(91);
  });

  it('bucket due ranges agree with the bucket of every date (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (offset) => {
        const due = addDays(AS_OF, offset);
        const bucket = agingBucket(due, AS_OF);
        const matching = AGING_BUCKETS.filter((b) => {
          const r = bucketDueRange(b, AS_OF);
          return (r.dueFrom === null || due >= r.dueFrom) && (r.dueTo === null || due <= r.dueTo);
        });
        expect(matching).toEqual([bucket]);
      }),
    );
  });
});

describe('DSO and collection rate', () => {
  it('DSO by the simple method, by hand: 300,000 open at the end of a 90-day quarter with 900,000 due → 30.0 days', () => {
    expect(daysInPeriod('2026-01-01', '2026-03-31')).toBe(90);
    expect(dso({ receivablesAtEnd: 300_000, dueInPeriod: 900_000, days: 90 })).toBe(30);
    expect(dso({ receivablesAtEnd: 100_000, dueInPeriod: 300_000, days: 31 })).toBe(10.3);
    expect(dso({ receivablesAtEnd: 5, dueInPeriod: 0, days: 31 })).toBeNull();
  });

  it('collection rate in basis points, rounded half up; above 100 % when arrears come in', () => {
    expect(collectionRateBp({ collected: 750, due: 1_000 })).toBe(7_500);
    expect(collectionRateBp({ collected: 1, due: 3 })).toBe(3_333);
    expect(collectionRateBp({ collected: 2, due: 3 })).toBe(6_667);
    expect(collectionRateBp({ collected: 1_500, due: 1_000 })).toBe(15_000);
    expect(collectionRateBp({ collected: 10, due: 0 })).toBeNull();
  });
});

describe('the step of the reminder and overdue ladder that applies on a day', () => {
  const ladder = [
    { day: 1, step: 'owner' as const },
    { day: 15, step: 'manager' as const },
    { day: 30, step: 'finance' as const },
    { day: 60, step: 'bad_debt' as const },
  ];
  it('reminds 7 and 1 days before; a late job sends today’s reminder only', () => {
    expect(dueStep(-8, [7, 1], ladder)).toBeNull();
    expect(dueStep(-7, [7, 1], ladder)).toEqual({ kind: 'reminder', mark: 7 });
    expect(dueStep(-3, [7, 1], ladder)).toEqual({ kind: 'reminder', mark: 7 });
    expect(dueStep(-1, [7, 1], ladder)).toEqual({ kind: 'reminder', mark: 1 });
    expect(dueStep(0, [7, 1], ladder)).toEqual({ kind: 'reminder', mark: 1 });
  });
  it('climbs the ladder on days 1, 15, 30 and 60, and stays on the highest rung reached', () => {
    expect(dueStep(1, [7, 1], ladder)).toEqual({ kind: 'overdue_owner', mark: 1 });
    expect(dueStep(14, [7, 1], ladder)).toEqual({ kind: 'overdue_owner', mark: 1 });
    expect(dueStep(15, [7, 1], ladder)).toEqual({ kind: 'overdue_manager', mark: 15 });
    expect(dueStep(30, [7, 1], ladder)).toEqual({ kind: 'overdue_finance', mark: 30 });
    expect(dueStep(59, [7, 1], ladder)).toEqual({ kind: 'overdue_finance', mark: 30 });
    expect(dueStep(60, [7, 1], ladder)).toEqual({ kind: 'bad_debt', mark: 60 });
    expect(dueStep(400, [7, 1], ladder)).toEqual({ kind: 'bad_debt', mark: 60 });
    expect(dueStep(5, [7, 1], [])).toBeNull();
  });
});
