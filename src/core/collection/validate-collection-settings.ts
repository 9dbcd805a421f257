import type { ErrorDetail } from '../errors.ts';

export const LADDER_STEPS = ['owner', 'manager', 'finance', 'bad_debt'] as const;
export type LadderStepName = (typeof LADDER_STEPS)[number];

/** The bounds of each collection setting (issue 12 items 1, 4 and 6). */
export const COLLECTION_SETTING_LIMITS = {
  prefix: { pattern: /^[A-Za-z0-9]{1,8}$/ },
  reminderDaysBefore: { min: 1, max: 60, minCount: 1, maxCount: 5 },
  overdueLadder: { minDay: 1, maxDay: 365, minCount: 1, maxCount: 10 },
  renewalLeadDays: { min: 30, max: 180 },
  defaultCreditDays: { min: 0, max: 365 },
} as const;

export interface CollectionSettingsPatch {
  contractNumberPrefix?: string | undefined;
  orderNumberPrefix?: string | undefined;
  reminderDaysBefore?: readonly number[] | undefined;
  overdueLadder?: readonly { day: number; step: string }[] | undefined;
  renewalLeadDays?: number | undefined;
  defaultCreditDays?: number | undefined;
}

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

/**
 * Every problem of a change to the collection settings, each at its field's path (empty: valid).
 * Number prefixes are 1–8 letters or digits (they start numbers such as HT2026-0001, so no
 * separators); reminders are 1–5 distinct days before the due date, 1–60; the overdue ladder is 1–10
 * rungs on strictly increasing days overdue (1–365), each telling the owner, the manager or finance,
 * or marking bad-debt risk — at most once, as the last rung (nothing escalates past a bad debt).
 */
export function validateCollectionSettings(patch: CollectionSettingsPatch): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const L = COLLECTION_SETTING_LIMITS;
  for (const field of ['contractNumberPrefix', 'orderNumberPrefix'] as const) {
    const value = patch[field];
    if (value !== undefined && !L.prefix.pattern.test(value)) {
      out.push({ path: field, message: 'must be 1–8 letters or digits' });
    }
  }
  const days = patch.reminderDaysBefore;
  if (days !== undefined) {
    const r = L.reminderDaysBefore;
    if (days.length < r.minCount || days.length > r.maxCount) {
      out.push({ path: 'reminderDaysBefore', message: 'must list 1 to 5 days' });
    }
    const seen = new Set<number>();
    for (const [i, d] of days.entries()) {
      if (!isInt(d) || d < r.min || d > r.max) {
        out.push({ path: `reminderDaysBefore.${i}`, message: 'must be a whole number of days from 1 to 60' });
      } else if (seen.has(d)) {
        out.push({ path: `reminderDaysBefore.${i}`, message: `day ${d} is listed twice` });
      }
      seen.add(d);
    }
  }
  const ladder = patch.overdueLadder;
  if (ladder !== undefined) {
    const r = L.overdueLadder;
    if (ladder.length < r.minCount || ladder.length > r.maxCount) {
      out.push({ path: 'overdueLadder', message: 'must have 1 to 10 rungs' });
    }
    let previous = 0;
    for (const [i, rung] of ladder.entries()) {
      if (!isInt(rung.day) || rung.day < r.minDay || rung.day > r.maxDay) {
        out.push({ path: `overdueLadder.${i}.day`, message: 'must be a whole number of days from 1 to 365' });
      } else if (rung.day <= previous) {
        out.push({
          path: `overdueLadder.${i}.day`,
          message: `must be later than the rung before (day ${previous})`,
        });
      }
      if (isInt(rung.day)) {
        previous = Math.max(previous, rung.day);
      }
      if (!(LADDER_STEPS as readonly string[]).includes(rung.step)) {
        out.push({ path: `overdueLadder.${i}.step`, message: 'must be owner, manager, finance or bad_debt' });
      } else if (rung.step === 'bad_debt' && i !== ladder.length - 1) {
        out.push({
          path: `overdueLadder.${i}.step`,
          message: 'bad_debt must be the last rung (and only once)',
        });
      }
    }
  }
  for (const field of ['renewalLeadDays', 'defaultCreditDays'] as const) {
    const value = patch[field];
    const { min, max } = L[field];
    if (value !== undefined && (!isInt(value) || value < min || value > max)) {
      out.push({ path: field, message: `must be a whole number of days from ${min} to ${max}` });
    }
  }
  return out;
}
