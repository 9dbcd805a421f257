/** Options for the Nelder–Mead search. */
export interface NelderMeadOptions {
  /** Initial simplex step per coordinate (default 0.1). */
  step?: number;
  /** Stop when the simplex's objective spread falls below this (default 1e-10, relative). */
  tolerance?: number;
  /** Maximum objective evaluations (default 2,000). */
  maxEvaluations?: number;
}

/** Minimum found and its objective value. */
export interface NelderMeadResult {
  point: number[];
  value: number;
  evaluations: number;
}

/** Minimise `f` by the Nelder–Mead simplex method (Nelder & Mead 1965; standard coefficients 1, 2, ½, ½). */
export function minimiseNelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const step = options.step ?? 0.1;
  const tolerance = options.tolerance ?? 1e-10;
  const maxEvaluations = options.maxEvaluations ?? 2000;
  const dim = start.length;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };
  const simplex: { x: number[]; v: number }[] = [{ x: [...start], v: evaluate([...start]) }];
  for (let i = 0; i < dim; i++) {
    const x = [...start];
    x[i]! += step;
    simplex.push({ x, v: evaluate(x) });
  }
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[dim]!;
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + 1e-30)) {
      break;
    }
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        centroid[j]! += simplex[i]!.x[j]! / dim;
      }
    }
    const along = (t: number) => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const reflected = along(-1);
    const vr = evaluate(reflected);
    if (vr < best.v) {
      const expanded = along(-2);
      const ve = evaluate(expanded);
      simplex[dim] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
      continue;
    }
    if (vr < simplex[dim - 1]!.v) {
      simplex[dim] = { x: reflected, v: vr };
      continue;
    }
    const contracted = vr < worst.v ? along(-0.5) : along(0.5);
    const vc = evaluate(contracted);
    if (vc < Math.min(vr, worst.v)) {
      simplex[dim] = { x: contracted, v: vc };
      continue;
    }
    for (let i = 1; i <= dim; i++) {
      const x = simplex[i]!.x.map((xi, j) => best.x[j]! + 0.5 * (xi - best.x[j]!));
      simplex[i] = { x, v: evaluate(x) };
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { point: simplex[0]!.x, value: simplex[0]!.v, evaluations };
}
