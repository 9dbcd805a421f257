import { and, eq } from 'drizzle-orm';
import { Invalid } from '../../core/errors.ts';
import { users } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { ServiceContext } from '../context.ts';
import { checkPassword } from '../users/user-fields.ts';
import { endAllAccess } from './authenticate.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** A user changes their own password; their other sessions end, the current one stays. */
export async function changePassword(
  ctx: ServiceContext,
  {
    currentPassword,
    newPassword,
    currentSessionId,
  }: { currentPassword: string; newPassword: string; currentSessionId?: string },
): Promise<void> {
  const [me] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.orgId, ctx.actor.orgId), eq(users.id, ctx.actor.userId)));
  if (!me || !(await verifyPassword(currentPassword, me.passwordHash))) {
    throw new Invalid('The current password is wrong.', [
      { path: 'currentPassword', message: 'wrong password' },
    ]);
  }
  checkPassword(newPassword, me.email, 'newPassword');
  if (currentPassword === newPassword) {
    throw new Invalid('The new password must differ from the current one.', [
      { path: 'newPassword', message: 'same as the current password' },
    ]);
  }
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now, updatedBy: ctx.actor.userId })
      .where(and(eq(users.orgId, ctx.actor.orgId), eq(users.id, ctx.actor.userId)));
    await endAllAccess(
      tx,
      ctx.actor.orgId,
      ctx.actor.userId,
      now,
      currentSessionId ? { keepSessionId: currentSessionId } : {},
    );
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'user',
      entityId: ctx.actor.userId,
      changes: { password: { before: '[redacted]', after: '[changed]' } },
      meta: ctx.meta,
      at: now,
    });
  });
}
