import { and, eq, ne, sql } from 'drizzle-orm';
import type { Role } from '../../core/auth/roles.ts';
import { RuleViolated } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { activities, contacts, customers, deals, leads, tasks, users } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { announceAuthChange, forgetCachedAuth } from '../auth/auth-cache.ts';
import { endAllAccess } from '../auth/authenticate.ts';
import type { ServiceContext } from '../context.ts';
import { checkVersion, saveVersioned } from '../versioning.ts';
import { findUserInScope } from './get-user.ts';
import { checkReferences, cleanMobile, USER_AUDIT_FIELDS } from './user-fields.ts';

export interface UpdateUserInput {
  name?: string | undefined;
  email?: string | undefined;
  mobile?: string | null | undefined;
  role?: Role | undefined;
  unitId?: string | undefined;
  managerId?: string | null | undefined;
  active?: boolean | undefined;
}

async function otherActiveAdmins(db: Queryable, orgId: string, userId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(
      and(eq(users.orgId, orgId), eq(users.role, 'admin'), eq(users.active, true), ne(users.id, userId)),
    );
  return r?.n ?? 0;
}

/**
 * PATCH semantics: only the sent fields change. Deactivating a user ends their sessions and tokens
 * in the same transaction; the last active admin can be neither demoted nor deactivated.
 */
export async function updateUser(ctx: ServiceContext, id: string, version: number, input: UpdateUserInput) {
  const result = await ctx.db.transaction(async (tx) => {
    const current = await findUserInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('user', current, version);
    assertCan(ctx.actor, 'users.write');
    const patch: Partial<typeof users.$inferInsert> = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
    }
    if (input.email !== undefined) {
      patch.email = input.email.trim();
    }
    if (input.mobile !== undefined) {
      patch.mobile = cleanMobile(input.mobile) ?? null;
    }
    if (input.role !== undefined) {
      patch.role = input.role;
    }
    if (input.unitId !== undefined) {
      patch.unitId = input.unitId;
    }
    if (input.managerId !== undefined) {
      patch.managerId = input.managerId;
    }
    if (input.active !== undefined) {
      patch.active = input.active;
    }
    await checkReferences(tx, ctx.actor.orgId, {
      userId: id,
      ...(patch.unitId ? { unitId: patch.unitId } : {}),
      ...(patch.managerId !== undefined ? { managerId: patch.managerId } : {}),
      ...(patch.email && patch.email.toLowerCase() !== current.email.toLowerCase()
        ? { email: patch.email }
        : {}),
    });
    const losesAdmin =
      current.role === 'admin' &&
      current.active &&
      (patch.active === false || (patch.role && patch.role !== 'admin'));
    if (losesAdmin) {
      // Serialise admin removals per org: two admins deactivating each other at once would each
      // still see the other as active. The second waits here, then counts with the first committed.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`salesops:admins:${ctx.actor.orgId}`}))`);
    }
    if (losesAdmin && (await otherActiveAdmins(tx, ctx.actor.orgId, id)) === 0) {
      throw new RuleViolated('The organisation must keep at least one active administrator.', [
        { path: patch.active === false ? 'active' : 'role', message: 'last active administrator' },
      ]);
    }
    const now = ctx.now();
    const updated = await saveVersioned(tx, ctx, users, current, patch, now, {
      entity: 'user',
      fields: USER_AUDIT_FIELDS,
    });
    if (patch.unitId !== undefined && patch.unitId !== current.unitId) {
      await moveOwnedRecords(tx, ctx.actor.orgId, id, patch.unitId);
    }
    if (current.active && updated.active === false) {
      await endAllAccess(tx, ctx.actor.orgId, id, now);
    }
    // Name, role and unit are part of every cached caller: any edit of a user clears the caches.
    await announceAuthChange(tx);
    return updated;
  });
  forgetCachedAuth(ctx.db);
  return result;
}

/**
 * A record's owning unit is its owner's unit (DESIGN.md §5): when a user moves to another unit, the
 * records they own move with them, so their new manager sees them and their old one no longer does.
 * Content and versions are unchanged; the user's own audit entry records the move.
 */
async function moveOwnedRecords(tx: Queryable, orgId: string, userId: string, unitId: string) {
  for (const table of [customers, contacts, leads, deals, activities, tasks]) {
    await tx
      .update(table)
      .set({ unitId })
      .where(and(eq(table.orgId, orgId), eq(table.ownerId, userId)));
  }
}
