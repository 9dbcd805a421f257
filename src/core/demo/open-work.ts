import type { Rng } from '../random.ts';
import { intBetween } from './pick.ts';
import { officeMinutes, shanghaiDay, shanghaiInstant } from './seasonality.ts';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Share of open deals that have outstayed their stage's SLA (stale cards on the board). */
export const STALE_SHARE = 0.17;

/**
 * Whether the k-th open deal (0-based) should be stale: spread evenly, so that exactly STALE_SHARE of
 * them are (not a coin flip, whose share would wander at small scales).
 */
export function staleTurn(k: number): boolean {
  return Math.floor((k + 1) * STALE_SHARE) > Math.floor(k * STALE_SHARE);
}

/**
 * When an open deal entered its current stage, relative to now: within the stage's SLA (fresh on
 * the board), or, for a stale one, 1–2 SLAs longer. Without an SLA the stay is up to a month.
 */
export function openStageEnteredMs(rng: Rng, slaDays: number | null, stale: boolean, nowMs: number): number {
  if (slaDays === null || slaDays <= 0) {
    return nowMs - rng.next() * 30 * DAY_MS;
  }
  const days = stale ? slaDays + 1 + rng.next() * slaDays : 0.1 + rng.next() * (slaDays * 0.85 - 0.1);
  return nowMs - days * DAY_MS;
}

export type DueKind = 'overdue' | 'today' | 'upcoming';

export interface TaskDueAllocator {
  /** Due instant of the owner's next open task: their overdue quota first, then today's, then later. */
  next(rng: Rng, ownerIndex: number): { kind: DueKind; dueMs: number };
  /** How many more tasks the owner needs before their overdue and today quotas are met. */
  missing(ownerIndex: number): number;
}

/**
 * A believable "My day" for every owner on the day of seeding: 1–4 overdue tasks (due in the last
 * ten days) and 3–7 due later today, everything else due in the next three weeks. Counts per owner
 * are drawn once, so the shares do not grow with the number of deals an owner has.
 */
export function createTaskDueAllocator(rng: Rng, ownerCount: number, nowMs: number): TaskDueAllocator {
  const overdueLeft = Array.from({ length: ownerCount }, () => intBetween(rng, 1, 4));
  const todayLeft = Array.from({ length: ownerCount }, () => intBetween(rng, 3, 7));
  const today = shanghaiDay(new Date(nowMs));
  const midnightMs = shanghaiInstant(today + 1, 0).getTime();
  return {
    next(r, ownerIndex) {
      if ((overdueLeft[ownerIndex] ?? 0) > 0) {
        overdueLeft[ownerIndex]!--;
        const dueMs = shanghaiInstant(today - intBetween(r, 1, 10), officeMinutes(r)).getTime();
        return { kind: 'overdue', dueMs };
      }
      if ((todayLeft[ownerIndex] ?? 0) > 0) {
        todayLeft[ownerIndex]!--;
        return { kind: 'today', dueMs: laterToday(r, nowMs, midnightMs) };
      }
      const dueMs = shanghaiInstant(today + intBetween(r, 1, 21), officeMinutes(r)).getTime();
      return { kind: 'upcoming', dueMs };
    },
    missing(ownerIndex) {
      return (overdueLeft[ownerIndex] ?? 0) + (todayLeft[ownerIndex] ?? 0);
    },
  };
}

/** An instant between now and the end of today (Shanghai), office hours while they last. */
function laterToday(rng: Rng, nowMs: number, midnightMs: number): number {
  const officeStart = midnightMs - 15 * 60 * MINUTE_MS;
  const officeEnd = midnightMs - 6 * 60 * MINUTE_MS;
  const from = Math.max(nowMs + 10 * MINUTE_MS, officeStart);
  const to = from < officeEnd - 30 * MINUTE_MS ? officeEnd : midnightMs - MINUTE_MS;
  if (to <= from) {
    // Seeded in the last minutes of the day: due halfway to midnight, still today.
    return nowMs + Math.floor((midnightMs - nowMs) / 2);
  }
  const at = from + rng.next() * (to - from);
  return at - (at % (5 * MINUTE_MS));
}
