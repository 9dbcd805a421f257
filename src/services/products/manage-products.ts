import { and, eq, sql } from 'drizzle-orm';
import { NotFound } from '../../core/errors.ts';
import { dealLineItems, products } from '../../db/schema/index.ts';
import { assertCan } from '../../policies/permissions.ts';
import { auditChange } from '../audit/record-audit.ts';
import { newId, type ServiceContext } from '../context.ts';
import { checkVersion, saveVersioned } from '../versioning.ts';
import {
  assertLineUsable,
  assertSkuFree,
  blankToNull,
  findProduct,
  PRODUCT_AUDIT_FIELDS,
} from './catalog-fields.ts';

export interface ProductInput {
  productLineId: string;
  name: string;
  sku?: string | null | undefined;
  /** Minor units of the org currency, ≥ 0. */
  listPrice: number;
  unit?: string | null | undefined;
  active?: boolean | undefined;
}

const lockSkus = (orgId: string) =>
  sql`select pg_advisory_xact_lock(hashtext(${`salesops:product-sku:${orgId}`}))`;

export async function getProduct(ctx: ServiceContext, id: string) {
  const row = await findProduct(ctx.db, ctx.actor.orgId, id);
  if (!row) {
    throw new NotFound('No such product.');
  }
  return row;
}

/** Admins and sales ops keep the price list; a SKU is unique per org (409 on `sku`). */
export async function createProduct(ctx: ServiceContext, input: ProductInput) {
  assertCan(ctx.actor, 'catalog.write');
  const sku = blankToNull(input.sku) ?? null;
  return ctx.db.transaction(async (tx) => {
    await assertLineUsable(tx, ctx.actor.orgId, input.productLineId);
    if (sku) {
      await tx.execute(lockSkus(ctx.actor.orgId));
      await assertSkuFree(tx, ctx.actor.orgId, sku);
    }
    const now = ctx.now();
    const [row] = await tx
      .insert(products)
      .values({
        orgId: ctx.actor.orgId,
        id: newId(),
        productLineId: input.productLineId,
        name: input.name.trim(),
        sku,
        listPrice: input.listPrice,
        unit: blankToNull(input.unit) ?? null,
        active: input.active ?? true,
        createdAt: now,
        updatedAt: now,
        createdBy: ctx.actor.userId,
        updatedBy: ctx.actor.userId,
      })
      .returning();
    await auditChange(tx, ctx, {
      entity: 'product',
      entityId: row!.id,
      before: null,
      after: row!,
      fields: PRODUCT_AUDIT_FIELDS,
      at: now,
    });
    return row!;
  });
}

export async function updateProduct(
  ctx: ServiceContext,
  id: string,
  version: number,
  input: Partial<ProductInput>,
) {
  return ctx.db.transaction(async (tx) => {
    const current = await findProduct(tx, ctx.actor.orgId, id, { lock: true });
    checkVersion('product', current, version);
    assertCan(ctx.actor, 'catalog.write');
    const patch: Partial<typeof products.$inferInsert> = {};
    if (input.productLineId !== undefined && input.productLineId !== current.productLineId) {
      await assertLineUsable(tx, ctx.actor.orgId, input.productLineId);
      patch.productLineId = input.productLineId;
    }
    if (input.name !== undefined) {
      patch.name = input.name.trim();
    }
    if (input.sku !== undefined) {
      patch.sku = blankToNull(input.sku);
      if (patch.sku && patch.sku !== current.sku) {
        await tx.execute(lockSkus(ctx.actor.orgId));
        await assertSkuFree(tx, ctx.actor.orgId, patch.sku, id);
      }
    }
    if (input.listPrice !== undefined) {
      patch.listPrice = input.listPrice;
    }
    if (input.unit !== undefined) {
      patch.unit = blankToNull(input.unit);
    }
    if (input.active !== undefined) {
      patch.active = input.active;
    }
    const now = ctx.now();
    const row = await saveVersioned(tx, ctx, products, current, patch, now, {
      entity: 'product',
      fields: PRODUCT_AUDIT_FIELDS,
    });
    return row!;
  });
}

/** Deletes an unused product; one that deal line items refer to is deactivated instead. */
export async function deleteProduct(ctx: ServiceContext, id: string, version: number) {
  return ctx.db.transaction(async (tx) => {
    const current = await findProduct(tx, ctx.actor.orgId, id, { lock: true });
    checkVersion('product', current, version);
    assertCan(ctx.actor, 'catalog.write');
    const [used] = await tx
      .select({ id: dealLineItems.id })
      .from(dealLineItems)
      .where(and(eq(dealLineItems.orgId, ctx.actor.orgId), eq(dealLineItems.productId, id)))
      .limit(1);
    const now = ctx.now();
    if (used) {
      const row = await saveVersioned(tx, ctx, products, current, { active: false }, now, {
        entity: 'product',
        fields: PRODUCT_AUDIT_FIELDS,
      });
      return { outcome: 'deactivated' as const, product: row };
    }
    await tx.delete(products).where(and(eq(products.orgId, ctx.actor.orgId), eq(products.id, id)));
    await auditChange(tx, ctx, {
      entity: 'product',
      entityId: id,
      before: current,
      after: null,
      fields: PRODUCT_AUDIT_FIELDS,
      at: now,
    });
    return { outcome: 'deleted' as const, product: null };
  });
}
