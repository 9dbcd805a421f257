import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db, Queryable } from '../../db/client.ts';
import { listenForNotices } from '../../db/listen.ts';

/** The NOTIFY channel on which every change that can end or alter someone's access is announced. */
export const AUTH_CHANNEL = 'salesops_auth';

/**
 * How long a resolved caller may be reused without asking the database. Invalidation is by notice
 * (below); this bound is only the safety net for a notice that never arrives.
 */
export const AUTH_CACHE_TTL_MS = 5_000;
/** Beyond this many callers the cache starts afresh rather than growing without bound. */
const MAX_ENTRIES = 10_000;

interface Entry<T> {
  value: T;
  storedAt: number;
}

/**
 * Resolved API tokens and sessions of this process, keyed by the secret's hash, so that most requests
 * resolve their caller without a round trip to the database.
 *
 * It is only used while this process is listening for auth notices: any write that ends or changes
 * access (revoke, logout, password change, role/unit/active change) sends a notice in its own
 * transaction, so every process clears its cache when the write commits. While the listening
 * connection is down, notices can be missed: the cache is cleared and bypassed until LISTEN is back.
 * Each lookup notes the generation it started in, and a result is only stored if no clear happened in
 * between — so a lookup that read the old state before a revoke committed cannot store it afterwards.
 */
export class AuthCache<T = unknown> {
  private entries = new Map<string, Entry<T>>();
  private gen = 0;
  private listening = false;

  constructor(
    private readonly ttlMs = AUTH_CACHE_TTL_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** True while notices are being received, i.e. while cached callers may be trusted. */
  get active(): boolean {
    return this.listening;
  }

  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    if (!this.listening) {
      return undefined;
    }
    const e = this.entries.get(key);
    if (!e) {
      return undefined;
    }
    if (this.clock() - e.storedAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  /** Stores a lookup's result unless the cache was cleared since `generation` was read. */
  set(key: string, value: T, generation: number): void {
    if (!this.listening || generation !== this.gen) {
      return;
    }
    if (this.entries.size >= MAX_ENTRIES) {
      this.entries.clear();
    }
    this.entries.set(key, { value, storedAt: this.clock() });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.gen++;
    this.entries.clear();
  }

  setListening(listening: boolean): void {
    // Whatever happened while not listening is unknown: start from empty either way.
    this.clear();
    this.listening = listening;
  }
}

const caches = new WeakMap<Db, { cache: AuthCache; watchers: number; stop?: () => Promise<void> }>();

function slot(db: Db) {
  let s = caches.get(db);
  if (!s) {
    s = { cache: new AuthCache(), watchers: 0 };
    caches.set(db, s);
  }
  return s;
}

/** The auth cache of one database handle (one per process in production). */
export function authCacheOf<T>(db: Db): AuthCache<T> {
  return slot(db).cache as AuthCache<T>;
}

/**
 * Starts listening for auth notices on a dedicated connection; the cache is used only while this
 * listens. Returns the function that stops it (the last watcher of a handle closes the connection).
 */
export function watchAuthChanges(db: Db): () => Promise<void> {
  const pool = (db as { $client?: unknown }).$client;
  if (!(pool instanceof pg.Pool)) {
    // A handle on a single client (some scripts) has no pool settings to listen with: no cache.
    return async () => {};
  }
  const s = slot(db);
  s.watchers++;
  if (s.watchers === 1) {
    const listener = listenForNotices(pool, AUTH_CHANNEL, {
      onNotice: () => s.cache.clear(),
      onListening: () => s.cache.setListening(true),
      onLost: () => s.cache.setListening(false),
    });
    s.stop = listener.stop;
  }
  let stopped = false;
  return async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    s.watchers--;
    if (s.watchers === 0) {
      const stop = s.stop;
      delete s.stop;
      await stop?.();
    }
  };
}

/**
 * Announces, inside the caller's transaction, that someone's access ended or changed: PostgreSQL
 * delivers the notice to every listening process only if and when the transaction commits.
 */
export async function announceAuthChange(tx: Queryable): Promise<void> {
  await tx.execute(sql`select pg_notify(${AUTH_CHANNEL}, '')`);
}

/**
 * Clears this process's cache at once, after the announcing transaction committed: the notice
 * reaches this process's listener too, but a few milliseconds later than the writer's next request.
 */
export function forgetCachedAuth(db: Db): void {
  caches.get(db)?.cache.clear();
}
