import { and, desc, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { sessions } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { announceAuthChange, forgetCachedAuth } from '../auth/auth-cache.ts';
import type { ServiceContext } from '../context.ts';

/** The actor's own live sessions, newest first. */
export async function listMySessions(ctx: ServiceContext) {
  return ctx.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.orgId, ctx.actor.orgId), eq(sessions.userId, ctx.actor.userId)))
    .orderBy(desc(sessions.createdAt))
    .limit(200);
}

/** Ends one of the actor's own sessions (e.g. a forgotten browser); another user's → 404. */
export async function endMySession(ctx: ServiceContext, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [ended] = await tx
      .delete(sessions)
      .where(
        and(eq(sessions.orgId, ctx.actor.orgId), eq(sessions.userId, ctx.actor.userId), eq(sessions.id, id)),
      )
      .returning({ id: sessions.id });
    if (!ended) {
      throw new NotFound('No such session.');
    }
    await announceAuthChange(tx);
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'delete',
      entity: 'session',
      entityId: id,
      meta: ctx.meta,
      at: ctx.now(),
    });
  });
  forgetCachedAuth(ctx.db);
}
