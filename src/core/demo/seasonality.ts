import type { Rng } from '../random.ts';
import { searchCumulative } from './pick.ts';

const DAY_MS = 86_400_000;
/** The demo org's timezone is Asia/Shanghai: UTC+8 all year (no daylight saving). */
export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** 春节 (lunar new year's day) by Gregorian year; the dip follows it. */
export const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
};

/** Day number (days since 1970-01-01) of a yyyy-mm-dd date. */
export function dayNumber(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS);
}

/** The Shanghai calendar day (day number) an instant falls on. */
export function shanghaiDay(at: Date): number {
  return Math.floor((at.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
}

/** yyyy-mm-dd of a day number. */
export function isoOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The instant of Shanghai local time `minutes` after midnight of `day`. */
export function shanghaiInstant(day: number, minutes: number): Date {
  return new Date(day * DAY_MS + minutes * 60_000 - SHANGHAI_OFFSET_MS);
}

/**
 * Base weight of each calendar month (Jan … Dec) for closed business: the quarter ends and Q4 are
 * strong (year-end budgets), summer is slack.
 */
const MONTH_WEIGHTS = [0.9, 0.85, 1.05, 0.95, 0.95, 1.1, 0.85, 0.85, 1.1, 1.05, 1.25, 1.5];

/**
 * Relative business activity on one day: month weight × Spring Festival dip (a trough around 春节:
 * the week before runs down, the holiday and the week after are near-dead, then a slow restart) ×
 * weekday pattern (Saturday 8 %, Sunday 4 % of a weekday).
 */
export function dayWeight(day: number, { weekdays = true }: { weekdays?: boolean } = {}): number {
  const d = new Date(day * DAY_MS);
  const year = d.getUTCFullYear();
  let w = MONTH_WEIGHTS[d.getUTCMonth()] as number;
  for (const y of [year, year + 1]) {
    const sf = SPRING_FESTIVAL[y];
    if (sf) {
      w *= springFestivalFactor(day - dayNumber(sf));
    }
  }
  if (weekdays) {
    const dow = d.getUTCDay();
    w *= dow === 6 ? 0.08 : dow === 0 ? 0.04 : 1;
  }
  return w;
}

/** Activity factor `offset` days after 春节 (negative: before). */
export function springFestivalFactor(offset: number): number {
  if (offset < -14 || offset > 24) {
    return 1;
  }
  if (offset < -7) {
    return 0.8;
  }
  if (offset < 0) {
    return 0.45;
  }
  if (offset <= 7) {
    return 0.05;
  }
  if (offset <= 14) {
    return 0.35;
  }
  return 0.7;
}

/** Samples days in [firstDay, lastDay] in proportion to `dayWeight` × an optional yearly growth. */
export interface DaySampler {
  firstDay: number;
  lastDay: number;
  sample(rng: Rng): number;
}

/**
 * A sampler over a range of days. `growthPerYear` tilts weight towards recent days (a company
 * that grows 15 % a year: 0.15).
 */
export function daySampler(
  firstDay: number,
  lastDay: number,
  { growthPerYear = 0, weekdays = true }: { growthPerYear?: number; weekdays?: boolean } = {},
): DaySampler {
  if (lastDay < firstDay) {
    throw new Error('empty day range');
  }
  const cumulative: number[] = [];
  let total = 0;
  for (let day = firstDay; day <= lastDay; day++) {
    total += dayWeight(day, { weekdays }) * (1 + growthPerYear) ** ((day - firstDay) / 365);
    cumulative.push(total);
  }
  return {
    firstDay,
    lastDay,
    sample: (rng) => firstDay + searchCumulative(cumulative, rng.next() * total),
  };
}

/**
 * Moves a weekend day to a random weekday of the same week unless a `keepWeekend` chance keeps it
 * (few activities happen on weekends).
 */
export function workday(day: number, rng: Rng, keepWeekend = 0.06): number {
  const dow = new Date(day * DAY_MS).getUTCDay();
  if ((dow === 6 || dow === 0) && rng.next() >= keepWeekend) {
    const monday = day - (dow === 6 ? 5 : 6);
    return monday + Math.floor(rng.next() * 5);
  }
  return day;
}

/** Minutes after midnight during office hours (8:30–19:00, busiest mid-morning and afternoon). */
export function officeMinutes(rng: Rng): number {
  const hours = [9, 9, 10, 10, 10, 11, 11, 13, 14, 14, 15, 15, 16, 16, 17, 18];
  const h = hours[Math.floor(rng.next() * hours.length)] as number;
  return h * 60 + Math.floor(rng.next() * 12) * 5;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
/** 'yyyy-mm-ddT' of each day number met so far (a few thousand days at most). */
const dayPrefix = new Map<number, string>();

/**
 * `new Date(ms).toISOString()` for instants from 1970 on, without a Date per call: the demo formats
 * a few million timestamps and Date's formatter was a fifth of the whole generation.
 */
export function isoInstant(ms: number): string {
  const t = Math.trunc(ms);
  if (!(t >= 0 && t < 253_402_300_800_000)) {
    return new Date(ms).toISOString();
  }
  const day = Math.floor(t / DAY_MS);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefix.set(day, prefix);
  }
  let rest = t - day * DAY_MS;
  const h = Math.floor(rest / 3_600_000);
  rest -= h * 3_600_000;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const s = Math.floor(rest / 1000);
  return `${prefix}${TWO_DIGITS[h]}:${TWO_DIGITS[m]}:${TWO_DIGITS[s]}.${THREE_DIGITS[rest - s * 1000]}Z`;
}
