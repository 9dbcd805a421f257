/** One measured figure for docs/benchmarks.md. */
export interface BenchResult {
  /** Section heading, e.g. "Core: Monte Carlo forecast". */
  section: string;
  /** What was measured, e.g. "10,000 trials over 100,000 open deals". */
  name: string;
  /** The command that reproduces it. */
  command: string;
  /** Data size in words, e.g. "100,000 deals". */
  dataSize: string;
  /** The figure, with unit, e.g. "612 ms (median of 5)". */
  figure: string;
  /** The yardstick it is compared with, e.g. "goal 1,000 ms" or "plain SQL 3.1 ms". */
  yardstick: string;
  /** figure / yardstick, e.g. "0.61×". */
  ratio: string;
  /** Whether the goal is met, when there is one. */
  goalMet?: boolean;
}

/** A bench module exports `run` returning its results; bench/run.ts collects them into docs/benchmarks.md. */
export type BenchModule = { run: () => Promise<BenchResult[]> };
