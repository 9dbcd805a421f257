import { assertAllocatableTotal } from '../allocation/largest-remainder.ts';
import { type IsoDate, toDayNumber } from '../calendar/calendar-date.ts';
import { Invalid } from '../errors.ts';
import { roundMinorUnits } from '../money.ts';

/** A recorded market event that rescales a target, e.g. a policy tailwind lifting competitors' growth. */
export interface MarketTrigger {
  /** Multiplier, > 0: 1.1 raises the target by 10 %, 0.9 lowers it by 10 %. */
  coefficient: number;
  reason: string;
  date: IsoDate;
}

export interface AdjustmentStep extends MarketTrigger {
  /** Product of the coefficients applied so far, this one included. */
  cumulativeCoefficient: number;
}

export interface MarketAdjustment {
  original: number;
  adjusted: number;
  /** Product of all coefficients. */
  coefficient: number;
  band?: { lower: number; upper: number };
  steps: AdjustmentStep[];
  explanation: string;
}

/**
 * Market-trigger adjustment "new target = original × coefficient" (新目标 = 原值 × 系数, 001 text):
 * triggers apply in date order and compound; the result (and band, if given) is rounded once.
 */
export function applyMarketTriggers({
  target,
  triggers,
  band,
}: {
  target: number;
  triggers: readonly MarketTrigger[];
  band?: { lower: number; upper: number };
}): MarketAdjustment {
  assertAllocatableTotal(target, 'target');
  if (band) {
    assertAllocatableTotal(band.lower, 'band.lower');
    assertAllocatableTotal(band.upper, 'band.upper');
  }
  const ordered = triggers
    .map((trigger, index) => {
      if (!Number.isFinite(trigger.coefficient) || trigger.coefficient <= 0) {
        throw new Invalid(
          `triggers[${index}].coefficient must be a finite number > 0 (got ${trigger.coefficient})`,
        );
      }
      if (trigger.reason.trim() === '') {
        throw new Invalid(`triggers[${index}] needs a reason`);
      }
      return { trigger, index, day: toDayNumber(trigger.date) };
    })
    .sort((a, b) => a.day - b.day || a.index - b.index);
  let cumulative = 1;
  const steps: AdjustmentStep[] = ordered.map(({ trigger }) => {
    cumulative *= trigger.coefficient;
    return { ...trigger, cumulativeCoefficient: cumulative };
  });
  const adjusted = roundMinorUnits(target * cumulative);
  const explanation =
    steps.length === 0
      ? `no market trigger recorded; target stays ${target}`
      : `${target} × ${steps.map((s) => `${s.coefficient} (${s.date}: ${s.reason})`).join(' × ')} = ${adjusted}`;
  return {
    original: target,
    adjusted,
    coefficient: cumulative,
    ...(band
      ? {
          band: {
            lower: roundMinorUnits(band.lower * cumulative),
            upper: roundMinorUnits(band.upper * cumulative),
          },
        }
      : {}),
    steps,
    explanation,
  };
}
