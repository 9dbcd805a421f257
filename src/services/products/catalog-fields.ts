import { and, eq, ne, sql } from 'drizzle-orm';
import { Conflict, Invalid } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { productLines, products } from '../../db/schema/index.ts';

export const PRODUCT_LINE_AUDIT_FIELDS = ['name', 'code', 'active'] as const;
export const PRODUCT_AUDIT_FIELDS = ['productLineId', 'name', 'sku', 'listPrice', 'unit', 'active'] as const;

/** A product line of the org, optionally locked; undefined when absent (the catalog is org-wide). */
export async function findProductLine(db: Queryable, orgId: string, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(productLines)
    .where(and(eq(productLines.orgId, orgId), eq(productLines.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function findProduct(db: Queryable, orgId: string, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(products)
    .where(and(eq(products.orgId, orgId), eq(products.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

export async function assertLineNameFree(db: Queryable, orgId: string, name: string, exceptId?: string) {
  const [dup] = await db
    .select({ id: productLines.id })
    .from(productLines)
    .where(
      and(
        eq(productLines.orgId, orgId),
        eq(productLines.name, name),
        exceptId ? ne(productLines.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) {
    throw new Conflict('A product line with this name already exists.', [
      { path: 'name', message: 'already used by another product line' },
    ]);
  }
}

export async function assertSkuFree(db: Queryable, orgId: string, sku: string, exceptId?: string) {
  const [dup] = await db
    .select({ id: products.id, name: products.name })
    .from(products)
    .where(
      // SKUs are codes: "QA-SKU-1" and "qa-sku-1" are the same one.
      and(
        eq(products.orgId, orgId),
        sql`lower(${products.sku}) = lower(${sku})`,
        exceptId ? ne(products.id, exceptId) : undefined,
      ),
    )
    .limit(1);
  if (dup) {
    throw new Conflict(
      'A product with this SKU already exists.',
      [{ path: 'sku', message: 'already used by another product' }],
      [dup],
    );
  }
}

/** The product line a product belongs to must exist in the org (and be active for new products). */
export async function assertLineUsable(db: Queryable, orgId: string, productLineId: string) {
  const line = await findProductLine(db, orgId, productLineId);
  if (!line) {
    throw new Invalid('No such product line.', [{ path: 'productLineId', message: 'no such product line' }]);
  }
  if (!line.active) {
    throw new Invalid('The product line is inactive.', [
      { path: 'productLineId', message: 'product line is inactive' },
    ]);
  }
}

/** Empty text → null. */
export function blankToNull(v: string | null | undefined): string | null | undefined {
  if (v === undefined || v === null) {
    return v;
  }
  const t = v.trim();
  return t === '' ? null : t;
}
