import { z } from 'zod';
import type { productLines, products } from '../../db/schema/index.ts';

export const productLineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    code: z.string().nullable(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ProductLine' });

export function presentProductLine(l: typeof productLines.$inferSelect): z.infer<typeof productLineSchema> {
  return {
    id: l.id,
    name: l.name,
    code: l.code,
    active: l.active,
    version: l.version,
    createdAt: l.createdAt.toISOString(),
    updatedAt: l.updatedAt.toISOString(),
  };
}

export const productSchema = z
  .object({
    id: z.string(),
    productLineId: z.string(),
    name: z.string(),
    sku: z.string().nullable(),
    /** Minor units of the org currency. */
    listPrice: z.number().int(),
    unit: z.string().nullable(),
    active: z.boolean(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Product' });

export function presentProduct(p: typeof products.$inferSelect): z.infer<typeof productSchema> {
  return {
    id: p.id,
    productLineId: p.productLineId,
    name: p.name,
    sku: p.sku,
    listPrice: p.listPrice,
    unit: p.unit,
    active: p.active,
    version: p.version,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
