import { performance } from 'node:perf_hooks';
import {
  allocateByWeights,
  computeSeasonalityIndices,
  computeWeekWeights,
  splitTotalsAcrossPeriods,
  splitTwoWay,
} from '../src/core/allocation/index.ts';
import { createChinaMainlandCalendar, isoWeekRange } from '../src/core/calendar/index.ts';
import type { BenchResult } from './types.ts';

const REPS = 1000;
const PRODUCTS = 10;
const YEAR_TOTAL = 12_000_000_000; // 120 million yuan in fen
const RUNS = 7;
const GOAL_MS = 1000;

/** Deterministic pseudo-random numbers (mulberry32), so every run decomposes the same data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function buildInputs() {
  const random = seededRandom(20250101);
  const repWeights = Array.from({ length: REPS }, () => 0.2 + random() * 2);
  const productWeights = Array.from({ length: PRODUCTS }, () => 0.5 + random());
  const seed = new Float64Array(REPS * PRODUCTS);
  for (let k = 0; k < seed.length; k++) {
    // About 5 % structural zeros: a rep who never sold a line gets none of it.
    seed[k] = random() < 0.05 ? 0 : 1000 + random() * 100_000;
  }
  for (let r = 0; r < REPS; r++) {
    seed[r * PRODUCTS] = Math.max(seed[r * PRODUCTS]!, 1);
  }
  for (let c = 0; c < PRODUCTS; c++) {
    seed[c] = Math.max(seed[c]!, 1);
  }
  const history = [2022, 2023, 2024].map((year) => ({
    year,
    months: Array.from(
      { length: 12 },
      (_, m) => (m === 11 ? 1.6 : m === 1 ? 0.6 : 1) * (900 + random() * 200),
    ),
  }));
  return { repWeights, productWeights, seed, history };
}

/** One full decomposition: year → reps and product lines (margins), rep × product (IPF + rounding), cell × 52 weeks. */
function decompose(
  inputs: ReturnType<typeof buildInputs>,
  calendar: ReturnType<typeof createChinaMainlandCalendar>,
) {
  const rowTotals = allocateByWeights({ total: YEAR_TOTAL, weights: inputs.repWeights });
  const colTotals = allocateByWeights({ total: YEAR_TOTAL, weights: inputs.productWeights });
  const cells = splitTwoWay({
    seed: { rows: REPS, cols: PRODUCTS, values: inputs.seed },
    rowTotals,
    colTotals,
  });
  const { indices } = computeSeasonalityIndices(inputs.history);
  const { weights } = computeWeekWeights({
    from: isoWeekRange(2025, 1).from,
    to: isoWeekRange(2025, 52).to,
    calendar,
    seasonality: indices,
  });
  const weeks = splitTotalsAcrossPeriods({ totals: cells.parts, weights });
  return { rowTotals, colTotals, cells, weeks, weekCount: weights.length };
}

function check(result: ReturnType<typeof decompose>): void {
  let total = 0;
  for (const value of result.weeks) {
    total += value;
  }
  if (result.weekCount !== 52 || total !== YEAR_TOTAL || !result.cells.converged) {
    throw new Error(`decomposition is wrong: ${result.weekCount} weeks, total ${total}`);
  }
}

export async function run(): Promise<BenchResult[]> {
  const inputs = buildInputs();
  const calendar = createChinaMainlandCalendar();
  check(decompose(inputs, calendar)); // warm-up, and proof that the parts add up
  const times: number[] = [];
  let iterations = 0;
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    const result = decompose(inputs, calendar);
    times.push(performance.now() - start);
    iterations = result.cells.iterations;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)]!;
  return [
    {
      section: 'Core: target decomposition',
      name: `one year's target → 1,000 reps × 10 product lines (IPF, ${iterations} iterations, + controlled rounding) → 52 weeks by seasonality × working days`,
      command: 'npm run bench',
      dataSize: '1,000 reps × 10 product lines × 52 weeks = 520,000 integer cells',
      figure: `${median.toFixed(1)} ms (median of ${RUNS})`,
      yardstick: `goal ${GOAL_MS.toLocaleString('en-US')} ms`,
      ratio: `${(median / GOAL_MS).toFixed(2)}×`,
      goalMet: median < GOAL_MS,
    },
  ];
}
