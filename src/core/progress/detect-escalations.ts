import { Invalid } from '../errors.ts';
import type { StatusColour } from './classify-status.ts';

/** Who or what is being tracked: a rep, a team, a region, a channel… */
export interface TrackedEntity {
  type: string;
  id: string;
  name?: string;
}

export interface WeeklyStatus {
  /** Week label, e.g. ISO week `2025-W14`; the series must be in chronological order. */
  week: string;
  colour: StatusColour;
  /** How far below the pro-rated lower bound the entity was that week (0 unless red). */
  gapToLowerBound: number;
}

export interface EscalationEvent {
  entity: TrackedEntity;
  /** Number of consecutive red weeks in the run (≥ the rule's N). */
  consecutiveWeeks: number;
  /** All weeks of the red run, oldest first. */
  weeks: string[];
  /** The week in which the run reached N weeks, i.e. when the escalation fires. */
  triggeredWeek: string;
  /** Gap to the lower bound in the last week of the run. */
  latestGap: number;
  reason: string;
}

export interface DetectEscalationsInput {
  entity: TrackedEntity;
  weeks: WeeklyStatus[];
  /** N in "N consecutive weeks below the lower bound" (default 2). */
  consecutiveWeeks?: number;
}

/**
 * Escalation after N consecutive weeks below the lower bound (区域销售经理培训: 连续两周低于下限时启动
 * 资源倾斜预案). Only red weeks count; a yellow or green week resets the count. One event per red run,
 * however long the run lasts, so a manager is not paged again every week for the same slide.
 */
export function detectEscalations({
  entity,
  weeks,
  consecutiveWeeks = 2,
}: DetectEscalationsInput): EscalationEvent[] {
  if (!Number.isInteger(consecutiveWeeks) || consecutiveWeeks < 1) {
    throw new Invalid(`consecutiveWeeks must be an integer ≥ 1, got ${consecutiveWeeks}`, [
      { path: 'consecutiveWeeks', message: 'must be an integer ≥ 1' },
    ]);
  }
  const events: EscalationEvent[] = [];
  let run: WeeklyStatus[] = [];
  const closeRun = (): void => {
    if (run.length >= consecutiveWeeks) {
      const last = run[run.length - 1]!;
      const weekLabels = run.map((w) => w.week);
      events.push({
        entity,
        consecutiveWeeks: run.length,
        weeks: weekLabels,
        triggeredWeek: weekLabels[consecutiveWeeks - 1]!,
        latestGap: last.gapToLowerBound,
        reason: `${entity.type} ${entity.name ?? entity.id} below the lower bound for ${run.length} consecutive weeks (${weekLabels.join(', ')}); latest gap ${last.gapToLowerBound}`,
      });
    }
    run = [];
  };
  for (const week of weeks) {
    if (week.colour === 'red') {
      run.push(week);
    } else {
      closeRun();
    }
  }
  closeRun();
  return events;
}
