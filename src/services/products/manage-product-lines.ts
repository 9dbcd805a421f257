import { and, eq, sql } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { productLines, products } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion, saveVersioned } from '../versioning.ts';
import {
  assertLineNameFree,
  blankToNull,
  findProductLine,
  PRODUCT_LINE_AUDIT_FIELDS,
} from './catalog-fields.ts';

export interface ProductLineInput {
  name: string;
  code?: string | null | undefined;
  active?: boolean | undefined;
}

export async function getProductLine(ctx: ServiceContext, id: string) {
  const row = await findProductLine(ctx.db, ctx.actor.orgId, id);
  if (!row) {
    throw new NotFound('No such product line.');
  }
  return row;
}

/** Admins and sales ops keep the catalog; names are unique per org. */
export async function createProductLine(ctx: ServiceContext, input: ProductLineInput) {
  assertCan(ctx.actor, 'catalog.write');
  const name = input.name.trim();
  return ctx.db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`salesops:product-line:${ctx.actor.orgId}`}))`,
    );
    await assertLineNameFree(tx, ctx.actor.orgId, name);
    const now = ctx.now();
    const [row] = await tx
      .insert(productLines)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        name,
        code: blankToNull(input.code) ?? null,
        active: input.active ?? true,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await auditChange(tx, ctx, {
      entity: 'product line',
      entityId: row!.id,
      before: null,
      after: row!,
      fields: PRODUCT_LINE_AUDIT_FIELDS,
      at: now,
    });
    return row!;
  });
}

export async function updateProductLine(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: Partial<ProductLineInput>,
) {
  return ctx.db.transaction(async (tx) => {
    const current = await findProductLine(tx, ctx.actor.orgId, id, { lock: true });
    checkVersion('product line', current, version);
    assertCan(ctx.actor, 'catalog.write');
    const patch: Partial<typeof productLines.$inferInsert> = {};
    if (input.name !== undefined) {
      patch.name = input.name.trim();
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`salesops:product-line:${ctx.actor.orgId}`}))`,
      );
      await assertLineNameFree(tx, ctx.actor.orgId, patch.name, id);
    }
    if (input.code !== undefined) {
      patch.code = blankToNull(input.code);
    }
    if (input.active !== undefined) {
      patch.active = input.active;
    }
    const now = ctx.now();
    const row = await saveVersioned(tx, ctx, productLines, current, patch, now, {
      entity: 'product line',
      fields: PRODUCT_LINE_AUDIT_FIELDS,
    });
    return row!;
  });
}

/**
 * Deletes a product line nothing refers to; one with products is deactivated instead, so deals and
 * targets that point at it keep their history.
 */
export async function deleteProductLine(ctx: ServiceContext, id: string, version: number) {
  return ctx.db.transaction(async (tx) => {
    const current = await findProductLine(tx, ctx.actor.orgId, id, { lock: true });
    checkVersion('product line', current, version);
    assertCan(ctx.actor, 'catalog.write');
    const [used] = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.orgId, ctx.actor.orgId), eq(products.productLineId, id)))
      .limit(1);
    const now = ctx.now();
    if (used) {
      const row = await saveVersioned(tx, ctx, productLines, current, { active: false }, now, {
        entity: 'product line',
        fields: PRODUCT_LINE_AUDIT_FIELDS,
      });
      return { outcome: 'deactivated' as const, productLine: row };
    }
    await tx
      .delete(productLines)
      .where(and(eq(productLines.orgId, ctx.actor.orgId), eq(productLines.id, id)));
    await auditChange(tx, ctx, {
      entity: 'product line',
      entityId: id,
      before: current,
      after: null,
      fields: PRODUCT_LINE_AUDIT_FIELDS,
      at: now,
    });
    return { outcome: 'deleted' as const, productLine: null };
  });
}
