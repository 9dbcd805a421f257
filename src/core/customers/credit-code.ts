/** The 31 characters of GB 32100-2015 (no I, O, Z, S, V), in value order 0…30. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights of positions 1–17 (3^(i-1) mod 31). */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * 统一社会信用代码 check per GB 32100-2015: 18 characters from the 31-character set; the 18th is
 * 31 − (Σ value(i)·weight(i) mod 31), with 31 written as 0. Returns the reason it fails, or null.
 * Input is upper-cased and trimmed by the caller (see `normaliseCreditCode`).
 */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) {
    return 'must be 18 characters';
  }
  let sum = 0;
  for (let i = 0; i < 18; i++) {
    const v = CHARSET.indexOf(code[i] as string);
    if (v < 0) {
      return `character ${i + 1} ("${code[i]}") is not allowed (I, O, Z, S and V never appear)`;
    }
    if (i < 17) {
      sum += v * (WEIGHTS[i] as number);
    }
  }
  const expected = (31 - (sum % 31)) % 31;
  if (CHARSET[expected] !== code[17]) {
    return `check character should be ${CHARSET[expected]}, not ${code[17]}`;
  }
  return null;
}

/** Trims, removes inner spaces and upper-cases a credit code as typed (full-width folded too). */
export function normaliseCreditCode(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}
