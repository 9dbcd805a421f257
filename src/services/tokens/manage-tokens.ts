import { and, desc, eq } from 'drizzle-orm';
import { RuleViolated } from '../../core/errors.ts';
import { apiTokens } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { announceAuthChange, forgetCachedAuth } from '../auth/auth-cache.ts';
import { randomSecret, secretHash } from '../auth/passwords.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';

export const TOKEN_PREFIX = 'sot_';

/** The actor's own API tokens (revoked ones included, so the history stays visible). */
export async function listMyTokens(ctx: ServiceContext) {
  return ctx.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, ctx.actor.orgId), eq(apiTokens.userId, ctx.actor.userId)))
    .orderBy(desc(apiTokens.createdAt))
    .limit(200);
}

/** Creates a personal API token; the secret is returned once and only its hash is kept. */
export async function createToken(
  ctx: ServiceContext,
  { name, expiresInDays }: { name: string; expiresInDays?: number | undefined },
) {
  const secret = `${TOKEN_PREFIX}${randomSecret(32)}`;
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        userId: ctx.actor.userId,
        name: name.trim(),
        prefix: secret.slice(0, 10),
        tokenHash: secretHash(secret),
        expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const token = row!;
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'create',
      entity: 'api_token',
      entityId: token.id,
      changes: { name: { before: null, after: token.name }, prefix: { before: null, after: token.prefix } },
      meta: ctx.meta,
      at: now,
    });
    return { token, secret };
  });
}

/** Revokes one of the actor's tokens; it stops working on the next request. */
export async function revokeToken(ctx: ServiceContext, id: string, version: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(apiTokens)
      .where(
        and(
          eq(apiTokens.orgId, ctx.actor.orgId),
          eq(apiTokens.userId, ctx.actor.userId),
          eq(apiTokens.id, id),
        ),
      )
      .for('update');
    checkVersion('API token', current, version);
    if (current.revokedAt) {
      throw new RuleViolated('This token is already revoked.');
    }
    const now = ctx.now();
    await tx
      .update(apiTokens)
      .set({ revokedAt: now, version: current.version + 1, updatedAt: now, updatedBy: ctx.actor.userId })
      .where(and(eq(apiTokens.orgId, ctx.actor.orgId), eq(apiTokens.id, id)));
    await announceAuthChange(tx);
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'delete',
      entity: 'api_token',
      entityId: id,
      changes: { revokedAt: { before: null, after: now.toISOString() } },
      meta: ctx.meta,
      at: now,
    });
  });
  forgetCachedAuth(ctx.db);
}
