import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db/client.ts';
import type { Actor } from '../policies/scope.ts';

export interface RequestMeta {
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** Everything a use case needs from outside: the database, who acts, the clock and the request. */
export interface ServiceContext {
  db: Db;
  actor: Actor;
  now: () => Date;
  meta: RequestMeta;
}

/** UUIDv7: time-ordered, so new rows land at the end of their indexes. */
export function newId(): string {
  return uuidv7();
}

/** The app clock, truncated to milliseconds so timestamps round-trip through JSON cursors exactly. */
export function systemNow(): Date {
  return new Date(Date.now());
}
