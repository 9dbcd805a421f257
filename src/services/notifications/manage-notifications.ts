import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { notifications } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';

const LIMIT = 100;

/** The actor's own notifications, unread first, newest first; with the unread count. */
export async function listNotifications(ctx: ServiceContext) {
  const mine = and(eq(notifications.orgId, ctx.actor.orgId), eq(notifications.userId, ctx.actor.userId));
  const items = await ctx.db
    .select()
    .from(notifications)
    .where(mine)
    .orderBy(sql`${notifications.readAt} is null desc`, desc(notifications.createdAt), desc(notifications.id))
    .limit(LIMIT);
  const [count] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(mine, isNull(notifications.readAt)));
  return { items, unreadCount: count?.n ?? 0 };
}

export async function markNotificationRead(ctx: ServiceContext, id: string) {
  const [row] = await ctx.db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, ${ctx.now().toISOString()}::timestamptz)` })
    .where(
      and(
        eq(notifications.orgId, ctx.actor.orgId),
        eq(notifications.userId, ctx.actor.userId),
        eq(notifications.id, id),
      ),
    )
    .returning();
  if (!row) {
    throw new NotFound('No such notification.');
  }
  return row;
}

export async function markAllNotificationsRead(ctx: ServiceContext) {
  const rows = await ctx.db
    .update(notifications)
    .set({ readAt: ctx.now() })
    .where(
      and(
        eq(notifications.orgId, ctx.actor.orgId),
        eq(notifications.userId, ctx.actor.userId),
        isNull(notifications.readAt),
      ),
    )
    .returning({ id: notifications.id });
  return { updated: rows.length };
}
