import { eq } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import { orgs, orgUnits, users } from '../../db/schema/index.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword } from '../auth/passwords.ts';
import { newId } from '../context.ts';
import { checkPassword } from '../users/user-fields.ts';

export interface CreateOrgInput {
  name: string;
  currency?: string;
  timezone?: string;
  isDemo?: boolean;
  admin: { name: string; email: string; password: string };
}

/** A new organisation with its top unit (the company) and a first administrator (CLI, demo, tests). */
export async function createOrg(db: Db | Queryable, input: CreateOrgInput, now: Date) {
  checkPassword(input.admin.password, input.admin.email, 'password');
  const passwordHash = await hashPassword(input.admin.password);
  const run = async (tx: Queryable) => {
    const orgId = newId();
    const unitId = newId();
    const adminId = newId();
    await tx.insert(orgs).values({
      id: orgId,
      name: input.name,
      currency: input.currency ?? 'CNY',
      timezone: input.timezone ?? 'Asia/Shanghai',
      isDemo: input.isDemo ?? false,
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(orgUnits).values({
      orgId,
      id: unitId,
      name: input.name,
      parentId: null,
      kind: 'company',
      createdAt: now,
      updatedAt: now,
    });
    await tx.insert(users).values({
      orgId,
      id: adminId,
      name: input.admin.name,
      email: input.admin.email,
      role: 'admin',
      unitId,
      passwordHash,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit({
      db: tx,
      orgId,
      actor: null,
      action: 'create',
      entity: 'org',
      entityId: orgId,
      changes: { name: { before: null, after: input.name } },
      at: now,
    });
    return { orgId, rootUnitId: unitId, adminId };
  };
  return 'transaction' in db ? (db as Db).transaction(run) : run(db);
}

export async function findOrg(db: Queryable, id: string) {
  const [row] = await db.select().from(orgs).where(eq(orgs.id, id));
  return row;
}
