import { z } from 'zod';
import type { notifications } from '../../db/schema/index.ts';
import { RELATED_TYPES, type RelatedType } from '../../services/deals/record-refs.ts';
import type { Task } from '../../services/tasks/task-fields.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const taskSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    notes: z.string().nullable(),
    assigneeId: z.string(),
    unitId: z.string(),
    dueAt: z.string(),
    priority: z.string(),
    status: z.string(),
    milestone: z.boolean(),
    remindAt: z.string().nullable(),
    remindedAt: z.string().nullable(),
    relatedType: z.enum(RELATED_TYPES).nullable(),
    relatedId: z.string().nullable(),
    completedAt: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Task' });

export function presentTask(t: Task): z.infer<typeof taskSchema> {
  return {
    id: t.id,
    title: t.title,
    notes: t.notes,
    assigneeId: t.ownerId,
    unitId: t.unitId,
    dueAt: t.dueAt.toISOString(),
    priority: t.priority,
    status: t.status,
    milestone: t.milestone,
    remindAt: iso(t.remindAt),
    remindedAt: iso(t.remindedAt),
    // Written only through checkRelated, so the column holds one of RELATED_TYPES.
    relatedType: t.relatedType as RelatedType | null,
    relatedId: t.relatedId,
    completedAt: iso(t.completedAt),
    version: t.version,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

export const notificationSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string().nullable(),
    link: z.string().nullable(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .meta({ id: 'Notification' });

export function presentNotification(
  n: typeof notifications.$inferSelect,
): z.infer<typeof notificationSchema> {
  return {
    id: n.id,
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    readAt: iso(n.readAt),
  };
}
