import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../../core/auth/roles.ts';
import type { Db } from '../../db/client.ts';
import { apiTokens, sessions, users } from '../../db/schema/index.ts';
import type { Actor } from '../../policies/scope.ts';
import { secretHash } from './passwords.ts';
import type { AuthSettings } from './settings.ts';

// Touching last-seen/last-used on every request would turn every read into a write.
const TOUCH_AFTER_MS = 60_000;

export interface SessionAuth {
  actor: Actor;
  sessionId: string;
  csrfToken: string;
}

function toActor(u: typeof users.$inferSelect): Actor {
  return { orgId: u.orgId, userId: u.id, role: u.role as Role, unitId: u.unitId, name: u.name };
}

/**
 * Resolves a session cookie: unknown, idle-expired, absolutely expired or belonging to an inactive
 * user → null (and an expired session is deleted).
 */
export async function authenticateSession(
  db: Db,
  secret: string,
  now: Date,
  settings: AuthSettings,
): Promise<SessionAuth | null> {
  const idHash = secretHash(secret);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, and(eq(users.orgId, sessions.orgId), eq(users.id, sessions.userId)))
    .where(eq(sessions.idHash, idHash))
    .limit(1);
  if (!row) {
    return null;
  }
  const idleMs = settings.sessionIdleMinutes * 60_000;
  const expired = now >= row.session.expiresAt || now.getTime() - row.session.lastSeenAt.getTime() >= idleMs;
  if (expired || !row.user.active) {
    await db.delete(sessions).where(eq(sessions.idHash, idHash));
    return null;
  }
  if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return { actor: toActor(row.user), sessionId: row.session.id, csrfToken: row.session.csrfToken };
}

/** Resolves a personal API token (Bearer): revoked, expired or an inactive owner → null. */
export async function authenticateToken(
  db: Db,
  secret: string,
  now: Date,
): Promise<{ actor: Actor; tokenId: string } | null> {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, and(eq(users.orgId, apiTokens.orgId), eq(users.id, apiTokens.userId)))
    .where(and(eq(apiTokens.tokenHash, secretHash(secret)), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row?.user.active || (row.token.expiresAt && now >= row.token.expiresAt)) {
    return null;
  }
  const last = row.token.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - last > TOUCH_AFTER_MS) {
    await db
      .update(apiTokens)
      .set({ lastUsedAt: now })
      .where(and(eq(apiTokens.orgId, row.token.orgId), eq(apiTokens.id, row.token.id)));
  }
  return { actor: toActor(row.user), tokenId: row.token.id };
}

/** Ends every session and revokes every token of a user (deactivation, admin password reset). */
export async function endAllAccess(
  db: Pick<Db, 'delete' | 'update'>,
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
}
