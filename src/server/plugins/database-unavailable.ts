/**
 * Errors that say the database cannot be reached right now (restarting, failing over, network cut),
 * as opposed to the database rejecting what we asked. A request that meets one is answered 503 with
 * `retry-after`; the pool drops the broken connection and opens a fresh one once PostgreSQL is back.
 */

/** Seconds a client should wait before trying again (a PostgreSQL restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

// Node's socket errors while connecting or talking to PostgreSQL.
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// SQLSTATEs: 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now (starting up or
// shutting down), 53300 too_many_connections; class 08 is "connection exception".
const sqlStates = new Set(['57P01', '57P02', '57P03', '53300']);
// node-postgres reports a lost or unobtainable connection without a code.
const driverMessages = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /is not queryable/,
  /Client has encountered a connection error/,
];

/** Whether `err`, or an error it wraps (drizzle wraps the driver's as `cause`), is connection-class. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (
    let e = err, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (
      typeof code === 'string' &&
      (socketCodes.has(code) || sqlStates.has(code) || /^08[0-9A-Z]{3}$/.test(code))
    ) {
      return true;
    }
    if (typeof message === 'string' && driverMessages.some((m) => m.test(message))) {
      return true;
    }
    // AggregateError (a host name resolving to several addresses, all refusing).
    const errors = (e as { errors?: unknown }).errors;
    if (Array.isArray(errors) && errors.some((x) => isDatabaseUnavailable(x))) {
      return true;
    }
  }
  return false;
}
