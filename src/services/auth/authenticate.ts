import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../core/auth/roles.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { apiTokens, sessions, users } from '../../db/schema/index.ts';
import type { Actor } from '../../policies/scope.ts';
import { announceAuthChange, authCacheOf } from './auth-cache.ts';
import { secretHash } from './passwords.ts';
import type { AuthSettings } from './settings.ts';

// Touching last-seen/last-used on every request would turn every read into a write.
const TOUCH_AFTER_MS = 60_000;

export interface SessionAuth {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

/** What a request needs of its user: the actor, and whether they may still sign in. */
const userFields = {
  orgId: users.orgId,
  userId: users.id,
  role: users.role,
  unitId: users.unitId,
  name: users.name,
  active: users.active,
};

function toActor(u: { orgId: string; userId: string; role: string; unitId: string; name: string }): Actor {
  return { orgId: u.orgId, userId: u.userId, role: u.role as Role, unitId: u.unitId, name: u.name };
}

/**
 * The two look-ups every API request makes run as named prepared statements: PostgreSQL parses and
 * plans each once per connection instead of once per request (planning the join was most of the
 * look-up's cost). Both are an equality on a unique hash, so one cached plan is right for every caller.
 */
function prepareTokenLookup(db: Db) {
  return db
    .select({
      tokenId: apiTokens.id,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      ...userFields,
    })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.orgId, apiTokens.orgId), eq(users.id, apiTokens.userId)))
    .where(and(eq(apiTokens.tokenHash, sql.placeholder('hash')), isNull(apiTokens.revokedAt)))
    .limit(1)
    .prepare('auth_token_lookup');
}

function prepareSessionLookup(db: Db) {
  return db
    .select({
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
      ...userFields,
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.orgId, sessions.orgId), eq(users.id, sessions.userId)))
    .where(eq(sessions.idHash, sql.placeholder('hash')))
    .limit(1)
    .prepare('auth_session_lookup');
}

const prepared = new WeakMap<
  Db,
  { token: ReturnType<typeof prepareTokenLookup>; session: ReturnType<typeof prepareSessionLookup> }
>();

function lookups(db: Db) {
  let p = prepared.get(db);
  if (!p) {
    p = { token: prepareTokenLookup(db), session: prepareSessionLookup(db) };
    prepared.set(db, p);
  }
  return p;
}

/** What the auth cache keeps of a resolved session or token (never the secret itself). */
type CachedAuth =
  | { kind: 'session'; actor: Actor; sessionId: string; csrfToken: string; expiresAt: Date; lastSeenAt: Date }
  | { kind: 'token'; actor: Actor; tokenId: string; expiresAt: Date | null; lastUsedAt: Date | null };

/**
 * Resolves a session cookie: unknown, idle-expired, absolutely expired or belonging to an inactive
 * user → null (and an expired session is deleted). A session resolved in the last few seconds comes
 * from the auth cache (see auth-cache.ts) unless it is due for its last-seen write or looks expired:
 * those cases always take the database path, so idle expiry and its bookkeeping are unchanged.
 */
export async function authenticateSession(
  db: Db,
  secret: string,
  now: Date,
  settings: AuthSettings,
): Promise<SessionAuth | null> {
  const idHash = secretHash(secret);
  const idleMs = settings.sessionIdleMinutes * 60_000;
  const cache = authCacheOf<CachedAuth>(db);
  const hit = cache.get(idHash);
  if (
    hit?.kind === 'session' &&
    now < hit.expiresAt &&
    now.getTime() - hit.lastSeenAt.getTime() <= TOUCH_AFTER_MS &&
    now.getTime() - hit.lastSeenAt.getTime() < idleMs
  ) {
    return { actor: hit.actor, sessionId: hit.sessionId, csrfToken: hit.csrfToken };
  }
  const generation = cache.generation;
  const [row] = await lookups(db).session.execute({ hash: idHash });
  if (!row) {
    return null;
  }
  const expired = now >= row.expiresAt || now.getTime() - row.lastSeenAt.getTime() >= idleMs;
  if (expired || !row.active) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    cache.delete(idHash);
    return null;
  }
  let lastSeenAt = row.lastSeenAt;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
    lastSeenAt = now;
  }
  const actor = toActor(row);
  cache.set(
    idHash,
    {
      kind: 'session',
      actor,
      sessionId: row.sessionId,
      csrfToken: row.csrfToken,
      expiresAt: row.expiresAt,
      lastSeenAt,
    },
    generation,
  );
  return { actor, sessionId: row.sessionId, csrfToken: row.csrfToken };
}

/**
 * Resolves a personal API token (Bearer): revoked, expired or an inactive owner → null. Served from
 * the auth cache like sessions, except when its last-used write is due.
 */
export async function authenticateToken(
  db: Db,
  secret: string,
  now: Date,
): Promise<{ actor: Actor; tokenId: string } | null> {
  const hash = secretHash(secret);
  const cache = authCacheOf<CachedAuth>(db);
  const hit = cache.get(hash);
  if (
    hit?.kind === 'token' &&
    !(hit.expiresAt && now >= hit.expiresAt) &&
    now.getTime() - (hit.lastUsedAt?.getTime() ?? 0) <= TOUCH_AFTER_MS
  ) {
    return { actor: hit.actor, tokenId: hit.tokenId };
  }
  const generation = cache.generation;
  const [row] = await lookups(db).token.execute({ hash });
  if (!row?.active || (row.expiresAt && now >= row.expiresAt)) {
    return null;
  }
  let lastUsedAt = row.lastUsedAt;
  if (now.getTime() - (lastUsedAt?.getTime() ?? 0) > TOUCH_AFTER_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.orgId, row.orgId), eq(apiTokens.id, row.tokenId)));
    lastUsedAt = now;
  }
  const actor = toActor(row);
  cache.set(
    hash,
    { kind: 'token', actor, tokenId: row.tokenId, expiresAt: row.expiresAt, lastUsedAt },
    generation,
  );
  return { actor, tokenId: row.tokenId };
}

/**
 * Ends every session and revokes every token of a user (deactivation, admin password reset), and
 * announces it to every process's auth cache when the caller's transaction commits.
 */
export async function endAllAccess(
  db: Queryable,
  orgId: string,
  userId: string,
  now: Date,
  { keepSessionId }: { keepSessionId?: string } = {},
): Promise<void> {
  await db
    .delete(sessions)
    .where(
      and(
        eq(sessions.orgId, orgId),
        eq(sessions.userId, userId),
        keepSessionId ? sql`${sessions.id} <> ${keepSessionId}` : undefined,
      ),
    );
  if (!keepSessionId) {
    await db
      .update(apiTokens)
      .set({ revokedAt: now, version: sql`${apiTokens.version} + 1`, updatedAt: now })
      .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)));
  }
  await announceAuthChange(db);
}
