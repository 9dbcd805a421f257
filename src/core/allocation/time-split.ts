import {
  fromDayNumber,
  type IsoDate,
  isoWeekdayOfDayNumber,
  monthDayNumbers,
  partsFromDayNumber,
  toDayNumber,
} from '../calendar/calendar-date.ts';
import { type FiscalYearNaming, fiscalYearMonths, isoWeekOfDayNumber } from '../calendar/periods.ts';
import {
  type CalendarCoverage,
  checkCoverage,
  isWorkingDayNumber,
  type WorkingCalendar,
} from '../calendar/working-calendar.ts';
import { Invalid } from '../errors.ts';
import { assertAllocatableTotal, hamiltonInto } from './largest-remainder.ts';

export interface MonthSplit {
  year: number;
  month: number;
  /** Quarter of the (fiscal) year, 1–4. */
  quarter: number;
  workingDays: number;
  seasonality: number;
  amount: number;
}

/** The part of an ISO week that falls inside one month. */
export interface WeekPiece {
  year: number;
  month: number;
  from: IsoDate;
  to: IsoDate;
  workingDays: number;
  amount: number;
}

export interface WeekSplit {
  /** ISO week label, e.g. '2025-W05'. */
  label: string;
  /** Days of the week inside the split period (first and last week may be partial). */
  from: IsoDate;
  to: IsoDate;
  workingDays: number;
  amount: number;
  /** One piece per month the week touches; a straddling week has two. */
  pieces: WeekPiece[];
}

export interface DaySplit {
  date: IsoDate;
  working: boolean;
  amount: number;
}

export interface YearSplit {
  total: number;
  from: IsoDate;
  to: IsoDate;
  quarters: Array<{ quarter: number; workingDays: number; amount: number }>;
  months: MonthSplit[];
  weeks: WeekSplit[];
  days: DaySplit[];
  coverage: CalendarCoverage;
}

function checkSeasonality(seasonality: readonly number[]): void {
  if (seasonality.length !== 12 || seasonality.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new Invalid('seasonality must be 12 finite indices ≥ 0, January … December');
  }
}

function split(total: number, weights: readonly number[]): number[] {
  const parts = new Array<number>(weights.length).fill(0);
  if (total > 0 && !weights.some((weight) => weight > 0)) {
    throw new Invalid(`cannot place ${total} in a period without working days`);
  }
  hamiltonInto(total, weights, parts);
  return parts;
}

/**
 * SMART target split year → quarter → month → week → day (002 text): month weight = seasonality index ×
 * working days (调休 workdays count); each level is split by largest remainder from the level above,
 * so every level adds up exactly. A week straddling two months gets one piece per month, split by the
 * working days inside each; days get equal shares of their piece, non-working days 0.
 */
export function splitYearTarget({
  total,
  year,
  calendar,
  seasonality = new Array<number>(12).fill(1),
  fiscalFirstMonth = 1,
  naming = 'start-year',
}: {
  total: number;
  /** Calendar year, or fiscal year named per `naming` when `fiscalFirstMonth` is not January. */
  year: number;
  calendar: WorkingCalendar;
  /** Monthly indices January … December (see computeSeasonalityIndices); default flat. */
  seasonality?: readonly number[];
  fiscalFirstMonth?: number;
  naming?: FiscalYearNaming;
}): YearSplit {
  assertAllocatableTotal(total);
  checkSeasonality(seasonality);
  const monthList = fiscalYearMonths({ fiscalYear: year, firstMonth: fiscalFirstMonth, naming });
  const ranges = monthList.map(({ year: y, month }) => monthDayNumbers(y, month));
  const firstDay = ranges[0]!.first;
  const lastDay = ranges[11]!.last;
  const working = new Uint8Array(lastDay - firstDay + 1);
  for (let day = firstDay; day <= lastDay; day++) {
    working[day - firstDay] = isWorkingDayNumber(calendar, day) ? 1 : 0;
  }
  const countWorking = (from: number, to: number) => {
    let count = 0;
    for (let day = from; day <= to; day++) {
      count += working[day - firstDay]!;
    }
    return count;
  };
  const monthWorking = ranges.map(({ first, last }) => countWorking(first, last));
  const monthWeights = monthList.map(({ month }, i) => seasonality[month - 1]! * monthWorking[i]!);
  const quarterWeights = [0, 1, 2, 3].map((q) =>
    monthWeights.slice(q * 3, q * 3 + 3).reduce((a, b) => a + b, 0),
  );
  const quarterAmounts = split(total, quarterWeights);
  const monthAmounts = quarterAmounts.flatMap((amount, q) =>
    split(amount, monthWeights.slice(q * 3, q * 3 + 3)),
  );

  const months: MonthSplit[] = monthList.map(({ year: y, month }, i) => ({
    year: y,
    month,
    quarter: Math.floor(i / 3) + 1,
    workingDays: monthWorking[i]!,
    seasonality: seasonality[month - 1]!,
    amount: monthAmounts[i]!,
  }));
  const weeks: WeekSplit[] = [];
  const days: DaySplit[] = [];
  ranges.forEach(({ first, last }, i) => {
    // Cut the month at each Monday into week pieces.
    const pieceBounds: Array<[number, number]> = [];
    for (let start = first; start <= last; ) {
      const end = Math.min(last, start + 7 - isoWeekdayOfDayNumber(start));
      pieceBounds.push([start, end]);
      start = end + 1;
    }
    const pieceWorking = pieceBounds.map(([from, to]) => countWorking(from, to));
    const pieceAmounts = split(monthAmounts[i]!, pieceWorking);
    pieceBounds.forEach(([from, to], p) => {
      const piece: WeekPiece = {
        year: months[i]!.year,
        month: months[i]!.month,
        from: fromDayNumber(from),
        to: fromDayNumber(to),
        workingDays: pieceWorking[p]!,
        amount: pieceAmounts[p]!,
      };
      const label = isoWeekOfDayNumber(from).label;
      const previous = weeks[weeks.length - 1];
      if (previous && previous.label === label) {
        previous.to = piece.to;
        previous.workingDays += piece.workingDays;
        previous.amount += piece.amount;
        previous.pieces.push(piece);
      } else {
        weeks.push({
          label,
          from: piece.from,
          to: piece.to,
          workingDays: piece.workingDays,
          amount: piece.amount,
          pieces: [piece],
        });
      }
      const dayFlags = Array.from(working.subarray(from - firstDay, to - firstDay + 1));
      const dayAmounts = split(piece.amount, dayFlags);
      dayFlags.forEach((flag, d) => {
        days.push({ date: fromDayNumber(from + d), working: flag === 1, amount: dayAmounts[d]! });
      });
    });
  });
  const quarters = quarterAmounts.map((amount, q) => ({
    quarter: q + 1,
    workingDays: monthWorking.slice(q * 3, q * 3 + 3).reduce((a, b) => a + b, 0),
    amount,
  }));
  const from = fromDayNumber(firstDay);
  const to = fromDayNumber(lastDay);
  return { total, from, to, quarters, months, weeks, days, coverage: checkCoverage(calendar, from, to) };
}

/**
 * Week weights for a date range: Σ over the week's working days of their month's seasonality index,
 * i.e. the same shares the month-then-piece split gives, in one step for bulk use.
 */
export function computeWeekWeights({
  from,
  to,
  calendar,
  seasonality = new Array<number>(12).fill(1),
}: {
  from: IsoDate;
  to: IsoDate;
  calendar: WorkingCalendar;
  seasonality?: readonly number[];
}): { labels: string[]; weights: Float64Array; coverage: CalendarCoverage } {
  checkSeasonality(seasonality);
  const first = toDayNumber(from);
  const last = toDayNumber(to);
  if (last < first) {
    throw new Invalid(`date range ends (${to}) before it starts (${from})`);
  }
  const labels: string[] = [];
  const weights: number[] = [];
  for (let day = first; day <= last; day++) {
    const label = isoWeekOfDayNumber(day).label;
    if (labels[labels.length - 1] !== label) {
      labels.push(label);
      weights.push(0);
    }
    if (isWorkingDayNumber(calendar, day)) {
      const w = weights.length - 1;
      weights[w] = weights[w]! + seasonality[partsFromDayNumber(day).month - 1]!;
    }
  }
  return { labels, weights: Float64Array.from(weights), coverage: checkCoverage(calendar, from, to) };
}

/**
 * Splits many totals over the same period weights by largest remainder (one row per total), into
 * one flat Float64Array of totals.length × weights.length integers; each row adds up to its total.
 */
export function splitTotalsAcrossPeriods({
  totals,
  weights,
}: {
  totals: ArrayLike<number>;
  weights: Float64Array;
}): Float64Array {
  const width = weights.length;
  const out = new Float64Array(totals.length * width);
  const scratch = { fractions: new Float64Array(width), order: new Int32Array(width) };
  for (let i = 0; i < totals.length; i++) {
    const total = totals[i]!;
    assertAllocatableTotal(total, `totals[${i}]`);
    hamiltonInto(total, weights, out.subarray(i * width, (i + 1) * width), scratch);
  }
  return out;
}
