/** Minimum password length (issue 2: length ≥ 10). */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/**
 * Password rules: at least 10 characters, at most 200, and not the e-mail address (nor its part
 * before the @), compared case-insensitively. Returns the reason it fails, or null when it passes.
 */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  }
  const p = password.trim().toLowerCase();
  const e = email.trim().toLowerCase();
  const local = e.split('@')[0] ?? '';
  if (p === e || (local.length > 0 && p === local)) {
    return 'must not be the e-mail address';
  }
  return null;
}
