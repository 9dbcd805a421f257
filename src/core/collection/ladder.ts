/*
 * Reminders before a due date and the overdue ladder (逾期分级跟进) as data: which step applies to an
 * installment on a given day. Pure; the daily job (services/receivables/run-collection-ladder.ts)
 * records and delivers each step once.
 */

export type LadderStep = 'owner' | 'manager' | 'finance' | 'bad_debt';
export type CollectionEventKind =
  | 'reminder'
  | 'overdue_owner'
  | 'overdue_manager'
  | 'overdue_finance'
  | 'bad_debt';

export const KIND_OF_STEP: Record<LadderStep, CollectionEventKind> = {
  owner: 'overdue_owner',
  manager: 'overdue_manager',
  finance: 'overdue_finance',
  bad_debt: 'bad_debt',
};

export interface DueStep {
  kind: CollectionEventKind;
  /** Days before due (reminder) or the rung's day overdue (ladder). */
  mark: number;
}

/**
 * The one step that applies on a day `daysOverdue` (today − due date; negative before the due date):
 * before the due date, the reminder of the smallest mark that has been reached (days left ≤ mark),
 * so a job that ran late still sends the reminder of today, not each one it missed; from day 1
 * overdue, the highest rung of the ladder whose day has been reached. null when none applies yet.
 */
export function dueStep(
  daysOverdue: number,
  reminderDaysBefore: readonly number[],
  ladder: readonly { day: number; step: LadderStep }[],
): DueStep | null {
  if (daysOverdue <= 0) {
    const daysLeft = -daysOverdue;
    const reached = reminderDaysBefore.filter((m) => m >= daysLeft);
    return reached.length > 0 ? { kind: 'reminder', mark: Math.min(...reached) } : null;
  }
  let best: { day: number; step: LadderStep } | null = null;
  for (const rung of ladder) {
    if (rung.day <= daysOverdue && (best === null || rung.day > best.day)) {
      best = rung;
    }
  }
  return best ? { kind: KIND_OF_STEP[best.step], mark: best.day } : null;
}
