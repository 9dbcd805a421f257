import { and, eq } from 'drizzle-orm';
import { Invalid } from '../../core/errors.ts';
import { users } from '../../db/schema/index.ts';
import type { ServiceContext } from '../context.ts';
import { checkPassword } from '../users/user-fields.ts';
import { forgetCachedAuth } from './auth-cache.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { storePassword } from './store-password.ts';

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
  await ctx.db.transaction((tx) =>
    storePassword({
      db: tx,
      orgId: ctx.actor.orgId,
      userId: ctx.actor.userId,
      passwordHash,
      now: ctx.now(),
      actor: ctx.actor,
      note: '[changed]',
      keepSessionId: currentSessionId,
      meta: ctx.meta,
    }),
  );
  forgetCachedAuth(ctx.db);
}
