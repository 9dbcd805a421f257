import type { Role } from '../../core/auth/roles.ts';
import { users } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkPassword, checkReferences, cleanMobile, USER_AUDIT_FIELDS } from './user-fields.ts';

export interface CreateUserInput {
  name: string;
  email: string;
  mobile?: string | null | undefined;
  role: Role;
  unitId: string;
  managerId?: string | null | undefined;
  password: string;
}

/** Admins create users in their org; the password is hashed, the creation audited. */
export async function createUser(ctx: ServiceContext, input: CreateUserInput) {
  assertCan(ctx.actor, 'users.write');
  const email = input.email.trim();
  checkPassword(input.password, email, 'password');
  const mobile = cleanMobile(input.mobile) ?? null;
  const passwordHash = await hashPassword(input.password);
  return ctx.db.transaction(async (tx) => {
    await checkReferences(tx, ctx.actor.orgId, {
      unitId: input.unitId,
      managerId: input.managerId ?? null,
      email,
    });
    const now = ctx.now();
    const [row] = await tx
      .insert(users)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        name: input.name.trim(),
        email,
        mobile,
        role: input.role,
        unitId: input.unitId,
        managerId: input.managerId ?? null,
        passwordHash,
        passwordChangedAt: now,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const created = row!;
    await auditChange(tx, ctx, {
      entity: 'user',
      entityId: created.id,
      before: null,
      after: created,
      fields: USER_AUDIT_FIELDS,
      at: now,
    });
    return created;
  });
}
