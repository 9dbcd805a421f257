import type { Rng32 } from '../random.ts';

/**
 * Tables of the 256-layer ziggurat for the standard exponential distribution (Marsaglia & Tsang 2000,
 * "The Ziggurat Method for Generating Random Variables", J. Stat. Software 5(8), `zigset`/`REXP`).
 * The fast path is one 32-bit word, one comparison and one multiplication, and it is taken about
 * 99 % of the time; that is why the Monte Carlo inlines it instead of calling `Math.log` per draw
 * (V8's `Math.log` costs ~10 ns here, the whole fast path ~1 ns).
 */
export interface ExponentialZiggurat {
  /** Acceptance thresholds, compared with the unsigned 32-bit word. */
  ke: Float64Array;
  /** Scale factors: the candidate value is `word × we[layer]`. */
  we: Float64Array;
  /** Density at the layer edges. */
  fe: Float64Array;
}

const TWO_POW_32 = 4294967296;
const TAIL_START = 7.69711747013105;

/** Build the exponential ziggurat tables (Marsaglia & Tsang 2000, `zigset`). */
export function buildExponentialZiggurat(): ExponentialZiggurat {
  const ke = new Float64Array(256);
  const we = new Float64Array(256);
  const fe = new Float64Array(256);
  let de = 7.697117470131487;
  let te = de;
  const ve = 3.949659822581572e-3;
  const q = ve / Math.exp(-de);
  ke[0] = (de / q) * TWO_POW_32;
  ke[1] = 0;
  we[0] = q / TWO_POW_32;
  we[255] = de / TWO_POW_32;
  fe[0] = 1;
  fe[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de));
    ke[i + 1] = (de / te) * TWO_POW_32;
    te = de;
    fe[i] = Math.exp(-de);
    we[i] = de / TWO_POW_32;
  }
  return { ke, we, fe };
}

/** The shared tables (pure data, built once). */
export const EXPONENTIAL_ZIGGURAT: ExponentialZiggurat = buildExponentialZiggurat();

/**
 * Ziggurat slow path (`efix` in Marsaglia & Tsang 2000): called when `word` missed the fast test
 * of layer `layer`. Extra randomness comes from `rng`, a stream separate from the caller's fast one.
 */
export function sampleExponentialSlow(word: number, layer: number, rng: Rng32): number {
  const { ke, we, fe } = EXPONENTIAL_ZIGGURAT;
  let jz = word;
  let iz = layer;
  for (;;) {
    if (iz === 0) {
      return TAIL_START - Math.log(1 - rng.next());
    }
    const x = jz * we[iz]!;
    if (fe[iz]! + rng.next() * (fe[iz - 1]! - fe[iz]!) < Math.exp(-x)) {
      return x;
    }
    jz = rng.nextUint32();
    iz = jz & 255;
    if (jz < ke[iz]!) {
      return jz * we[iz]!;
    }
  }
}

/** One standard exponential variate by the ziggurat (Marsaglia & Tsang 2000). */
export function sampleExponential(rng: Rng32): number {
  const jz = rng.nextUint32();
  const iz = jz & 255;
  if (jz < EXPONENTIAL_ZIGGURAT.ke[iz]!) {
    return jz * EXPONENTIAL_ZIGGURAT.we[iz]!;
  }
  return sampleExponentialSlow(jz, iz, rng);
}
