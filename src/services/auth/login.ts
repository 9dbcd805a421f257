import { and, desc, eq, gt, sql } from 'drizzle-orm';
import { secondsUntilAllowed, type ThrottleRule } from '../../core/auth/throttle.ts';
import { TooManyRequests, Unauthenticated } from '../../core/errors.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { loginAttempts, orgs, sessions, users } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { newId, type RequestMeta } from '../context.ts';
import { announceAuthChange, forgetCachedAuth } from './auth-cache.ts';
import { dummyHash, randomSecret, secretHash, verifyPassword } from './passwords.ts';
import type { AuthSettings } from './settings.ts';

interface LoginOptions {
  db: Db;
  email: string;
  password: string;
  meta: RequestMeta;
  now: Date;
  settings: AuthSettings;
  /** The session secret the browser already had, if any: it is ended so every login gets a new id. */
  previousSecret?: string | undefined;
}

export interface LoginResult {
  secret: string;
  csrfToken: string;
  expiresAt: Date;
  userId: string;
  orgId: string;
}

async function failuresSinceLastSuccess(
  db: Queryable,
  kind: string,
  key: string,
  rule: ThrottleRule,
  now: Date,
) {
  const since = new Date(now.getTime() - rule.windowSeconds * 1000);
  const rows = await db
    .select({ at: loginAttempts.at, success: loginAttempts.success })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.kind, kind), eq(loginAttempts.key, key), gt(loginAttempts.at, since)))
    .orderBy(desc(loginAttempts.at))
    .limit(rule.maxFailures + 1);
  const failures: number[] = [];
  for (const r of rows) {
    if (r.success) {
      break;
    }
    failures.push(r.at.getTime());
  }
  return secondsUntilAllowed(failures, rule, now.getTime());
}

/**
 * Password sign-in: throttled per account and per address, constant-time verification (unknown
 * e-mails are checked against a dummy hash), a brand-new session id, and an audit row either way.
 */
export async function login({
  db,
  email,
  password,
  meta,
  now,
  settings,
  previousSecret,
}: LoginOptions): Promise<LoginResult> {
  const accountKey = email.trim().toLowerCase();
  const addressKey = meta.ip ?? 'unknown';
  const wait = Math.max(
    await failuresSinceLastSuccess(db, 'account', accountKey, settings.accountThrottle, now),
    await failuresSinceLastSuccess(db, 'address', addressKey, settings.addressThrottle, now),
  );
  if (wait > 0) {
    throw new TooManyRequests(
      `Too many failed sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`,
      wait,
    );
  }
  const [user] = await db.select().from(users).where(sql`lower(${users.email}) = ${accountKey}`).limit(1);
  const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  const ok = Boolean(user && passwordOk && user.active);
  await db.insert(loginAttempts).values([
    { kind: 'account', key: accountKey, success: ok, at: now },
    { kind: 'address', key: addressKey, success: ok, at: now },
  ]);
  if (!user || !ok) {
    if (user) {
      await recordAudit({
        db,
        orgId: user.orgId,
        actor: { userId: user.id, name: user.name },
        action: 'login_failure',
        entity: 'session',
        entityId: null,
        changes: { reason: { before: null, after: passwordOk ? 'account inactive' : 'wrong password' } },
        meta,
        at: now,
      });
    }
    throw new Unauthenticated('Wrong e-mail or password.');
  }
  const secret = randomSecret();
  const csrfToken = randomSecret(24);
  const expiresAt = new Date(now.getTime() + settings.sessionAbsoluteHours * 3600_000);
  const sessionId = newId();
  await db.transaction(async (tx) => {
    if (previousSecret) {
      await tx.delete(sessions).where(eq(sessions.idHash, secretHash(previousSecret)));
      await announceAuthChange(tx);
    }
    await tx.insert(sessions).values({
      idHash: secretHash(secret),
      id: sessionId,
      orgId: user.orgId,
      userId: user.id,
      csrfToken,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    });
    // Sign-in time is bookkeeping, not an edit: it does not bump the record's version.
    await tx
      .update(users)
      .set({ lastLoginAt: now })
      .where(and(eq(users.orgId, user.orgId), eq(users.id, user.id)));
    await recordAudit({
      db: tx,
      orgId: user.orgId,
      actor: { userId: user.id, name: user.name },
      action: 'login_success',
      entity: 'session',
      entityId: sessionId,
      meta,
      at: now,
    });
  });
  if (previousSecret) {
    forgetCachedAuth(db);
  }
  return { secret, csrfToken, expiresAt, userId: user.id, orgId: user.orgId };
}

/** The signed-in user with their org, as `GET /auth/session` shows it. */
export async function loadMe(db: Queryable, orgId: string, userId: string) {
  const [row] = await db
    .select({ user: users, org: orgs })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(eq(users.orgId, orgId), eq(users.id, userId)))
    .limit(1);
  if (!row) {
    throw new Unauthenticated('The account no longer exists.');
  }
  return row;
}
