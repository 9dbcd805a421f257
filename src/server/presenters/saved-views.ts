import { z } from 'zod';
import type { savedViews } from '../../db/schema/index.ts';
import { VIEW_ENTITIES } from '../../services/saved-views/manage-saved-views.ts';

export const entity = z.enum(VIEW_ENTITIES);
export const config = z.strictObject({
  filters: z.record(
    z.string().max(60),
    z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.array(z.string().max(200)).max(50)]),
  ),
  sort: z.string().max(60).optional(),
  columns: z.array(z.string().max(60)).max(60).optional(),
});
export const savedViewSchema = z
  .object({
    id: z.string(),
    entity,
    name: z.string(),
    config,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedView' });

export function presentSavedView(v: typeof savedViews.$inferSelect): z.infer<typeof savedViewSchema> {
  return {
    id: v.id,
    entity: v.entity as z.infer<typeof entity>,
    name: v.name,
    config: v.config as z.infer<typeof config>,
    version: v.version,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}
