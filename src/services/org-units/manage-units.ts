import { and, asc, eq, sql } from 'drizzle-orm';
import { Invalid, NotFound, RuleViolated } from '../../core/errors.ts';
import { diffFields } from '../../core/records.ts';
import type { Queryable } from '../../db/client.ts';
import { orgUnits, users } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { type Actor, unitScope, unitSubtree } from '../../policies/scope.ts';
import { auditChange, recordAudit } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion } from '../versioning.ts';

export const UNIT_KINDS = ['company', 'region', 'team', 'city', 'other'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
const UNIT_AUDIT_FIELDS = ['name', 'parentId', 'kind'] as const;

/** Every unit the actor may see, as a flat list (the client builds the tree from parentId). */
export async function listUnits(ctx: ServiceContext) {
  return ctx.db
    .select()
    .from(orgUnits)
    .where(unitScope(ctx.actor))
    .orderBy(asc(orgUnits.sortOrder), asc(orgUnits.name));
}

async function findUnitInScope(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(orgUnits)
    .where(and(unitScope(actor), eq(orgUnits.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function getUnit(ctx: ServiceContext, id: string) {
  const row = await findUnitInScope(ctx.db, ctx.actor, id);
  if (!row) {
    throw new NotFound('No such org unit.');
  }
  return row;
}

async function assertParentExists(db: Queryable, orgId: string, parentId: string) {
  const [p] = await db
    .select({ id: orgUnits.id })
    .from(orgUnits)
    .where(and(eq(orgUnits.orgId, orgId), eq(orgUnits.id, parentId)));
  if (!p) {
    throw new Invalid('The parent unit does not exist.', [{ path: 'parentId', message: 'no such org unit' }]);
  }
}

export async function createUnit(
  ctx: ServiceContext,
  input: { name: string; parentId: string; kind: UnitKind },
) {
  assertCan(ctx.actor, 'units.write');
  return ctx.db.transaction(async (tx) => {
    await assertParentExists(tx, ctx.actor.orgId, input.parentId);
    const now = ctx.now();
    const [row] = await tx
      .insert(orgUnits)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        name: input.name.trim(),
        parentId: input.parentId,
        kind: input.kind,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    const unit = row!;
    await auditChange(tx, ctx, {
      entity: 'org_unit',
      entityId: unit.id,
      before: null,
      after: unit,
      fields: UNIT_AUDIT_FIELDS,
      at: now,
    });
    return unit;
  });
}

/**
 * Renames or moves a unit. A move takes its whole subtree along; moving a unit under itself or one
 * of its descendants, or moving the root, is refused. Managers' scope follows at once because
 * scope is computed from the tree inside every query.
 */
export async function updateUnit(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: { name?: string | undefined; parentId?: string | undefined; kind?: UnitKind | undefined },
) {
  return ctx.db.transaction(async (tx) => {
    const current = await findUnitInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('org unit', current, version);
    assertCan(ctx.actor, 'units.write');
    if (input.parentId !== undefined && input.parentId !== current.parentId) {
      if (current.parentId === null) {
        throw new RuleViolated('The top unit (the company) cannot be moved.', [
          { path: 'parentId', message: 'root unit' },
        ]);
      }
      await assertParentExists(tx, ctx.actor.orgId, input.parentId);
      const cyc = await tx.execute<{ hit: boolean }>(
        sql`select ${input.parentId}::uuid in ${unitSubtree(ctx.actor.orgId, id)} as hit`,
      );
      if (cyc.rows[0]?.hit) {
        throw new RuleViolated('A unit cannot be moved under itself or one of its own sub-units.', [
          { path: 'parentId', message: 'would create a cycle' },
        ]);
      }
    }
    const now = ctx.now();
    const [row] = await tx
      .update(orgUnits)
      .set({
        ...(input.name !== undefined ? { name: input.name.trim() } : {}),
        ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
        ...(input.kind !== undefined ? { kind: input.kind } : {}),
        version: current.version + 1,
        updatedAt: now,
        updatedBy: ctx.actor.userId,
      })
      .where(and(eq(orgUnits.orgId, ctx.actor.orgId), eq(orgUnits.id, id)))
      .returning();
    const unit = row!;
    await auditChange(tx, ctx, {
      entity: 'org_unit',
      entityId: id,
      before: current,
      after: unit,
      fields: UNIT_AUDIT_FIELDS,
      at: now,
    });
    return unit;
  });
}

/** Deletes an empty unit; one that still has sub-units or users is refused with the reason. */
export async function deleteUnit(ctx: ServiceContext, id: string, version: number): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const current = await findUnitInScope(tx, ctx.actor, id, { lock: true });
    checkVersion('org unit', current, version);
    assertCan(ctx.actor, 'units.write');
    if (current.parentId === null) {
      throw new RuleViolated('The top unit (the company) cannot be deleted.');
    }
    const [counts] = await tx
      .select({
        children: sql<number>`(select count(*)::int from ${orgUnits} where ${orgUnits.orgId} = ${ctx.actor.orgId} and ${orgUnits.parentId} = ${id})`,
        members: sql<number>`(select count(*)::int from ${users} where ${users.orgId} = ${ctx.actor.orgId} and ${users.unitId} = ${id})`,
      })
      .from(sql`(select 1) one`);
    if ((counts?.children ?? 0) > 0 || (counts?.members ?? 0) > 0) {
      throw new RuleViolated(
        `This unit still has ${counts?.children ?? 0} sub-unit(s) and ${counts?.members ?? 0} user(s); move them first.`,
      );
    }
    await tx.delete(orgUnits).where(and(eq(orgUnits.orgId, ctx.actor.orgId), eq(orgUnits.id, id)));
    await recordAudit({
      db: tx,
      orgId: ctx.actor.orgId,
      actor: ctx.actor,
      action: 'delete',
      entity: 'org_unit',
      entityId: id,
      changes: diffFields(current, null, UNIT_AUDIT_FIELDS),
      meta: ctx.meta,
      at: ctx.now(),
    });
  });
}
