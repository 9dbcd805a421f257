/**
 * Mobile numbers: mainland China (11 digits starting 13–19, optional +86) or international E.164.
 * Returns the normalised form (spaces and dashes removed) or null when invalid.
 */
export function normaliseMobile(input: string): string | null {
  const s = input.replace(/[\s-]/g, '');
  if (/^(\+86)?1[3-9]\d{9}$/.test(s)) {
    return s.startsWith('+86') ? s.slice(3) : s;
  }
  if (/^\+[1-9]\d{6,14}$/.test(s)) {
    return s;
  }
  return null;
}
