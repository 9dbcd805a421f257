import { Invalid, RuleViolated } from '../errors.ts';
import { assertAllocatableTotal, assertWeights } from './largest-remainder.ts';

/** One child of a constrained split. Floors, caps and fixed parts are integers in minor units. */
export interface ConstrainedChild {
  weight: number;
  /** Smallest part allowed (default 0). */
  floor?: number;
  /** Largest part allowed (default unbounded). */
  cap?: number;
  /** A manual part taken as is, before the others are split. */
  fixed?: number;
}

/** Why a child got what it got. */
export type PartStatus = 'fixed' | 'floor' | 'cap' | 'free';

export interface ConstrainedAllocation {
  parts: number[];
  status: PartStatus[];
  /** Exact (real-valued) share of each child before rounding. */
  exactShares: number[];
  /** What was left for the non-fixed children after the fixed parts. */
  remainder: number;
}

function checkBound(value: number | undefined, what: string): void {
  if (value !== undefined && value !== Number.POSITIVE_INFINITY) {
    assertAllocatableTotal(value, what);
  }
}

/**
 * Solves x_i = clamp(λ·w_i, floor_i, cap_i) with Σx = rest by iterative redistribution
 * (Bitran–Hax variable fixing): split proportionally among open children, then pin at their floor
 * the children below it if the floor shortfall outweighs the cap excess, else pin the capped ones,
 * and split again what is left. Each round pins at least one child, so it ends in ≤ n rounds.
 */
function solveExactShares(
  rest: number,
  weights: number[],
  floors: number[],
  caps: number[],
  open: number[],
  status: PartStatus[],
  shares: number[],
): void {
  let pinned = 0;
  let active = open.slice();
  for (;;) {
    let weightSum = 0;
    for (const i of active) {
      weightSum += weights[i]!;
    }
    const left = rest - pinned;
    if (active.length === 0 || weightSum === 0) {
      return;
    }
    const lambda = left / weightSum;
    let shortfall = 0;
    let excess = 0;
    for (const i of active) {
      const share = lambda * weights[i]!;
      if (share < floors[i]!) {
        shortfall += floors[i]! - share;
      } else if (share > caps[i]!) {
        excess += share - caps[i]!;
      }
    }
    if (shortfall === 0 && excess === 0) {
      for (const i of active) {
        shares[i] = lambda * weights[i]!;
        status[i] = 'free';
      }
      return;
    }
    const next: number[] = [];
    for (const i of active) {
      const share = lambda * weights[i]!;
      if (shortfall >= excess && share < floors[i]!) {
        shares[i] = floors[i]!;
        status[i] = 'floor';
        pinned += floors[i]!;
      } else if (excess >= shortfall && share > caps[i]!) {
        shares[i] = caps[i]!;
        status[i] = 'cap';
        pinned += caps[i]!;
      } else {
        next.push(i);
      }
    }
    active = next;
  }
}

/**
 * Splits a total with manual fixed parts first, then the rest by weight within floors and caps
 * (iterative redistribution), rounded by largest remainder; infeasible combinations throw saying why.
 */
export function allocateWithConstraints({
  total,
  children,
}: {
  total: number;
  children: readonly ConstrainedChild[];
}): ConstrainedAllocation {
  assertAllocatableTotal(total);
  assertWeights(children.map((child) => child.weight));
  const n = children.length;
  const floors = children.map((child) => child.floor ?? 0);
  const caps = children.map((child) => child.cap ?? Number.POSITIVE_INFINITY);
  const weights = children.map((child) => child.weight);
  const status = new Array<PartStatus>(n).fill('free');
  const shares = new Array<number>(n).fill(0);
  let fixedSum = 0;
  const open: number[] = [];
  children.forEach((child, i) => {
    checkBound(child.floor, `children[${i}].floor`);
    checkBound(child.cap, `children[${i}].cap`);
    if (floors[i]! > caps[i]!) {
      throw new RuleViolated(`children[${i}] has floor ${floors[i]} above its cap ${caps[i]}`);
    }
    if (child.fixed !== undefined) {
      assertAllocatableTotal(child.fixed, `children[${i}].fixed`);
      if (child.fixed < floors[i]! || child.fixed > caps[i]!) {
        throw new RuleViolated(
          `children[${i}] is fixed at ${child.fixed}, outside its floor/cap ${floors[i]}–${caps[i]}`,
        );
      }
      status[i] = 'fixed';
      shares[i] = child.fixed;
      fixedSum += child.fixed;
    } else if (weights[i] === 0) {
      // A zero weight asks for nothing beyond its floor.
      status[i] = 'floor';
      shares[i] = floors[i]!;
    } else {
      open.push(i);
    }
  });
  if (fixedSum > total) {
    throw new RuleViolated(`fixed parts add up to ${fixedSum}, more than the total ${total}`);
  }
  const rest = total - fixedSum;
  let floorSum = 0;
  let capacity = 0;
  for (let i = 0; i < n; i++) {
    if (status[i] === 'fixed') {
      continue;
    }
    floorSum += floors[i]!;
    capacity += status[i] === 'floor' ? floors[i]! : caps[i]!;
  }
  if (floorSum > rest) {
    throw new RuleViolated(`floors add up to ${floorSum}, more than the ${rest} left after fixed parts`);
  }
  if (capacity < rest) {
    throw new RuleViolated(
      `caps (and the floors of zero-weight children) hold at most ${capacity}, less than the ${rest} to place`,
    );
  }
  const zeroWeightFloors = floorSum - open.reduce((acc, i) => acc + floors[i]!, 0);
  solveExactShares(rest - zeroWeightFloors, weights, floors, caps, open, status, shares);
  return {
    parts: roundWithinBounds(rest, shares, status, floors, caps, children),
    status,
    exactShares: shares,
    remainder: rest,
  };
}

/**
 * Largest-remainder rounding of the free shares: pinned children keep their integer value, free ones
 * get floor(share) clamped to their bounds, and the units left go to the largest fractional parts.
 */
function roundWithinBounds(
  rest: number,
  shares: number[],
  status: PartStatus[],
  floors: number[],
  caps: number[],
  children: readonly ConstrainedChild[],
): number[] {
  const parts = shares.map((share, i) => {
    if (status[i] !== 'free') {
      return share;
    }
    return Math.min(caps[i]!, Math.max(floors[i]!, Math.floor(share)));
  });
  let left = rest;
  parts.forEach((part, i) => {
    if (status[i] !== 'fixed') {
      left -= part;
    }
  });
  const free = parts.map((_, i) => i).filter((i) => status[i] === 'free');
  free.sort((a, b) => shares[b]! - parts[b]! - (shares[a]! - parts[a]!) || a - b);
  while (left !== 0) {
    let moved = false;
    for (const i of left > 0 ? free : [...free].reverse()) {
      if (left > 0 && parts[i]! < caps[i]!) {
        parts[i] = parts[i]! + 1;
        left--;
        moved = true;
      } else if (left < 0 && parts[i]! > floors[i]!) {
        parts[i] = parts[i]! - 1;
        left++;
        moved = true;
      }
      if (left === 0) {
        break;
      }
    }
    if (!moved) {
      throw new Invalid(`could not round ${children.length} shares to integers within their bounds`);
    }
  }
  return parts;
}
