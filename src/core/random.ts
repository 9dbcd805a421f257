/**
 * Seedable pseudo-random numbers for pure code: callers inject an `Rng`, tests fix the seed.
 * The generator is sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, PractRand-clean, period ≥ 2^32),
 * seeded through splitmix32 so that nearby seeds give unrelated streams.
 */

/** A source of uniform numbers in [0, 1). */
export interface Rng {
  next(): number;
}

/** An `Rng` that can also hand out raw 32-bit words (fast paths use them directly). */
export interface Rng32 extends Rng {
  nextUint32(): number;
}

const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

class Sfc32 implements Rng32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a | 0;
    this.b = b | 0;
    this.c = c | 0;
    this.d = d | 0;
    // The first outputs of sfc32 still echo the seed; the reference implementation discards 12.
    for (let i = 0; i < 12; i++) {
      this.nextUint32();
    }
  }

  nextUint32(): number {
    const a = this.a;
    const b = this.b;
    const c = this.c;
    const d = this.d;
    const t = (((a + b) | 0) + d) | 0;
    this.d = (d + 1) | 0;
    this.a = b ^ (b >>> 9);
    this.b = (c + (c << 3)) | 0;
    this.c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() * TWO_POW_MINUS_32;
  }
}

function splitmix32(state: number): [next: number, output: number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return [s, (z ^ (z >>> 16)) >>> 0];
}

/** Seedable sfc32 generator (seed expanded by splitmix32); same seed → same stream. */
export function createRng(seed: number): Rng32 {
  let state = Math.trunc(seed) | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(state);
    state = next;
    words.push(out);
  }
  // The high part of a large seed still matters: fold it into the fourth word.
  const high = Math.floor(Math.abs(seed) / 4294967296) | 0;
  return new Sfc32(words[0]!, words[1]!, words[2]!, (words[3]! ^ high) | 0);
}

/** Derive an independent child generator from a parent (for a sub-computation that needs its own stream). */
export function forkRng(parent: Rng): Rng32 {
  const w = () => Math.floor(parent.next() * 4294967296) | 0;
  return new Sfc32(w(), w(), w(), w());
}
