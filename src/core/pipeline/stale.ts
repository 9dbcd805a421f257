const DAY_MS = 86_400_000;

/**
 * A deal is stale when it is still open and has stayed in its stage longer than the stage's SLA
 * days (no SLA → never stale). The clock is passed in.
 */
export function isStale(
  deal: { status: string; stageEnteredAt: Date },
  slaDays: number | null | undefined,
  now: Date,
): boolean {
  if (deal.status !== 'open' || slaDays === null || slaDays === undefined) {
    return false;
  }
  return now.getTime() - deal.stageEnteredAt.getTime() > slaDays * DAY_MS;
}

/** The latest stage-entry time that is not yet stale for `slaDays` (for SQL filters). */
export function staleBefore(now: Date, slaDays: number): Date {
  return new Date(now.getTime() - slaDays * DAY_MS);
}
