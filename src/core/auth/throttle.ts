export interface ThrottleRule {
  /** Failures allowed inside the window before further attempts are refused. */
  maxFailures: number;
  windowSeconds: number;
}

/** Defaults: 5 failures per account or 20 per address within 15 minutes. */
export const ACCOUNT_THROTTLE: ThrottleRule = { maxFailures: 5, windowSeconds: 15 * 60 };
export const ADDRESS_THROTTLE: ThrottleRule = { maxFailures: 20, windowSeconds: 15 * 60 };

/**
 * Login throttling: once `maxFailures` failures since the last success fall inside the window,
 * refuse until the oldest of them leaves it. `failures` are the failure times (ms) since the last
 * success, newest last. Returns seconds to wait, or 0 when an attempt may proceed.
 */
export function secondsUntilAllowed(failures: number[], rule: ThrottleRule, nowMs: number): number {
  const windowMs = rule.windowSeconds * 1000;
  const recent = failures.filter((t) => nowMs - t < windowMs).sort((a, b) => a - b);
  if (recent.length < rule.maxFailures) {
    return 0;
  }
  const gate = recent[recent.length - rule.maxFailures] as number;
  return Math.max(1, Math.ceil((gate + windowMs - nowMs) / 1000));
}
