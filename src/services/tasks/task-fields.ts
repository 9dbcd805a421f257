import { and, eq } from 'drizzle-orm';
import { Invalid, NotFound } from '../../core/errors.ts';
import type { Queryable } from '../../db/client.ts';
import { tasks } from '../../db/schema/index.ts';
import { type Actor, ownedRecordScope } from '../../policies/scope.ts';
import { type RelatedType, visibleRecord } from '../deals/record-refs.ts';

export type Task = typeof tasks.$inferSelect;
export const TASK_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

export const TASK_AUDIT_FIELDS = [
  'title',
  'notes',
  'ownerId',
  'unitId',
  'dueAt',
  'priority',
  'status',
  'milestone',
  'remindAt',
  'relatedType',
  'relatedId',
  'completedAt',
] as const satisfies readonly (keyof Task)[];

/** The assignee owns the task: scope follows the assignee and their unit. */
export function taskScope(actor: Actor) {
  return ownedRecordScope(actor, tasks);
}

export async function findTask(db: Queryable, actor: Actor, id: string, { lock = false } = {}) {
  const q = db
    .select()
    .from(tasks)
    .where(and(taskScope(actor), eq(tasks.id, id)))
    .limit(1);
  const [row] = lock ? await q.for('update') : await q;
  if (!row) {
    throw new NotFound('No such task.');
  }
  return row;
}

/** Type and id of the related record come together, and the record must be visible. */
export async function checkRelated(
  db: Queryable,
  actor: Actor,
  relatedType: RelatedType | null | undefined,
  relatedId: string | null | undefined,
) {
  if (!relatedType && !relatedId) {
    return;
  }
  if (!relatedType || !relatedId) {
    throw new Invalid('Give both the related type and id, or neither.', [
      { path: relatedType ? 'relatedId' : 'relatedType', message: 'required with the other related field' },
    ]);
  }
  await visibleRecord(db, actor, relatedType, relatedId, 'relatedId');
}
