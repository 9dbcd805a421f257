import { and, eq } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { users } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { endAllAccess } from '../auth/authenticate.ts';
import { hashPassword } from '../auth/passwords.ts';
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
  await ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now, updatedBy: ctx.actor.userId })
      .where(and(eq(users.orgId, ctx.actor.orgId), eq(users.id, id)));
    await endAllAccess(tx, ctx.actor.orgId, id, now);
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'update',
      entity: 'user',
      entityId: id,
      changes: { password: { before: '[redacted]', after: '[reset by admin]' } },
      meta: ctx.meta,
      at: now,
    });
  });
}
