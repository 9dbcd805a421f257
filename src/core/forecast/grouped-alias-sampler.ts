import { forkRng, type Rng, type Rng32 } from '../random.ts';

/**
 * Grouped alias sampling of Σ amountᵢ·Bᵢ with independent Bᵢ ~ Bernoulli(qᵢ), once per trial (the
 * independent Monte Carlo of period revenue). Exact in distribution; cost ≈ trials · n / k table draws.
 *
 * Deals are cut into groups of k (= 8). A group's 2^k outcomes (which of its deals land) have total
 * Σ aᵢ·bᵢ and probability Π qᵢ^bᵢ·(1 − qᵢ)^(1 − bᵢ), enumerated by doubling. A Walker alias table
 * (built by Vose's method) over the 2^k outcomes turns one uniform into one outcome: entry e is picked
 * uniformly, then kept with probability T_e or replaced by its alias. Each draw takes 16 bits of an sfc32
 * word, so one word serves two groups: the top k bits pick e, the low b = 16 − k bits f are the uniform
 * for the threshold, compared with ⌊T_e·2^b⌋. Only when f equals that integer part (chance 2^−b) do more
 * bits matter; then a separate stream supplies the uniform's next 32 bits and decides against the
 * fractional part. So every outcome's probability is honoured to about 2^−(k + b + 32) = 2^−48, far
 * beyond double rounding of the enumeration itself — no quantisation of small probabilities.
 *
 * Memory and order: tables for 16 groups at a time (16 × 256 entries, ≈ 80 kB) are built, then swept
 * over all trials with the trial's running total in a register, so the tables stay in L1/L2 and the
 * 10,000-trial accumulator is read and written sequentially once per 16 groups.
 */

/** One or more groups' alias tables, stored contiguously (entry e of group g sits at g·2^k + e). */
export interface GroupAliasTables {
  /** Deals per group (k); each group has 2^k entries. */
  groupSize: number;
  /** Bits b of the uniform compared with a threshold (the draw uses k + b bits). */
  fractionBits: number;
  /** Integer part of T_e·2^b: the low bits of the draw below it keep entry e. */
  threshold: Int32Array;
  /** Fractional part of T_e·2^b, used only when the low bits equal `threshold`. */
  remainder: Float64Array;
  /** Outcome totals: [2e] the entry's own outcome, [2e + 1] its alias's outcome (minor units). */
  value: Float64Array;
}

/** Allocate tables for `groups` groups of `groupSize` deals. */
export function allocateGroupAliasTables(
  groupSize: number,
  groups: number,
  fractionBits: number,
): GroupAliasTables {
  const entries = groups << groupSize;
  return {
    groupSize,
    fractionBits,
    threshold: new Int32Array(entries),
    remainder: new Float64Array(entries),
    value: new Float64Array(2 * entries),
  };
}

/** Scratch space for `fillGroupAliasTable` (reused across groups to keep the build allocation-free). */
export interface AliasScratch {
  probability: Float64Array;
  amount: Float64Array;
  scaled: Float64Array;
  small: Int32Array;
  large: Int32Array;
  alias: Int32Array;
}

/** Scratch buffers for groups of `groupSize` deals. */
export function allocateAliasScratch(groupSize: number): AliasScratch {
  const n = 1 << groupSize;
  return {
    probability: new Float64Array(n),
    amount: new Float64Array(n),
    scaled: new Float64Array(n),
    small: new Int32Array(n),
    large: new Int32Array(n),
    alias: new Int32Array(n),
  };
}

/**
 * Enumerate the outcomes of one group: outcome m (bit i set ⇔ deal i lands) has total Σ amounts[i]
 * and probability Π q or (1 − q). Deals past `count` (a short last group) are padded as never landing.
 */
export function enumerateGroupOutcomes(
  amounts: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  start: number,
  count: number,
  groupSize: number,
  outAmount: Float64Array,
  outProbability: Float64Array,
): void {
  outAmount[0] = 0;
  outProbability[0] = 1;
  for (let i = 0; i < groupSize; i++) {
    const half = 1 << i;
    const q = i < count ? probabilities[start + i]! : 0;
    const a = i < count ? amounts[start + i]! : 0;
    const miss = 1 - q;
    for (let m = 0; m < half; m++) {
      const pm = outProbability[m]!;
      outAmount[m + half] = outAmount[m]! + a;
      outProbability[m + half] = pm * q;
      outProbability[m] = pm * miss;
    }
  }
}

/**
 * Build group `group`'s alias table (Vose 1991) from the deals [start, start + count) into `tables`.
 * Probabilities are those of `enumerateGroupOutcomes`; amounts are integer minor units.
 */
export function fillGroupAliasTable(
  amounts: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  start: number,
  count: number,
  tables: GroupAliasTables,
  group: number,
  scratch: AliasScratch,
): void {
  const k = tables.groupSize;
  const n = 1 << k;
  const { probability, amount, scaled, small, large, alias } = scratch;
  enumerateGroupOutcomes(amounts, probabilities, start, count, k, amount, probability);
  let total = 0;
  for (let m = 0; m < n; m++) {
    total += probability[m]!;
  }
  // Σ probability is 1 up to rounding; normalising makes the table's masses sum to exactly n.
  const norm = n / total;
  let ns = 0;
  let nl = 0;
  for (let m = 0; m < n; m++) {
    const s = probability[m]! * norm;
    scaled[m] = s;
    alias[m] = m;
    if (s < 1) {
      small[ns++] = m;
    } else {
      large[nl++] = m;
    }
  }
  while (ns > 0 && nl > 0) {
    const l = small[--ns]!;
    const g = large[nl - 1]!;
    alias[l] = g;
    const rest = scaled[g]! + scaled[l]! - 1;
    scaled[g] = rest;
    if (rest < 1) {
      nl--;
      small[ns++] = g;
    }
  }
  // Whatever is left is 1 up to rounding: keep itself always.
  while (nl > 0) {
    scaled[large[--nl]!] = 1;
  }
  while (ns > 0) {
    scaled[small[--ns]!] = 1;
  }
  const scale = 2 ** tables.fractionBits;
  const offset = group << k;
  const { threshold, remainder, value } = tables;
  for (let m = 0; m < n; m++) {
    const t = scaled[m]! * scale;
    const whole = Math.floor(t);
    threshold[offset + m] = whole;
    remainder[offset + m] = t - whole;
    value[2 * (offset + m)] = amount[m]!;
    value[2 * (offset + m) + 1] = amount[alias[m]!]!;
  }
}

/**
 * The distribution a group's alias table samples from: mass[m] = Σ over entries of the share of the
 * uniform that ends on outcome m. Used by tests to check the table against brute-force enumeration.
 */
export function aliasTableMasses(tables: GroupAliasTables, group: number): Map<number, number> {
  const k = tables.groupSize;
  const n = 1 << k;
  const scale = 2 ** tables.fractionBits;
  const masses = new Map<number, number>();
  const add = (v: number, p: number) => masses.set(v, (masses.get(v) ?? 0) + p);
  for (let m = 0; m < n; m++) {
    const e = (group << k) + m;
    const keep = (tables.threshold[e]! + tables.remainder[e]!) / scale;
    add(tables.value[2 * e]!, keep / n);
    add(tables.value[2 * e + 1]!, (1 - keep) / n);
  }
  return masses;
}

function seedWord(rng: Rng): number {
  return Math.floor(rng.next() * 4294967296) | 0;
}

/** Deals per group (k): 2^k table entries per group, n/k draws per trial. */
export const GROUP_SIZE = 8;
/** Groups whose tables are built and then sampled together in one sweep over the trials (even). */
const GROUPS_PER_PASS = 16;
/** Bits of uniform per draw: one 32-bit word serves two groups (k bits of entry, 16 − k of threshold). */
const DRAW_BITS = 16;
const K = GROUP_SIZE;
const BITS = DRAW_BITS - GROUP_SIZE;
const MASK = (1 << BITS) - 1;

/**
 * Add to `acc[t]` (t < trials) one independent draw of Σ amounts[i]·Bernoulli(probabilities[i]) per trial,
 * by grouped alias sampling (see the module doc). Probabilities lie in [0, 1]; amounts are integers.
 * Same `rng` state → same result.
 */
export function sampleGroupedBernoulliSums(
  amounts: ArrayLike<number>,
  probabilities: ArrayLike<number>,
  acc: Float64Array,
  trials: number,
  rng: Rng,
): void {
  const deals = amounts.length;
  if (deals === 0) {
    return;
  }
  // Groups go in pairs (one word per pair); an odd count gets an empty group, whose only outcome is 0.
  const groups = (Math.ceil(deals / K) + 1) & ~1;
  const perPass = Math.min(groups, GROUPS_PER_PASS);
  const tables = allocateGroupAliasTables(K, perPass, BITS);
  const scratch = allocateAliasScratch(K);
  // Main stream: sfc32 as in ../random.ts, carried between passes in `state`; ties use a forked stream.
  const state = new Int32Array([seedWord(rng), seedWord(rng), seedWord(rng), seedWord(rng) | 1]);
  const tie = forkRng(rng);
  for (let i = 0; i < 12; i++) {
    advance(state);
  }
  for (let first = 0; first < groups; first += perPass) {
    const passGroups = Math.min(perPass, groups - first);
    for (let g = 0; g < passGroups; g++) {
      const start = (first + g) * K;
      const count = Math.max(0, Math.min(K, deals - start));
      fillGroupAliasTable(amounts, probabilities, start, count, tables, g, scratch);
    }
    sweepTrials(acc, trials, passGroups, tables, state, tie);
  }
}

function advance(state: Int32Array): void {
  const a = state[0]!;
  const b = state[1]!;
  const c = state[2]!;
  const d = state[3]!;
  const w = (((a + b) | 0) + d) | 0;
  state[3] = (d + 1) | 0;
  state[0] = b ^ (b >>> 9);
  state[1] = (c + (c << 3)) | 0;
  state[2] = (((c << 21) | (c >>> 11)) + w) | 0;
}

/**
 * The hot loop: for every trial, one draw from each of the pass's groups (two per 32-bit word; tables
 * of `GROUP_SIZE`-deal groups with 16 − GROUP_SIZE fraction bits). `state` is the sfc32 state, advanced
 * in place. It is its own function, called once per pass, so V8 optimises it as a whole function early
 * instead of running a slower on-stack-replacement version for the whole first simulation.
 * Exported for tests only.
 */
export function sweepTrials(
  acc: Float64Array,
  trials: number,
  passGroups: number,
  tables: GroupAliasTables,
  state: Int32Array,
  tie: Rng32,
): void {
  const { threshold, remainder, value } = tables;
  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  for (let t = 0; t < trials; t++) {
    let sum = acc[t]!;
    for (let g = 0; g < passGroups; g += 2) {
      const w = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (((c << 21) | (c >>> 11)) + w) | 0;
      // High half → group g, low half → group g + 1. In each half the top k bits pick the entry e and
      // the low bits f are the uniform compared with e's threshold.
      const hi = w >>> DRAW_BITS;
      const e1 = (g << K) + (hi >>> BITS);
      const f1 = hi & MASK;
      const th1 = threshold[e1]!;
      // 1 (take the alias) iff f ≥ th; both lie in [0, 2^bits], so the sign bit of th − 1 − f says it.
      let s1 = (th1 - 1 - f1) >>> 31;
      if (f1 === th1) {
        // f ties with the threshold's integer part (chance 2^−bits): the next bits of the uniform decide.
        s1 = tie.next() < remainder[e1]! ? 0 : 1;
      }
      const lo = w & 0xffff;
      const e2 = ((g + 1) << K) + (lo >>> BITS);
      const f2 = lo & MASK;
      const th2 = threshold[e2]!;
      let s2 = (th2 - 1 - f2) >>> 31;
      if (f2 === th2) {
        s2 = tie.next() < remainder[e2]! ? 0 : 1;
      }
      sum += value[2 * e1 + s1]! + value[2 * e2 + s2]!;
    }
    acc[t] = sum;
  }
  state[0] = a;
  state[1] = b;
  state[2] = c;
  state[3] = d;
}
