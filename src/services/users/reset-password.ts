import { NotFound } from '../../core/errors.ts';
import { assertCan } from '../../policies/permissions.ts';
import { forgetCachedAuth } from '../auth/auth-cache.ts';
import { hashPassword } from '../auth/passwords.ts';
import { storePassword } from '../auth/store-password.ts';
import type { ServiceContext } from '../context.ts';
import { findUserInScope } from './get-user.ts';
import { checkPassword } from './user-fields.ts';

/** Admin reset: sets a new password and ends the user's sessions and tokens. */
export async function resetPassword(ctx: ServiceContext, id: string, newPassword: string): Promise<void> {
  const target = await findUserInScope(ctx.db, ctx.actor, id);
  if (!target) {
    throw new NotFound('No such user.');
  }
  assertCan(ctx.actor, 'users.write');
  checkPassword(newPassword, target.email, 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  await ctx.db.transaction((tx) =>
    storePassword({
      db: tx,
      orgId: ctx.actor.orgId,
      userId: id,
      passwordHash,
      now: ctx.now(),
      actor: ctx.actor,
      note: '[reset by admin]',
      meta: ctx.meta,
    }),
  );
  forgetCachedAuth(ctx.db);
}
